package bus

import "time"

// StatusSubject is where a room's RoomStatus is published, once a second.
func StatusSubject(room string) string { return subjectPrefix + room + ".status" }

// RoomStatus is a room's state at a glance, for consoles: what is on air,
// what the script plans next, who waits for an answer, and how the room is doing.
type RoomStatus struct {
	V    int       `json:"v"`
	Room string    `json:"room"`
	At   time.Time `json:"at"`
	// Owner is the process running the room.
	Owner string `json:"owner,omitempty"`
	// OnAir is the id of the Utterance being spoken; empty when silent.
	OnAir  string `json:"on_air,omitempty"`
	Paused bool   `json:"paused"`
	// Product is the product card on screen.
	Product     string `json:"product,omitempty"`
	ProductName string `json:"product_name,omitempty"`
	// Next lists the lines the script plans to say next, soonest first.
	Next []PlannedLine `json:"next"`
	// Replies lists what waits in the reply queue, most valuable first.
	Replies []QueuedReply `json:"replies"`
	Stats   RoomStats     `json:"stats"`
}

// PlannedLine is one line the script plans to say.
type PlannedLine struct {
	Scene   string `json:"scene"`
	Theme   string `json:"theme,omitempty"`
	Product string `json:"product,omitempty"`
	Text    string `json:"text"`
}

// QueuedReply is one burst of comments waiting for an answer.
type QueuedReply struct {
	Intent string `json:"intent"`
	Viewer string `json:"viewer"`
	Text   string `json:"text"`
	Count  int    `json:"count"`
}

// RoomStats are the room's live numbers.
type RoomStats struct {
	Viewers        int     `json:"viewers"`
	ChatPerMin     float64 `json:"chat_per_min"`
	LikesPerMin    float64 `json:"likes_per_min"`
	FPS            float64 `json:"fps"`
	DeadAirSeconds float64 `json:"dead_air_seconds"`
	Utterances     uint64  `json:"utterances"`
	Replies        uint64  `json:"replies"`
}
