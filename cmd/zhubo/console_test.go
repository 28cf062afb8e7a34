package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/console"
)

// TestConsoleCueReachesTheHost sends cues through the console websocket of a
// whole server and reads their Acks and the host's line back from the feed.
func TestConsoleCueReachesTheHost(t *testing.T) {
	srv := startServer(t)
	url := "ws://" + srv.Addr() + "/ws/console/demo"

	if _, resp, err := websocket.DefaultDialer.Dial(url, nil); err == nil ||
		resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("console without a token: %v, want 401", resp)
	}
	hdr := http.Header{"Authorization": {"Bearer " + srv.cfg.Console.Token}}
	ws, _, err := websocket.DefaultDialer.Dial(url, hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()

	send := func(id string, typ bus.CueType, args map[string]string) {
		msg := console.ClientMessage{Type: console.MessageCue,
			Cue: &console.ClientCue{ID: id, Type: typ, Args: args}}
		if err := ws.WriteJSON(msg); err != nil {
			t.Fatal(err)
		}
	}
	send("c-say", bus.CueSay, map[string]string{"text": "欢迎新来的宝宝"})
	send("c-bad", bus.CueSwitchProduct, map[string]string{"product": "nope"})

	acks := map[string]bus.Ack{}
	var said bool
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for len(acks) < 2 || !said {
		var m console.ServerMessage
		if err := ws.ReadJSON(&m); err != nil {
			t.Fatalf("read feed: %v (acks %v, said %v)", err, acks, said)
		}
		switch m.Type {
		case console.MessageAck:
			var a bus.Ack
			_ = json.Unmarshal(m.Data, &a)
			acks[a.Cue] = a
		case console.MessageUtterance:
			var u bus.Utterance
			_ = json.Unmarshal(m.Data, &u)
			said = said || (u.Source == bus.SourceCue && u.Text == "欢迎新来的宝宝")
		}
	}
	if !acks["c-say"].OK {
		t.Errorf("say cue: %+v, want ok", acks["c-say"])
	}
	if a := acks["c-bad"]; a.OK || a.Error != `unknown product "nope"` {
		t.Errorf("switch_product to an unknown product: %+v, want refused by name", a)
	}
}
