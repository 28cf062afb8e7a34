package console

import (
	"fmt"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Answers the console gives for cues the room never saw or never answered.
const (
	msgNoAnswer     = "no room component answered: is the room running?"
	msgDisconnected = "cue not delivered: the server has lost its message bus; send it again " +
		"when the room is back"
	msgClosed = "the console closed before the room answered"
)

// pendingCue is a published cue waiting for its Ack.
type pendingCue struct {
	cue   bus.Cue
	at    time.Time // when the console server received it
	timer *time.Timer
}

// handle acts on one message from the console.
func (s *session) handle(data []byte) {
	m, err := DecodeClientMessage(data)
	if err != nil {
		s.answer("", fmt.Sprintf("could not read the message: %v", err))
		return
	}
	at := time.Now()
	cue, err := buildCue(*m.Cue, s.role, s.room, s.id)
	if err != nil {
		s.log.Info("cue refused", "cue", cue.ID, "type", clip(string(cue.Type)), "err", err)
		s.answer(cue.ID, err.Error())
		s.audit(cue, at, false, err.Error())
		return
	}
	if err := s.publish(cue, at); err != nil {
		s.log.Warn("cue not published", "cue", cue.ID, "type", cue.Type, "err", err)
		s.answer(cue.ID, err.Error())
		s.audit(cue, at, false, err.Error())
	}
}

// publish sends cue, received at at, to the room and starts waiting for its Ack.
func (s *session) publish(cue bus.Cue, at time.Time) error {
	if !s.nc.IsConnected() {
		return refuse(ErrNotDelivered, msgDisconnected)
	}
	if err := s.await(cue, at); err != nil {
		return err
	}
	if err := bus.Publish(s.nc, bus.CuesSubject(s.room), cue); err != nil {
		s.resolve(cue.ID)
		return &refusal{msg: msgDisconnected, err: fmt.Errorf("%w: %w", ErrNotDelivered, err)}
	}
	s.log.Info("cue sent", "cue", cue.ID, "type", cue.Type)
	return nil
}

// await starts the Ack timeout of cue.
func (s *session) await(cue bus.Cue, at time.Time) error {
	id := cue.ID
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
		return refuse(ErrNotDelivered, "cue not delivered: the console is closing")
	default:
	}
	if _, dup := s.pending[id]; dup {
		return refuse(ErrBadArg, fmt.Sprintf("cue %s is already awaiting an answer", id))
	}
	if len(s.pending) >= maxPending {
		return refuse(ErrTooManyPending, fmt.Sprintf(
			"%d cues are still awaiting an answer; wait for them", len(s.pending)))
	}
	p := &pendingCue{cue: cue, at: at}
	// The timer cannot fire into resolve before it is set: resolve takes s.mu.
	p.timer = time.AfterFunc(s.h.cfg.AckTimeout, func() {
		if _, ok := s.resolve(id); ok {
			s.log.Warn("cue unanswered", "cue", id, "after", s.h.cfg.AckTimeout)
			s.answer(id, msgNoAnswer)
			s.audit(cue, at, false, msgNoAnswer)
		}
	})
	s.pending[id] = p
	return nil
}

// resolve stops waiting for the Ack of cue id and returns the cue if it was
// waited for.
func (s *session) resolve(id string) (*pendingCue, bool) {
	if id == "" {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pending[id]
	if ok {
		p.timer.Stop()
		delete(s.pending, id)
	}
	return p, ok
}

// answer sends the console a negative Ack for cue id.
func (s *session) answer(id, reason string) {
	msg, err := encodeMessage(MessageAck, bus.Ack{V: bus.SchemaVersion, Cue: id, Error: reason})
	if err == nil {
		s.sendCtrl(msg)
	}
}
