package bench_test

import (
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/stream/bench"
)

// TestSessionLeavesAndVanishes opens two sessions and ends one with DELETE and
// the other without a word: both report what they received, and the DELETE
// frees its seat.
func TestSessionLeavesAndVanishes(t *testing.T) {
	srv, room := demoServer(t)

	c, err := bench.NewClient("")
	if err != nil {
		t.Fatal(err)
	}
	var sessions []*bench.Session
	for range 2 {
		s, err := c.Join(t.Context(), srv.URL+"/whep/demo")
		if err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, s)
	}
	for _, s := range sessions {
		waitFor(t, 10*time.Second, "the first keyframe", s.Playing)
	}
	polite, gone := sessions[0].Leave(), sessions[1].Vanish()
	for i, st := range []bench.SessionStats{polite, gone} {
		if !st.Connected || st.VideoFrames == 0 || st.Packets == 0 {
			t.Errorf("session %d: %+v, want connected with video", i, st)
		}
	}
	if !sessions[0].Ended() || sessions[1].Connected() {
		t.Error("sessions still connected after leaving")
	}
	waitFor(t, 5*time.Second, "the DELETE to end a session", func() bool {
		return room.Viewers() <= 1
	})
}
