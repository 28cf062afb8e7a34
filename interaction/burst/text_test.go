package burst

import (
	"slices"
	"testing"
	"unicode"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"扣1", "扣1"},
		{"扣1!!", "扣1"},
		{"扣 1", "扣1"},
		{"扣１！！", "扣1"},
		{"扣111", "扣1"},
		{"111", "1"},
		{"ＡＢＣ ａｂｃ", "abcabc"},
		{"多少钱啊", "多少钱"},
		{"多少钱啊啊啊～～", "多少钱"},
		{"这个适合干皮吗？？", "这个适合干皮吗"},
		{"😀👍🎉", ""},
		{"   ", ""},
		{"Hello, World!", "heloworld"},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJaccard(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"abcd", "abcd", 1},
		{"abcd", "wxyz", 0},
		{"abc", "abcd", 2.0 / 3},
		{"", "", 0},
		{"a", "", 0},
	}
	for _, tt := range tests {
		if got := jaccard(bigrams(tt.a), bigrams(tt.b)); got != tt.want {
			t.Errorf("jaccard(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// FuzzNormalize checks that any comment folds to letters and digits only, without
// runs, and that folding twice changes nothing.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"扣1!!", "ＡＢＣ", "多少钱啊啊", "\xff\xfe", "😀a😀a", "İı"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := normalize(text)
		last := rune(-1)
		for _, r := range got {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) || r == last {
				t.Fatalf("normalize(%q) = %q: rune %q", text, got, r)
			}
			last = r
		}
		if again := normalize(got); again != got {
			t.Fatalf("normalize(%q) = %q, again %q", text, got, again)
		}
		if got := string(appendNormalized([]byte("啊"), text)); got != "啊"+normalize(text) {
			t.Fatalf("appendNormalized(啊, %q) = %q", text, got)
		}
		if got, want := bigrams(text), runeBigrams(text); !slices.Equal(got, want) {
			t.Fatalf("bigrams(%q) = %x, want %x", text, got, want)
		}
		m := NewMerger(MergerConfig{})
		id, n := m.Add(Entry{Event: "e", Intent: "other", Text: text}, t0)
		if id != "b-1" || n != 1 {
			t.Fatalf("Add(%q) = %q, %d", text, id, n)
		}
	})
}

// runeBigrams is bigrams written the plain way, over a copy of the text as runes.
func runeBigrams(text string) []uint64 {
	rs := []rune(text)
	if len(rs) < 2 {
		return nil
	}
	set := make([]uint64, 0, len(rs)-1)
	for i := 1; i < len(rs); i++ {
		set = append(set, uint64(rs[i-1])<<32|uint64(rs[i]))
	}
	slices.Sort(set)
	return slices.Compact(set)
}
