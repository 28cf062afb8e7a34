package avatar

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitClauses(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"你好", []string{"你好"}},
		{"宝宝们，点赞关注，马上开抢", []string{"宝宝们，", "点赞关注，", "马上开抢"}},
		{"欢迎大家！！今天有福利。", []string{"欢迎大家！！", "今天有福利。"}},
		{"好的，谢谢", []string{"好的，谢谢"}},
		{"这款只要¥19.9，满1,000减100", []string{"这款只要¥19.9，", "满1,000减100"}},
		{"干皮、油皮、混合皮都能用。", []string{"干皮、油皮、混合皮都能用。"}},
		{"Hello there. How are you?", []string{"Hello there.", " How are you?"}},
		{"快来抢购吧。嗯。", []string{"快来抢购吧。嗯。"}},
		{"……", []string{"……"}},
	}
	for _, tt := range tests {
		if got := splitClauses(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("splitClauses(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzSplitClauses(f *testing.F) {
	for _, s := range []string{"宝宝们，点赞关注，马上开抢", "a. b, c", "，，，", "¥19.9", "\xff，"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := splitClauses(text)
		if strings.Join(got, "") != text {
			t.Fatalf("clauses %q do not join back to %q", got, text)
		}
		for i, c := range got {
			if c == "" {
				t.Fatalf("clause %d of %q is empty", i, text)
			}
			if len(got) > 1 && utf8.ValidString(text) && speakable(c) < minClauseRunes &&
				i < len(got)-1 {
				t.Fatalf("clause %q of %q is too short to stand alone", c, text)
			}
		}
	})
}
