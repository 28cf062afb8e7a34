package render

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestTokens(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"你好，世界", []string{"你", "好，", "世", "界"}},
		{"Buy now! 买", []string{"Buy ", "now! ", "买"}},
		{"满300减50", []string{"满", "300", "减", "50"}},
		{"", nil},
	}
	for _, c := range cases {
		if got := tokens(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWrap(t *testing.T) {
	r := newTestRenderer(t)
	size := 30
	maxW := r.face.width("一二三四五", size) + 1
	cases := []struct {
		in   string
		want []string
	}{
		{"一二三四五六七", []string{"一二三四五", "六七"}},
		{"一二三四，五六", []string{"一二三四，", "五六"}},
		{"一二三四五。六", []string{"一二三四", "五。六"}},
		{"   ", nil},
	}
	for _, c := range cases {
		got := r.face.wrap(c.in, size, maxW)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("wrap(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, l := range r.face.wrap("The quick brown fox jumps over the lazy dog", size, maxW) {
		if w := r.face.width(l, size); w > maxW {
			t.Errorf("line %q is %d px, wider than %d", l, w, maxW)
		}
		if strings.HasPrefix(l, " ") || strings.HasSuffix(l, " ") {
			t.Errorf("line %q has an outer space", l)
		}
	}
}

func TestSubtitleLines(t *testing.T) {
	r := newTestRenderer(t)
	short, size := r.subtitleLines("欢迎来到直播间")
	if len(short) != 1 || size != r.px(30) {
		t.Errorf("short line: %q at %d px, want one line at %d", short, size, r.px(30))
	}
	long := strings.Repeat("这款精华真的很好用，", 12) + "最后一句。"
	lines, _ := r.subtitleLines(long)
	if len(lines) > 3 {
		t.Fatalf("long subtitle wrapped to %d lines, want at most 3", len(lines))
	}
	if !strings.HasPrefix(lines[0], "…") || !strings.HasSuffix(lines[len(lines)-1], "最后一句。") {
		t.Errorf("long subtitle shows %q, want the tail behind an ellipsis", lines)
	}
	english := strings.Repeat("so many gifts today, ", 20) + "thanks for watching"
	lines, _ = r.subtitleLines(english)
	if got := strings.Join(lines, " "); !strings.HasSuffix(got, "gifts today, thanks for watching") {
		t.Errorf("long English subtitle shows %q, want its words and spaces kept", got)
	}
}

func TestCountdownText(t *testing.T) {
	r := newTestRenderer(t)
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{time.Millisecond, "00:01"},
		{59 * time.Second, "00:59"},
		{5*time.Minute + 500*time.Millisecond, "05:01"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1:02:03"},
	} {
		if got := r.countdownText(c.d); got != c.want {
			t.Errorf("countdownText(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// FuzzSubtitle feeds arbitrary text, as chat-driven lines can carry, to the
// subtitle painter: it must not panic and must keep to three lines.
func FuzzSubtitle(f *testing.F) {
	for _, s := range append(sampleLines, "\x00\xff", "🙂🙂🙂", strings.Repeat("a", 500)) {
		f.Add(s)
	}
	r := newTestRenderer(f)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2000 {
			return
		}
		lines, _ := r.subtitleLines(s)
		if len(lines) > 3 {
			t.Errorf("%q wrapped to %d lines", s, len(lines))
		}
		for _, l := range lines {
			if !utf8.ValidString(l) && utf8.ValidString(s) {
				t.Errorf("line %q is not valid UTF-8", l)
			}
		}
		r.Render(Scene{Subtitle: s, Banner: s, ProductName: s, Price: s, Coupon: s})
	})
}
