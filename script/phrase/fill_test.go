package phrase

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFill(t *testing.T) {
	slots := map[string]string{"product": "夜间精华", "price": "199元", "viewer": "小美"}
	tests := []struct {
		text    string
		want    string
		wantErr error
	}{
		{"没有槽位", "没有槽位", nil},
		{"{product}今晚{price}", "夜间精华今晚199元", nil},
		{"{viewer}，{viewer}", "小美，小美", nil},
		{"{coupon}领券", "", ErrMissingSlot},
		{"{empty}", "", ErrMissingSlot},
		{"{product", "", ErrTemplate},
		{"product}", "", ErrTemplate},
		{"{}", "", ErrTemplate},
		{"{Product}", "", ErrTemplate},
		{"{pro{duct}", "", ErrTemplate},
		{"", "", nil},
	}
	for _, tt := range tests {
		got, err := Fill(tt.text, slots)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("Fill(%q) error = %v, want %v", tt.text, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("Fill(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestSlotNames(t *testing.T) {
	got, err := SlotNames("{viewer}，{price}，再说一遍{price}")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "viewer,price" {
		t.Errorf("SlotNames = %v, want [viewer price]", got)
	}
}

func FuzzFill(f *testing.F) {
	for _, s := range []string{"{product}今晚{price}", "{", "}", "{a}{b", "无槽位", "{x_1}"} {
		f.Add(s)
	}
	slots := map[string]string{"product": "P", "price": "1元", "x_1": "X"}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := Fill(text, slots)
		if err != nil {
			if !errors.Is(err, ErrMissingSlot) && !errors.Is(err, ErrTemplate) {
				t.Fatalf("Fill(%q) error %v wraps no sentinel", text, err)
			}
			return
		}
		if strings.ContainsAny(got, "{}") && !strings.ContainsAny(text, "{}") {
			t.Fatalf("Fill(%q) = %q invented braces", text, got)
		}
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("Fill(%q) = %q is not valid UTF-8", text, got)
		}
		if !strings.ContainsAny(text, "{}") && got != text {
			t.Fatalf("Fill(%q) = %q changed a line without slots", text, got)
		}
	})
}
