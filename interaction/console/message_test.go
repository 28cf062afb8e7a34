package console

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func TestDecodeClientMessage(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want bus.CueType
	}{
		{`{"type":"cue","cue":{"type":"skip"}}`, true, "skip"},
		{`{"type":"cue","cue":{"id":"c-1","type":"say","args":{"text":"hi"},"room":"x"}}`, true,
			"say"},
		{`{"type":"cue"}`, false, ""},
		{`{"type":"cue","cue":null}`, false, ""},
		{`{"type":"ping"}`, false, ""},
		{`{"type":"cue","cue":{"type":"skip"}} {}`, false, ""},
		{`{"type":"cue","cue":{"type":"skip","args":{"n":1}}}`, false, ""},
		{`[]`, false, ""},
		{``, false, ""},
	}
	for _, tt := range tests {
		m, err := DecodeClientMessage([]byte(tt.in))
		if tt.ok != (err == nil) {
			t.Fatalf("%s: err = %v, want ok %v", tt.in, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrBadMessage) {
			t.Fatalf("%s: err %v does not wrap ErrBadMessage", tt.in, err)
		}
		if err == nil && m.Cue.Type != tt.want {
			t.Fatalf("%s: type = %q, want %q", tt.in, m.Cue.Type, tt.want)
		}
	}
}

func TestRoleAllows(t *testing.T) {
	tests := []struct {
		role Role
		cue  bus.CueType
		want bool
	}{
		{RoleOperator, bus.CueSwitchProduct, true},
		{RoleOperator, bus.CuePersona, true},
		{RoleModerator, bus.CueSwitchProduct, false},
		{RoleModerator, bus.CuePause, false},
		{RoleModerator, bus.CueSay, true},
		{RoleModerator, bus.CueBanUser, true},
		{RoleOperator, "dance", false},
		{"", bus.CueSay, true},
	}
	for _, tt := range tests {
		if got := tt.role.Allows(tt.cue); got != tt.want {
			t.Errorf("%q.Allows(%s) = %v, want %v", tt.role, tt.cue, got, tt.want)
		}
	}
}

func TestTokenRole(t *testing.T) {
	both := newTokens("op", "mod")
	noMod := newTokens("op", "")
	tests := []struct {
		toks tokens
		in   string
		want Role
	}{
		{both, "op", RoleOperator},
		{both, "mod", RoleModerator},
		{both, "", ""},
		{both, "o", ""},
		{both, "opx", ""},
		{noMod, "", ""},
		{noMod, "mod", ""},
	}
	for _, tt := range tests {
		if got := tt.toks.role(tt.in); got != tt.want {
			t.Errorf("role(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzClientMessage feeds arbitrary console input through the decoder and the
// cue checks: nothing may panic, and what passes must be a cue the bus can carry.
func FuzzClientMessage(f *testing.F) {
	f.Add([]byte(`{"type":"cue","cue":{"type":"say","args":{"text":"欢迎"}}}`))
	f.Add([]byte(`{"type":"cue","cue":{"id":"c-1","type":"welfare","args":{"kind":"draw",` +
		`"seconds":"30"}}}`))
	f.Add([]byte(`{"type":"cue","cue":{"type":"switch_product","args":{"product":"p"}}}`))
	f.Add([]byte(`{"type":"cue","cue":{"type":"say","args":{"text":"\ud800"}}}`))
	f.Add([]byte(`{"type":"cue","cue":{"id":"x y","type":"skip"}}`))
	f.Add([]byte(`{"type":"cue","cue":{}}`))
	f.Add([]byte(`{"type":`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := DecodeClientMessage(data)
		if err != nil {
			if !errors.Is(err, ErrBadMessage) {
				t.Fatalf("error %v does not wrap ErrBadMessage", err)
			}
			return
		}
		if m.Type != MessageCue || m.Cue == nil {
			t.Fatalf("accepted %+v", m)
		}
		for _, role := range []Role{RoleOperator, RoleModerator} {
			cue, err := buildCue(*m.Cue, role, "demo", "fuzz-1")
			if err != nil {
				if cue.ID != "" && cue.ID != m.Cue.ID && m.Cue.ID != "" {
					t.Fatalf("refusal names cue %q, console sent %q", cue.ID, m.Cue.ID)
				}
				continue
			}
			checkAcceptedCue(t, role, cue)
		}
	})
}

func checkAcceptedCue(t *testing.T, role Role, cue bus.Cue) {
	t.Helper()
	if !role.Allows(cue.Type) || cue.ID == "" || cue.V != 1 || cue.Room != "demo" {
		t.Fatalf("%s accepted %+v", role, cue)
	}
	if cue.Type == bus.CueSay {
		text := strings.TrimSpace(cue.Args["text"])
		if text == "" || utf8.RuneCountInString(text) > maxSayRunes {
			t.Fatalf("accepted say %q", text)
		}
	}
	for k, v := range cue.Args {
		if !utf8.ValidString(k) || !utf8.ValidString(v) || strings.ContainsRune(v, utf8.RuneError) {
			t.Fatalf("accepted broken text in %q", k)
		}
	}
}
