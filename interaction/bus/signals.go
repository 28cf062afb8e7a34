package bus

import "time"

// SignalsSubject is where interaction publishes room's RoomSignals.
func SignalsSubject(room string) string { return subjectPrefix + room + ".signals" }

// Kinds of RoomSignal.
const (
	// SignalViewersDropping: viewers fell over the last minute; Count is by how
	// many, 0 when they stopped falling.
	SignalViewersDropping = "viewers_dropping"
	// SignalQuiet: no comment for a while; Count is the seconds of silence, 0 when
	// the chat resumed.
	SignalQuiet = "quiet"
	// SignalPurchaseWave: many purchase comments; Count is purchase intents in the
	// last minute, 0 when the wave ebbed.
	SignalPurchaseWave = "purchase_wave"
	// SignalQuestionBurst: many viewers asked one question; Count is how many so
	// far and Intent the question's intent. It is sent once per burst.
	SignalQuestionBurst = "question_burst"
	// SignalViewers: the room's current viewers count, for lines that need a
	// minimum audience.
	SignalViewers = "viewers"
)

// RoomSignal tells the script about a change in a room's mood: a level crossing a
// threshold, its end (Count 0), or a new level. A kind that holds is repeated now
// and then so that a late subscriber learns it.
type RoomSignal struct {
	V     int       `json:"v"`
	Room  string    `json:"room"`
	Kind  string    `json:"kind"`
	Count int       `json:"count"`
	At    time.Time `json:"at"`
	// Intent names the question of a question_burst.
	Intent string `json:"intent,omitempty"`
}
