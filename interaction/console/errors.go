package console

import "errors"

// Reasons a console request or message is refused. Errors returned by this
// package wrap one of these, so callers can tell them apart with errors.Is.
var (
	// ErrNoConn: the Config has no NATS connection to publish cues on.
	ErrNoConn = errors.New("console needs a nats connection")
	// ErrNoToken: the Config has no operator token; without one nobody may steer a show.
	ErrNoToken = errors.New("console needs an operator token (set ZHUBO_CONSOLE_TOKEN)")
	// ErrSameTokens: the operator and moderator tokens are equal, so roles cannot be told apart.
	ErrSameTokens = errors.New("operator and moderator tokens must differ")
	// ErrBadMessage: a client message is not one JSON object of a known type.
	ErrBadMessage = errors.New("malformed console message")
	// ErrUnknownCue: a cue names a type the Cue schema does not have.
	ErrUnknownCue = errors.New("unknown cue type")
	// ErrMissingArg: a cue lacks an argument its type needs.
	ErrMissingArg = errors.New("missing cue argument")
	// ErrBadArg: a cue argument or id is present but malformed.
	ErrBadArg = errors.New("malformed cue argument")
	// ErrOperatorOnly: a moderator sent a cue only an operator may send.
	ErrOperatorOnly = errors.New("operator-only cue")
	// ErrTooManyPending: a console has too many cues still waiting for an Ack.
	ErrTooManyPending = errors.New("too many cues awaiting an answer")
	// ErrNotDelivered: the cue could not be handed to the message bus.
	ErrNotDelivered = errors.New("cue not delivered")
)

// refusal is an error whose text is a sentence for the person at the console,
// while errors.Is still finds the sentinel it stands for.
type refusal struct {
	msg string
	err error
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.err }

// refuse builds a refusal that reads msg and wraps sentinel.
func refuse(sentinel error, msg string) error {
	return &refusal{msg: msg, err: sentinel}
}
