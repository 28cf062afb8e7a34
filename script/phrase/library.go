package phrase

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"sync"
	"time"
)

// Library is a set of phrases plus the time each was last picked. A library
// is safe for concurrent use; Fork gives each room its own cooldowns.
type Library struct {
	phrases []Phrase

	mu       sync.Mutex // guards lastUsed
	lastUsed map[string]time.Time
}

// NewLibrary makes a library of the given phrases; IDs must be unique.
func NewLibrary(phrases []Phrase) (*Library, error) {
	seen := make(map[string]bool, len(phrases))
	for _, p := range phrases {
		if seen[p.ID] {
			return nil, fmt.Errorf("new library: %w: duplicate phrase id %q", ErrSchema, p.ID)
		}
		seen[p.ID] = true
	}
	return &Library{phrases: phrases, lastUsed: map[string]time.Time{}}, nil
}

// LoadFiles parses the phrase files at paths into one library.
func LoadFiles(paths ...string) (*Library, error) {
	var all []Phrase
	var errs []error
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("load phrases: %w", err))
			continue
		}
		ps, err := Parse(data, path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		all = append(all, ps...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return NewLibrary(all)
}

// LoadFS parses the phrase files of fsys that match any of patterns (as
// fs.Glob takes them) into one library, in sorted path order.
func LoadFS(fsys fs.FS, patterns ...string) (*Library, error) {
	var names []string
	for _, pat := range patterns {
		m, err := fs.Glob(fsys, pat)
		if err != nil {
			return nil, fmt.Errorf("load phrases %q: %w", pat, err)
		}
		names = append(names, m...)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("load phrases %v: %w: no files match", patterns, fs.ErrNotExist)
	}
	var all []Phrase
	for i, name := range names {
		if i > 0 && names[i-1] == name {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load phrases: %w", err)
		}
		ps, err := Parse(data, name)
		if err != nil {
			return nil, err
		}
		all = append(all, ps...)
	}
	return NewLibrary(all)
}

// Phrases returns a copy of the library's phrases in load order.
func (l *Library) Phrases() []Phrase {
	return append([]Phrase(nil), l.phrases...)
}

// Len is the number of phrases in the library.
func (l *Library) Len() int {
	return len(l.phrases)
}

// Fork returns a library that shares l's phrases but keeps its own cooldowns,
// so two rooms do not rest each other's lines.
func (l *Library) Fork() *Library {
	return &Library{phrases: l.phrases, lastUsed: map[string]time.Time{}}
}
