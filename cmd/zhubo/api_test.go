package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// operatorDo sends an operator API request with the given token.
func operatorDo(t *testing.T, srv *Server, method, path, token, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+srv.Addr()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// TestOperatorAddsAndRemovesRooms starts and stops a second room while the
// server runs, and checks the API's answers to bad requests.
func TestOperatorAddsAndRemovesRooms(t *testing.T) {
	srv := startServer(t)
	op := srv.cfg.Console.Token
	tests := []struct {
		name, method, path, token, body string
		want                            int
	}{
		{"no token", "GET", "/api/rooms", "", "", http.StatusUnauthorized},
		{"moderator token", "GET", "/api/rooms", srv.cfg.Console.ModeratorToken, "", 401},
		{"bad name", "POST", "/api/rooms", op, `{"name":"A B","show":"demo"}`, 400},
		{"bad show", "POST", "/api/rooms", op, `{"name":"b","show":"nope"}`, 400},
		{"not json", "POST", "/api/rooms", op, `{`, 400},
		{"exists", "POST", "/api/rooms", op, `{"name":"demo","show":"demo"}`, 409},
		{"too big", "POST", "/api/rooms", op, `{"name":"` + strings.Repeat("x", 5000) + `"}`, 413},
		{"delete unknown", "DELETE", "/api/rooms/nope", op, "", 404},
		{"add", "POST", "/api/rooms", op, `{"name":"second","show":"demo","seed":2}`, 201},
		{"add again", "POST", "/api/rooms", op, `{"name":"second","show":"demo"}`, 409},
	}
	for _, tt := range tests {
		if got, body := operatorDo(t, srv, tt.method, tt.path, tt.token, tt.body); got != tt.want {
			t.Errorf("%s: %d %s, want %d", tt.name, got, body, tt.want)
		}
	}
	if !running(srv, "second") {
		t.Fatal("room second not running after 201")
	}
	utts := watchUtterances(t, srv.NATSURL(), "second")
	if !waitUntil(10*time.Second, func() bool { return len(utts.all()) > 0 }) {
		t.Error("room second published no line")
	}
	code, body := operatorDo(t, srv, "GET", "/api/rooms", op, "")
	var rooms []roomInfo
	if code != 200 || json.Unmarshal(body, &rooms) != nil || len(rooms) != 2 ||
		rooms[1].Name != "second" || rooms[1].Status != statusRunning {
		t.Fatalf("GET /api/rooms: %d %s, want demo and second running", code, body)
	}
	if code, body := operatorDo(t, srv, "DELETE", "/api/rooms/second", op, ""); code != 204 {
		t.Fatalf("DELETE: %d %s, want 204", code, body)
	}
	if running(srv, "second") || srv.hasRoom("second") {
		t.Error("room second still here after DELETE")
	}
	if _, ok := srv.relay.Room("second"); ok {
		t.Error("relay still serves room second after DELETE")
	}
	resp, err := http.Get("http://" + srv.Addr() + "/rooms/second")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("viewer page of a removed room: %d, want 404", resp.StatusCode)
	}
}

// TestEveryPostCapsItsBody sends an oversized body to every POST endpoint.
func TestEveryPostCapsItsBody(t *testing.T) {
	srv := startServer(t)
	big := bytes.Repeat([]byte("x"), 1<<20)
	for _, p := range []struct{ path, ctype string }{
		{"/whep/demo", "application/sdp"},
		{"/api/rooms/demo/events", "application/json"},
		{"/api/rooms", "application/json"},
	} {
		req, _ := http.NewRequest("POST", "http://"+srv.Addr()+p.path, bytes.NewReader(big))
		req.Header.Set("Content-Type", p.ctype)
		req.Header.Set("Authorization", "Bearer "+srv.cfg.Console.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("POST %s with 1 MiB: %d, want 413", p.path, resp.StatusCode)
		}
	}
}

// TestHTTPEventsAreRateLimitedPerUser posts a flood of one viewer's comments
// through HTTP ingest: the room's ingest lets a burst through and drops the rest.
func TestHTTPEventsAreRateLimitedPerUser(t *testing.T) {
	srv := startServer(t)
	var events []string
	for i := range 40 {
		events = append(events, `{"type":"comment","user":{"id":"flood","name":"刷屏"},`+
			`"text":"第`+strings.Repeat("一", i%5+1)+`条"}`)
	}
	resp, err := http.Post("http://"+srv.Addr()+"/api/rooms/demo/events", "application/json",
		strings.NewReader("["+strings.Join(events, ",")+"]"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST events: %d, want 202", resp.StatusCode)
	}
	if !waitUntil(5*time.Second, func() bool {
		st := srv.ingestStats()
		return st.Accepted["comment"]+st.Rejected["rate_limited"] == 40
	}) {
		t.Fatalf("ingest saw %v accepted, %v rejected, want 40 events", srv.ingestStats().Accepted,
			srv.ingestStats().Rejected)
	}
	st := srv.ingestStats()
	t.Logf("one viewer's 40 comments at once: %d accepted, %d rate limited",
		st.Accepted["comment"], st.Rejected["rate_limited"])
	if st.Rejected["rate_limited"] == 0 || st.Accepted["comment"] == 0 {
		t.Errorf("accepted %d, rate limited %d: want both", st.Accepted["comment"],
			st.Rejected["rate_limited"])
	}
}
