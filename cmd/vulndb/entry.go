package main

import (
	"encoding/json"
	"fmt"
	"time"
)

// entry is the part of an OSV vulnerability entry that the index needs.
type entry struct {
	ID       string     `json:"id"`
	Modified time.Time  `json:"modified"`
	Aliases  []string   `json:"aliases,omitempty"`
	Affected []affected `json:"affected"`
}

// affected names a module (or "stdlib", "toolchain") and its vulnerable versions.
type affected struct {
	Module struct {
		Path string `json:"name"`
	} `json:"package"`
	Ranges []versionRange `json:"ranges"`
}

// versionRange is an OSV range: versions from each "introduced" event up to
// the next "fixed" one are vulnerable.
type versionRange struct {
	Type   string       `json:"type"`
	Events []rangeEvent `json:"events"`
}

// rangeEvent is one step of a versionRange: exactly one field is set.
type rangeEvent struct {
	Introduced string `json:"introduced,omitempty"`
	Fixed      string `json:"fixed,omitempty"`
}

// parseEntry decodes one OSV file and checks that it is named after its ID.
func parseEntry(name string, b []byte) (*entry, error) {
	var e entry
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrEntry, name, err)
	}
	if e.ID == "" || name != e.ID+".json" {
		return nil, fmt.Errorf("%w: %s holds id %q", ErrEntry, name, e.ID)
	}
	return &e, nil
}

// latestFix is the newest fixed version of a, or "" when the vulnerability
// comes back after it (or was never fixed), as govulncheck's clients expect
// in index/modules.json.
func (a affected) latestFix() string {
	var fix string
	for _, r := range a.Ranges {
		if r.Type != "SEMVER" {
			continue
		}
		for _, ev := range r.Events {
			if ev.Fixed != "" && semverLess(fix, ev.Fixed) {
				fix = ev.Fixed
			}
		}
		for _, ev := range r.Events {
			if ev.Introduced != "" && ev.Introduced != "0" && semverLess(fix, ev.Introduced) {
				fix = ""
				break
			}
		}
	}
	return fix
}
