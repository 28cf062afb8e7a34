package console

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func TestFeedRelaysRoomStatus(t *testing.T) {
	r := newRig(t, nil)
	ws, _ := r.dial(t, "demo", modToken)

	publish(t, r, bus.StatusSubject("other"), bus.RoomStatus{V: 1, Room: "other"})
	want := bus.RoomStatus{V: 1, Room: "demo", At: time.Now().UTC(), OnAir: "u-7",
		Product: "night-serum", Next: []bus.PlannedLine{{Scene: "product", Text: "下一句"}},
		Replies: []bus.QueuedReply{{Intent: "question.price", Viewer: "小美", Count: 3}},
		Stats:   bus.RoomStats{Viewers: 120, ChatPerMin: 42}}
	publish(t, r, bus.StatusSubject("demo"), want)

	m := readMessage(t, ws, MessageStatus)
	var got bus.RoomStatus
	if err := json.Unmarshal(m.Data, &got); err != nil {
		t.Fatalf("status: %v", err)
	}
	if got.Room != "demo" || got.OnAir != want.OnAir || len(got.Next) != 1 ||
		len(got.Replies) != 1 || got.Replies[0].Count != 3 || got.Stats.Viewers != 120 {
		t.Fatalf("status = %+v, want %+v", got, want)
	}
}
