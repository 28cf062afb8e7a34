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
	// index lists, per scene, language and theme (and per scene and language
	// under the empty theme), the positions of the phrases that carry them,
	// in load order. It is shared by forks and never changes.
	index map[indexKey][]int32

	mu sync.Mutex // guards lastUsed and the pick buffers
	// lastUsed is when each phrase, by position, was last picked; the zero
	// time for never.
	lastUsed []time.Time
	picks    pickBuffers
}

// indexKey selects the phrases of one scene, language and theme.
type indexKey struct {
	scene, lang, theme string
}

// pickBuffers are reused by every Pick, so a pick allocates nothing.
type pickBuffers struct {
	ready   []int32
	weights []float64
	resting []int32
}

// NewLibrary makes a library of the given phrases; IDs must be unique.
func NewLibrary(phrases []Phrase) (*Library, error) {
	seen := make(map[string]bool, len(phrases))
	index := map[indexKey][]int32{}
	for i, p := range phrases {
		if seen[p.ID] {
			return nil, fmt.Errorf("new library: %w: duplicate phrase id %q", ErrSchema, p.ID)
		}
		seen[p.ID] = true
		for _, k := range []indexKey{{p.Scene, p.Lang, p.Theme}, {p.Scene, p.Lang, ""}} {
			index[k] = append(index[k], int32(i))
		}
	}
	return &Library{phrases: phrases, index: index,
		lastUsed: make([]time.Time, len(phrases))}, nil
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

// Count is how many phrases the library holds for a scene in a language.
func (l *Library) Count(scene, lang string) int {
	return len(l.index[indexKey{scene, lang, ""}])
}

// Fork returns a library that shares l's phrases but keeps its own cooldowns,
// so two rooms do not rest each other's lines.
func (l *Library) Fork() *Library {
	return &Library{phrases: l.phrases, index: l.index,
		lastUsed: make([]time.Time, len(l.phrases))}
}

// Clone returns a library that shares l's phrases and starts from a copy of
// its cooldowns, so picks can be tried on the clone without resting l's lines.
func (l *Library) Clone() *Library {
	l.mu.Lock()
	defer l.mu.Unlock()
	return &Library{phrases: l.phrases, index: l.index,
		lastUsed: append([]time.Time(nil), l.lastUsed...)}
}
