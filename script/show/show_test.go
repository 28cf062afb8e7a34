package show

import (
	"errors"
	"os"
	"strings"
	"testing"
)

const demoPath = "../../configs/shows/demo.yaml"

func TestLoadDemo(t *testing.T) {
	s, err := Load(demoPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Products) != 3 || s.Brand.Name == "" || s.Persona.Name == "" {
		t.Fatalf("demo show incomplete: %+v", s)
	}
	seen := map[string]bool{}
	for _, c := range s.Products {
		seen[c.Positioning] = true
		if c.EN.Name == "" || len(c.PainPoints) == 0 || c.Stock <= 0 || c.Shipping == "" {
			t.Errorf("product %s lacks card facts: %+v", c.ID, c)
		}
	}
	if len(seen) != 3 {
		t.Errorf("demo products share positionings %v, want three different", seen)
	}
	c, ok := s.Product("night-serum")
	if !ok || c.PriceText() != "199元" || c.Saving() != 70 {
		t.Errorf("Product(night-serum) = %+v, %v", c, ok)
	}
	if _, ok := s.Product("nope"); ok {
		t.Error("Product(nope) found a card")
	}
	if s.Schedule.Gap == 0 || s.Schedule.ProductLines == 0 {
		t.Errorf("schedule defaults not filled: %+v", s.Schedule)
	}
}

func demoBytes(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(demoPath)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestParseUnknownKeys(t *testing.T) {
	demo := demoBytes(t)
	tests := []struct {
		name, from, to, want string
	}{
		{"top", "title:", "titel:", `unknown key "titel"`},
		{"persona", "  tone:", "  voice:", `unknown key "persona.voice"`},
		{"product", "    texture: 水润", "    feel: 水润", `unknown key "products[0].feel"`},
		{"card en", "      scent: a light", "      smell: a light",
			`unknown key "products[0].en.smell"`},
	}
	for _, tt := range tests {
		data := strings.Replace(demo, tt.from, tt.to, 1)
		_, err := Parse([]byte(data), "demo.yaml")
		if !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), tt.want) ||
			!strings.Contains(err.Error(), "line ") {
			t.Errorf("%s: error %v, want ErrSyntax with %s and a line", tt.name, err, tt.want)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	demo := demoBytes(t)
	tests := []struct {
		name, from, to, want string
	}{
		{"category", "category: 精华", "category: 口红", `products[0]: invalid show: category "口红"`},
		{"positioning", "positioning: 新品", "positioning: 爆款", `positioning "爆款"`},
		{"price", "price: 199", "price: 0", "price must be above 0"},
		{"original", "original_price: 269", "original_price: 100", "original_price 100 is below"},
		{"slug", "id: night-serum", "id: Night Serum", `id "Night Serum" is not a slug`},
		{"dup id", "id: calming-cream", "id: night-serum", `duplicate id "night-serum"`},
		{"lang", "lang: zh\n", "lang: fr\n", `lang "fr"`},
		{"speed", "speed: 175", "speed: 1000", "persona.speed 1000"},
		{"season", "region: 北方", "region: 北方\n  season: monsoon", `schedule.season "monsoon"`},
		{"stock", "stock: 300", "stock: -1", "stock must not be negative"},
		{"usage", "    usage: 晚上", "    usage: \"\"\n    x_usage: 晚上", "unknown key"},
	}
	for _, tt := range tests {
		data := strings.Replace(demo, tt.from, tt.to, 1)
		if data == demo {
			t.Fatalf("%s: %q not in demo show", tt.name, tt.from)
		}
		_, err := Parse([]byte(data), "demo.yaml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := Parse(nil, "empty.yaml"); !errors.Is(err, ErrSyntax) {
		t.Errorf("empty show: error %v, want ErrSyntax", err)
	}
	if _, err := Load("no/such/show.yaml"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error %v, want ErrNotExist", err)
	}
}

func FuzzParse(f *testing.F) {
	data, err := os.ReadFile(demoPath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("id: x\nproducts: [{id: a}]\n"))
	f.Add([]byte("persona: {name: [1]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("accepted show fails Validate: %v", err)
		}
		for _, c := range s.Products {
			if got, ok := s.Product(c.ID); !ok || got.ID != c.ID {
				t.Fatalf("Product(%q) lost a card", c.ID)
			}
		}
	})
}
