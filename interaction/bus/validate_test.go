package bus

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeEvent(t *testing.T) {
	long := `{"v":1,"id":"e","type":"comment","room":"demo","user":{"id":"u"},"text":"` +
		strings.Repeat("好", MaxEventBytes/3) + `"}`
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"comment", `{"v":1,"id":"e-1","type":"comment","room":"demo",` +
			`"user":{"id":"u42","name":"小美"},"text":"这个适合干皮吗"}`, nil},
		{"v missing reads as 1", `{"id":"e","type":"like","room":"demo","user":{"id":"u"}}`, nil},
		{"viewers without user",
			`{"v":1,"id":"e","type":"viewers","room":"demo","count":120}`, nil},
		{"unknown fields ignored", `{"v":1,"id":"e","type":"enter","room":"r_1",` +
			`"user":{"id":"u"},"extra":[1,2]}`, nil},
		{"emoji with zwj", `{"v":1,"id":"e","type":"comment","room":"demo",` +
			`"user":{"id":"u"},"text":"👩‍👩‍👧 好看"}`, nil},
		{"too large", long, ErrTooLarge},
		{"raw bad utf8", "{\"v\":1,\"id\":\"e\",\"type\":\"comment\",\"room\":\"demo\"," +
			"\"user\":{\"id\":\"u\"},\"text\":\"\xff\xfe\"}", ErrBadUTF8},
		{"lone surrogate", `{"v":1,"id":"e","type":"comment","room":"demo",` +
			`"user":{"id":"u"},"text":"a\ud800b"}`, ErrBadUTF8},
		{"not json", `hello`, ErrBadJSON},
		{"array", `[{"v":1}]`, ErrBadJSON},
		{"trailing garbage", `{"v":1,"id":"e","type":"like","room":"demo","user":{"id":"u"}}x`,
			ErrBadJSON},
		{"wrong field type", `{"v":"1","id":"e","type":"like","room":"demo"}`, ErrBadJSON},
		{"v 2", `{"v":2,"id":"e","type":"like","room":"demo","user":{"id":"u"}}`, ErrBadVersion},
		{"v negative", `{"v":-1,"id":"e","type":"like","room":"demo","user":{"id":"u"}}`,
			ErrBadVersion},
		{"unknown type", `{"v":1,"id":"e","type":"dance","room":"demo","user":{"id":"u"}}`,
			ErrUnknownType},
		{"no type", `{"v":1,"id":"e","room":"demo","user":{"id":"u"}}`, ErrUnknownType},
		{"no id", `{"v":1,"type":"like","room":"demo","user":{"id":"u"}}`, ErrMissingField},
		{"no room", `{"v":1,"id":"e","type":"like","user":{"id":"u"}}`, ErrMissingField},
		{"no user", `{"v":1,"id":"e","type":"gift","room":"demo"}`, ErrMissingField},
		{"blank comment", `{"v":1,"id":"e","type":"comment","room":"demo",` +
			`"user":{"id":"u"},"text":"   "}`, ErrMissingField},
		{"control char in text", `{"v":1,"id":"e","type":"comment","room":"demo",` +
			`"user":{"id":"u"},"text":"hi\u0007"}`, ErrBadField},
		{"newline in name", `{"v":1,"id":"e","type":"comment","room":"demo",` +
			`"user":{"id":"u","name":"a\nb"},"text":"hi"}`, ErrBadField},
		{"bidi override", `{"v":1,"id":"e","type":"comment","room":"demo",` +
			`"user":{"id":"u"},"text":"abc\u202edef"}`, ErrBadField},
		{"room with dot", `{"v":1,"id":"e","type":"like","room":"a.b","user":{"id":"u"}}`,
			ErrBadField},
		{"room wildcard", `{"v":1,"id":"e","type":"like","room":"*","user":{"id":"u"}}`,
			ErrBadField},
		{"negative count", `{"v":1,"id":"e","type":"like","room":"demo",` +
			`"user":{"id":"u"},"count":-3}`, ErrBadField},
		{"long id", `{"v":1,"id":"` + strings.Repeat("x", 200) +
			`","type":"like","room":"demo","user":{"id":"u"}}`, ErrBadField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := DecodeEvent([]byte(tt.in))
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("DecodeEvent() error = %v, want %v", err, tt.want)
			}
			if err == nil && e.V != SchemaVersion {
				t.Errorf("V = %d, want %d", e.V, SchemaVersion)
			}
			if err != nil && e != (Event{}) {
				t.Errorf("rejected event returned non-zero Event %+v", e)
			}
		})
	}
}

func TestReason(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{ErrTooLarge, "too_large"},
		{ErrBadUTF8, "bad_utf8"},
		{ErrBadJSON, "bad_json"},
		{ErrBadVersion, "bad_version"},
		{ErrUnknownType, "unknown_type"},
		{ErrMissingField, "missing_field"},
		{ErrBadField, "bad_field"},
		{errors.New("boom"), "other"},
	}
	for _, tt := range tests {
		if got := Reason(tt.err); got != tt.want {
			t.Errorf("Reason(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	_, err := DecodeEvent([]byte(`{"v":1,"id":"e","type":"x","room":"demo"}`))
	if got := Reason(err); got != "unknown_type" {
		t.Errorf("Reason(wrapped) = %q, want unknown_type", got)
	}
}

func TestValidRoom(t *testing.T) {
	for room, want := range map[string]bool{
		"demo": true, "Room_2-b": true, "": false, "a.b": false, "a b": false,
		"房间": false, ">": false, strings.Repeat("r", 65): false,
	} {
		if got := ValidRoom(room); got != want {
			t.Errorf("ValidRoom(%q) = %v, want %v", room, got, want)
		}
	}
}

// FuzzDecodeEvent checks that DecodeEvent never panics and that whatever it accepts
// satisfies the schema's invariants and survives a round trip.
func FuzzDecodeEvent(f *testing.F) {
	seeds := []string{
		`{"v":1,"id":"e-1","type":"comment","room":"demo","ts":"2026-12-03T10:00:00Z",` +
			`"user":{"id":"u42","name":"小美","fan_level":3},"text":"这个适合干皮吗","count":1}`,
		`{"id":"e","type":"viewers","room":"demo","count":3}`,
		`{"v":1,"id":"e","type":"comment","room":"demo","user":{"id":"u"},"text":"a\ud800"}`,
		`{"v":1,"id":"e","type":"like","room":"a.b"}`,
		"\xff", `[]`, `null`, `{}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := DecodeEvent(data)
		if err != nil {
			if Reason(err) == "other" {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		if len(data) > MaxEventBytes || !utf8.Valid(data) {
			t.Fatalf("accepted %d bytes (valid utf-8 %v)", len(data), utf8.Valid(data))
		}
		if e.V != SchemaVersion || !e.Type.Known() || !ValidRoom(e.Room) || e.ID == "" {
			t.Fatalf("accepted event breaks the schema: %+v", e)
		}
		if e.Type == EventComment && strings.TrimSpace(e.Text) == "" {
			t.Fatalf("accepted blank comment: %+v", e)
		}
		again, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if len(again) <= MaxEventBytes {
			if _, err := DecodeEvent(again); err != nil {
				t.Fatalf("round trip of accepted event rejected: %v", err)
			}
		}
	})
}
