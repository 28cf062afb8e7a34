package main

import (
	"errors"
	"testing"
)

func TestLatestFix(t *testing.T) {
	tests := []struct {
		name   string
		events []rangeEvent
		want   string
	}{
		{"never fixed", []rangeEvent{{Introduced: "0"}}, ""},
		{"one fix", []rangeEvent{{Introduced: "0"}, {Fixed: "1.2.0"}}, "1.2.0"},
		{"two branches", []rangeEvent{
			{Introduced: "0"}, {Fixed: "1.26.9"}, {Introduced: "1.27.0-0"}, {Fixed: "1.27.2"},
		}, "1.27.2"},
		{"reintroduced", []rangeEvent{
			{Introduced: "0"}, {Fixed: "1.2.0"}, {Introduced: "1.3.0"},
		}, ""},
	}
	for _, tt := range tests {
		r := versionRange{Type: "SEMVER", Events: tt.events}
		if got := (affected{Ranges: []versionRange{r}}).latestFix(); got != tt.want {
			t.Errorf("%s: latestFix = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseEntryChecksName(t *testing.T) {
	b := []byte(`{"id":"GO-2024-0001","affected":[]}`)
	if _, err := parseEntry("GO-2024-0001.json", b); err != nil {
		t.Fatalf("parseEntry: %v", err)
	}
	if _, err := parseEntry("GO-2024-0002.json", b); !errors.Is(err, ErrEntry) {
		t.Errorf("misnamed entry: err = %v, want ErrEntry", err)
	}
	if _, err := parseEntry("GO-2024-0001.json", []byte(`{"id":`)); !errors.Is(err, ErrEntry) {
		t.Errorf("truncated entry: err = %v, want ErrEntry", err)
	}
}
