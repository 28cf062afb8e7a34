package relay_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/zhubo-live/zhubo/stream/relay"
)

func TestRelayRooms(t *testing.T) {
	checkLeaks(t)
	api := loopbackAPI(t)
	rl := relay.New()
	a, err := relay.NewRoom("a", relay.Config{API: api})
	if err != nil {
		t.Fatal(err)
	}
	b, err := relay.NewRoom("b", relay.Config{API: api})
	if err != nil {
		t.Fatal(err)
	}
	rl.Add(a)
	rl.Add(b)

	if got, ok := rl.Room("a"); !ok || got != a {
		t.Errorf("Room(a) = %v, %v; want room a", got, ok)
	}
	if _, ok := rl.Room("nope"); ok {
		t.Error("Room(nope) found a room")
	}
	names := rl.Rooms()
	slices.Sort(names)
	if want := []string{"a", "b"}; !slices.Equal(names, want) {
		t.Errorf("Rooms() = %v, want %v", names, want)
	}

	a2, err := relay.NewRoom("a", relay.Config{API: api})
	if err != nil {
		t.Fatal(err)
	}
	rl.Add(a2)
	if err := a.WriteAudio(silence()); !errors.Is(err, relay.ErrRoomClosed) {
		t.Errorf("replaced room still open: WriteAudio = %v", err)
	}

	if !rl.Remove("b") || rl.Remove("b") {
		t.Error("Remove(b) twice: want true then false")
	}
	if err := b.WriteAudio(silence()); !errors.Is(err, relay.ErrRoomClosed) {
		t.Errorf("removed room still open: WriteAudio = %v", err)
	}

	if err := rl.Close(); err != nil {
		t.Fatal(err)
	}
	if err := rl.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := a2.WriteAudio(silence()); !errors.Is(err, relay.ErrRoomClosed) {
		t.Errorf("room open after relay Close: WriteAudio = %v", err)
	}
	if _, err := relay.NewRoom("", relay.Config{API: api}); !errors.Is(err, relay.ErrNoRoomName) {
		t.Errorf("NewRoom(\"\") = %v, want ErrNoRoomName", err)
	}
}
