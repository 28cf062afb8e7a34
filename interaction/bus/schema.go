// Package bus carries a room's messages between zhubo's components over NATS:
// the wire schemas of DESIGN.md, their subjects, validation, and the embedded
// nats-server a single-process deployment runs on.
package bus

import (
	"encoding/json"
	"time"
)

// SchemaVersion is the value of the "v" field this build writes and accepts.
const SchemaVersion = 1

// MaxEventBytes is the largest encoded Event the interaction layer accepts.
const MaxEventBytes = 4 << 10

// EventType names what a viewer did.
type EventType string

// The event types of the Event schema.
const (
	EventComment  EventType = "comment"
	EventLike     EventType = "like"
	EventFollow   EventType = "follow"
	EventGift     EventType = "gift"
	EventPurchase EventType = "purchase"
	EventEnter    EventType = "enter"
	EventShare    EventType = "share"
	EventViewers  EventType = "viewers"
)

// Known reports whether t is one of the schema's event types.
func (t EventType) Known() bool {
	switch t {
	case EventComment, EventLike, EventFollow, EventGift, EventPurchase,
		EventEnter, EventShare, EventViewers:
		return true
	}
	return false
}

// User is the viewer behind an Event.
type User struct {
	ID       string `json:"id"`
	Name     string `json:"name,omitempty"`
	FanLevel int    `json:"fan_level,omitempty"`
}

// Event is one thing a viewer did in a room: a comment, a like, a gift, an arrival.
type Event struct {
	V        int       `json:"v"`
	ID       string    `json:"id"`
	Type     EventType `json:"type"`
	Room     string    `json:"room"`
	TS       time.Time `json:"ts"`
	User     User      `json:"user"`
	Text     string    `json:"text,omitempty"`
	Count    int       `json:"count,omitempty"`
	Platform string    `json:"platform,omitempty"`
}

// CueType names a moderator's or operator's instruction to the host.
type CueType string

// The cue types of the Cue schema.
const (
	CueSay           CueType = "say"
	CueSwitchProduct CueType = "switch_product"
	CueWelfare       CueType = "welfare"
	CuePause         CueType = "pause"
	CueResume        CueType = "resume"
	CueSkip          CueType = "skip"
	CueBanUser       CueType = "ban_user"
	CueBlockWord     CueType = "block_word"
	CuePersona       CueType = "persona"
)

// Known reports whether t is one of the schema's cue types.
func (t CueType) Known() bool {
	switch t {
	case CueSay, CueSwitchProduct, CueWelfare, CuePause, CueResume, CueSkip,
		CueBanUser, CueBlockWord, CuePersona:
		return true
	}
	return false
}

// OperatorOnly reports whether only an operator, not a moderator, may send t.
func (t CueType) OperatorOnly() bool {
	switch t {
	case CueSwitchProduct, CuePersona, CuePause, CueResume:
		return true
	}
	return false
}

// Cue is an instruction from the console or the CLI that steers the show.
type Cue struct {
	V    int               `json:"v"`
	ID   string            `json:"id"`
	Type CueType           `json:"type"`
	Room string            `json:"room"`
	By   string            `json:"by,omitempty"`
	Args map[string]string `json:"args,omitempty"`
}

// Ack answers a Cue: whether the component that handled it accepted it, and why not.
type Ack struct {
	V     int    `json:"v"`
	Cue   string `json:"cue"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	By    string `json:"by,omitempty"`
}

// Intent is the interaction layer's reading of one accepted comment.
type Intent struct {
	V          int     `json:"v"`
	Event      string  `json:"event"`
	Room       string  `json:"room"`
	Intent     string  `json:"intent"`
	Confidence float64 `json:"confidence"`
	Burst      string  `json:"burst,omitempty"`
	// Comment, user and product context ride along so that consumers in other
	// processes need not join Intents with Events.
	Text     string   `json:"text,omitempty"`
	User     User     `json:"user"`
	Count    int      `json:"count,omitempty"`
	Users    []User   `json:"users,omitempty"`
	EventIDs []string `json:"events,omitempty"`
}

// Intent names of the Intent schema.
const (
	IntentPurchase    = "purchase"
	IntentPrice       = "question.price"
	IntentSuitability = "question.suitability"
	IntentUsage       = "question.usage"
	IntentIngredients = "question.ingredients"
	IntentEfficacy    = "question.efficacy"
	IntentShipping    = "question.shipping"
	IntentSpec        = "question.spec"
	IntentStock       = "question.stock"
	IntentComplaint   = "complaint"
	IntentGreeting    = "greeting"
	IntentPraise      = "praise"
	IntentSpam        = "spam"
	IntentOther       = "other"
)

// Scene and source values of the Utterance schema.
const (
	SceneOpening     = "opening"
	SceneRetention   = "retention"
	SceneInteraction = "interaction"
	SceneProduct     = "product"
	SceneReply       = "reply"
	SceneCue         = "cue"
	SceneClosing     = "closing"

	SourceScript = "script"
	SourceReply  = "reply"
	SourceCue    = "cue"

	ByTemplate = "template"
	ByLLM      = "llm"
)

// Utterance is one line the host is about to speak, published before it is spoken.
type Utterance struct {
	V              int       `json:"v"`
	ID             string    `json:"id"`
	Room           string    `json:"room"`
	Seq            int64     `json:"seq"`
	Text           string    `json:"text"`
	Lang           string    `json:"lang"`
	Scene          string    `json:"scene"`
	Theme          string    `json:"theme,omitempty"`
	Product        string    `json:"product,omitempty"`
	Source         string    `json:"source"`
	ReplyTo        []string  `json:"reply_to,omitempty"`
	PersonalizedBy string    `json:"personalized_by"`
	StartedAt      time.Time `json:"started_at"`
	DurationMS     int       `json:"duration_ms"`
	// Price and ProductName let the renderer draw the product card without the show file.
	ProductName string `json:"product_name,omitempty"`
	Price       string `json:"price,omitempty"`
	// Streaming marks a line whose Text is only its first clause: the rest
	// follows as Clauses on ClausesSubject, the last one Final.
	Streaming bool `json:"streaming,omitempty"`
}

// Playout reports what a room's avatar is doing with an Utterance, so the
// script can keep exactly enough lines queued ahead of the voice.
type Playout struct {
	V         int    `json:"v"`
	Room      string `json:"room"`
	Utterance string `json:"utterance"`
	// State is "started", "finished" or "skipped".
	State  string `json:"state"`
	Queued int    `json:"queued"`
	// DurationMS is the measured length of the synthesized speech.
	DurationMS int `json:"duration_ms,omitempty"`
}

// Playout states.
const (
	PlayoutStarted  = "started"
	PlayoutFinished = "finished"
	PlayoutSkipped  = "skipped"
)

// Encode marshals a message for the wire.
func Encode(v any) ([]byte, error) {
	return json.Marshal(v)
}
