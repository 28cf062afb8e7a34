package phrase

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const sample = `
lang: zh
scene: product
cooldown: 5m
groups:
  - theme: price
    weight: 2
    when: {category: [精华], min_viewers: 10}
    lines:
      - "{product}今晚{price}"
      - "到手价{price}"
  - theme: hook
    scene: opening
    lang: en
    lines:
      - "Welcome to {brand}!"
`

func TestParse(t *testing.T) {
	ps, err := Parse([]byte(sample), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 {
		t.Fatalf("got %d phrases, want 3", len(ps))
	}
	p := ps[0]
	if p.ID != "p.yaml:10" || p.Line != 10 || p.Scene != "product" || p.Theme != "price" ||
		p.Weight != 2 || p.Cooldown != 5*time.Minute || p.When.MinViewers != 10 ||
		p.When.Category[0] != "精华" || p.Lang != "zh" {
		t.Errorf("first phrase = %+v", p)
	}
	if q := ps[2]; q.Scene != "opening" || q.Lang != "en" || q.Weight != 1 {
		t.Errorf("group overrides not applied: %+v", q)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, data string
		wantLine   int
		wantMsg    string
	}{
		{"unknown key", "lang: zh\nscene: product\ngroups:\n  - theme: price\n    colour: red\n" +
			"    lines: [a]\n", 5, "colour"},
		{"unknown top key", "lang: zh\nlanguage: en\n", 2, "language"},
		{"bad scene", "lang: zh\nscene: intro\ngroups:\n  - theme: hook\n    lines:\n      - a\n",
			6, "scene"},
		{"bad theme", "lang: zh\nscene: opening\ngroups:\n  - theme: price\n" +
			"    lines:\n      - a\n", 6, "theme"},
		{"bad lang", "lang: fr\nscene: opening\ngroups:\n  - theme: hook\n    lines:\n      - a\n",
			6, "lang"},
		{"empty line", "lang: zh\nscene: opening\ngroups:\n  - theme: hook\n    lines:\n" +
			"      - ok\n      - \"\"\n", 7, "non-empty"},
		{"mapping line", "lang: zh\nscene: opening\ngroups:\n  - theme: hook\n    lines:\n" +
			"      - {a: b}\n", 6, "non-empty"},
		{"syntax", "lang: zh\n  scene: [\n", 2, ""},
		{"bad duration", "lang: zh\ncooldown: soon\n", 2, ""},
		{"empty", "", 0, "empty"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.data), "f.yaml")
		if !errors.Is(err, ErrSchema) {
			t.Errorf("%s: error %v, want ErrSchema", tt.name, err)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %v is no ParseError", tt.name, err)
			continue
		}
		if pe.Line != tt.wantLine || !strings.Contains(pe.Msg, tt.wantMsg) {
			t.Errorf("%s: got line %d %q, want line %d containing %q",
				tt.name, pe.Line, pe.Msg, tt.wantLine, tt.wantMsg)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("lang: zh\nscene: reply\ngroups:\n  - theme: other\n    lines: [\"{viewer}\"]\n"))
	f.Add([]byte("groups: [{theme: x, lines: [1, 2]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if !errors.Is(err, ErrSchema) {
				t.Fatalf("error %v is not ErrSchema", err)
			}
			return
		}
		for _, p := range ps {
			if p.Text == "" || p.Weight <= 0 || p.Cooldown < 0 || p.Line <= 0 {
				t.Fatalf("accepted bad phrase %+v", p)
			}
			if err := p.check(); err != nil {
				t.Fatalf("accepted phrase breaking the schema: %v", err)
			}
		}
	})
}
