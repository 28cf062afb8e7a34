package console

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestNewHandlerRefusesBadConfig(t *testing.T) {
	nc := connectNATS(t, startNATS(t))
	tests := []struct {
		name string
		cfg  Config
		want error
	}{
		{"no conn", Config{OperatorToken: "a"}, ErrNoConn},
		{"no token", Config{Conn: nc}, ErrNoToken},
		{"same tokens", Config{Conn: nc, OperatorToken: "a", ModeratorToken: "a"}, ErrSameTokens},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewHandler(tt.cfg); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// refusedDial dials and expects the handshake to be refused with status.
func refusedDial(t *testing.T, url string, hdr http.Header, status int) {
	t.Helper()
	ws, resp, err := websocket.DefaultDialer.Dial(url, hdr)
	if err == nil {
		_ = ws.Close()
		t.Fatalf("dial succeeded, want status %d", status)
	}
	if resp == nil {
		t.Fatalf("dial: %v, no response", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != status {
		t.Fatalf("status = %d, want %d", resp.StatusCode, status)
	}
	body, _ := io.ReadAll(resp.Body)
	var e struct{ Error string }
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		t.Fatalf("body %q is not a JSON error: %v", body, err)
	}
	for _, tok := range []string{opToken, modToken} {
		if strings.Contains(string(body), tok) {
			t.Fatalf("error body echoes a token: %s", body)
		}
	}
}

func TestAdmission(t *testing.T) {
	r := newRig(t, nil)
	bearer := func(tok string) http.Header {
		return http.Header{"Authorization": {"Bearer " + tok}}
	}
	origin := func(o string) http.Header { return http.Header{"Origin": {o}} }
	tests := []struct {
		name   string
		url    string
		hdr    http.Header
		status int
	}{
		{"no token", r.wsURL("demo", ""), nil, http.StatusUnauthorized},
		{"wrong query token", r.wsURL("demo", "nope"), nil, http.StatusUnauthorized},
		{"wrong bearer", r.wsURL("demo", ""), bearer("nope"), http.StatusUnauthorized},
		{"basic auth", r.wsURL("demo", ""), http.Header{"Authorization": {"Basic " + opToken}},
			http.StatusUnauthorized},
		{"token prefix", r.wsURL("demo", opToken[:5]), nil, http.StatusUnauthorized},
		{"foreign origin", r.wsURL("demo", opToken), origin("http://evil.example"),
			http.StatusForbidden},
		{"origin other scheme", r.wsURL("demo", opToken),
			origin(strings.Replace(r.srv.URL, "http:", "https:", 1)), http.StatusForbidden},
		{"unknown room", r.wsURL("nowhere", opToken), nil, http.StatusNotFound},
		{"room not a token", r.wsURL("de.mo", modToken), nil, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { refusedDial(t, tt.url, tt.hdr, tt.status) })
	}
}

func TestAdmitsOwnAndAllowedOrigins(t *testing.T) {
	r := newRig(t, func(c *Config) { c.AllowedOrigins = []string{"https://studio.example"} })
	for _, o := range []string{r.srv.URL, "https://studio.example"} {
		hdr := http.Header{"Origin": {o}, "Authorization": {"Bearer " + modToken}}
		ws, _, err := websocket.DefaultDialer.Dial(r.wsURL("demo", ""), hdr)
		if err != nil {
			t.Fatalf("origin %s: %v", o, err)
		}
		m := readMessage(t, ws, MessageHello)
		var hello Hello
		if err := json.Unmarshal(m.Data, &hello); err != nil || hello.Role != RoleModerator {
			t.Fatalf("hello = %s, %v; want moderator", m.Data, err)
		}
		_ = ws.Close()
	}
}

func TestHello(t *testing.T) {
	r := newRig(t, nil)
	tests := []struct {
		token    string
		role     Role
		switchOK bool
	}{
		{opToken, RoleOperator, true},
		{modToken, RoleModerator, false},
	}
	for _, tt := range tests {
		_, hello := r.dial(t, "other", tt.token)
		if hello.Role != tt.role || hello.Room != "other" {
			t.Fatalf("hello = %+v, want role %s room other", hello, tt.role)
		}
		if !strings.HasPrefix(hello.ID, string(tt.role)+"-") {
			t.Fatalf("hello id %q lacks the role", hello.ID)
		}
		got := false
		for _, c := range hello.Cues {
			got = got || c == "switch_product"
		}
		if got != tt.switchOK {
			t.Fatalf("%s may switch_product = %v, want %v", tt.role, got, tt.switchOK)
		}
	}
}

func TestConnectionLimitPerToken(t *testing.T) {
	r := newRig(t, func(c *Config) { c.MaxConnsPerToken = 2 })
	ws1, _ := r.dial(t, "demo", opToken)
	r.dial(t, "other", opToken)
	refusedDial(t, r.wsURL("demo", opToken), nil, http.StatusTooManyRequests)
	r.dial(t, "demo", modToken) // the other token has its own slots

	_ = ws1.Close()
	deadlineDial(t, r, opToken)
}

// deadlineDial retries until a slot freed by a closed console is reusable.
func deadlineDial(t *testing.T, r *rig, token string) {
	t.Helper()
	eventually(t, "a freed slot is reusable", func() bool {
		ws, resp, err := websocket.DefaultDialer.Dial(r.wsURL("demo", token), nil)
		if err == nil {
			_ = ws.Close()
			return true
		}
		if resp == nil || resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("dial after close: %v", err)
		}
		return false
	})
}

func TestCloseEndsConsolesWithoutLeaks(t *testing.T) {
	r := newRig(t, nil)
	var conns []*websocket.Conn
	for _, tok := range []string{opToken, modToken, opToken} {
		ws, _ := r.dial(t, "demo", tok)
		conns = append(conns, ws)
	}
	sendCue(t, conns[0], ClientCue{ID: "c-pending", Type: "skip"}) // pending at Close

	if err := r.h.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := r.h.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	for _, ws := range conns {
		_ = ws.SetReadDeadline(time.Now().Add(waitFor))
		var err error
		for err == nil {
			var m ServerMessage
			err = ws.ReadJSON(&m)
		}
		if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
			t.Fatalf("console read %v, want close going away", err)
		}
	}
	refusedDial(t, r.wsURL("demo", opToken), nil, http.StatusServiceUnavailable)
	checkNoLeaks(t)
}
