package phrase

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"sync"
	"time"
)

// Library is a set of phrases plus the time each was last picked. A library
// is safe for concurrent use; Fork gives each room its own cooldowns.
type Library struct {
	phrases []Phrase
	// index holds, per scene, language and theme (and per scene and language
	// under the empty theme), the phrases that carry them and the conditions
	// they set. It is shared by forks and never changes.
	index map[indexKey]*conditionIndex

	mu sync.Mutex // guards lastUsed and the pick buffers
	// lastUsed is when each phrase, by position, was last picked, in Unix
	// nanoseconds; 0 for never.
	lastUsed []int64
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
	// mask, tmp and boost are bitsets over one conditionIndex.
	mask, tmp, boost bitset
}

// NewLibrary makes a library of the given phrases; IDs must be unique.
func NewLibrary(phrases []Phrase) (*Library, error) {
	seen := make(map[string]bool, len(phrases))
	positions := map[indexKey][]int32{}
	for i, p := range phrases {
		if seen[p.ID] {
			return nil, fmt.Errorf("new library: %w: duplicate phrase id %q", ErrSchema, p.ID)
		}
		seen[p.ID] = true
		for _, k := range []indexKey{{p.Scene, p.Lang, p.Theme}, {p.Scene, p.Lang, ""}} {
			positions[k] = append(positions[k], int32(i))
		}
	}
	index := make(map[indexKey]*conditionIndex, len(positions))
	for k, pos := range positions {
		index[k] = newConditionIndex(phrases, pos)
	}
	return &Library{phrases: phrases, index: index,
		lastUsed: make([]int64, len(phrases))}, nil
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
	if x := l.index[indexKey{scene, lang, ""}]; x != nil {
		return len(x.pos)
	}
	return 0
}

// Fork returns a library that shares l's phrases but keeps its own cooldowns,
// so two rooms do not rest each other's lines.
func (l *Library) Fork() *Library {
	return &Library{phrases: l.phrases, index: l.index,
		lastUsed: make([]int64, len(l.phrases))}
}

// Clone returns a library that shares l's phrases and starts from a copy of
// its cooldowns, so picks can be tried on the clone without resting l's lines.
func (l *Library) Clone() *Library {
	l.mu.Lock()
	defer l.mu.Unlock()
	return &Library{phrases: l.phrases, index: l.index,
		lastUsed: slices.Clone(l.lastUsed)}
}

// LastPicked returns when each phrase still resting was last picked, by
// phrase ID, so a room's cooldowns can move with its snapshot. Phrases whose
// cooldown had passed by the latest pick are left out: as picks come in time
// order, they can never rest again.
func (l *Library) LastPicked() map[string]time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	latest := int64(0)
	for _, at := range l.lastUsed {
		latest = max(latest, at)
	}
	out := map[string]time.Time{}
	for i, at := range l.lastUsed {
		if at != 0 && latest-at < int64(l.phrases[i].Cooldown) {
			out[l.phrases[i].ID] = time.Unix(0, at)
		}
	}
	return out
}

// SetLastPicked replaces the library's cooldowns with those LastPicked
// returned: phrases it names rest from the given time, the rest are rested.
// IDs this library does not hold, as after the phrase files changed, are
// skipped.
func (l *Library) SetLastPicked(last map[string]time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.lastUsed)
	if len(last) == 0 {
		return
	}
	for i := range l.phrases {
		if at, ok := last[l.phrases[i].ID]; ok && !at.IsZero() {
			l.lastUsed[i] = at.UnixNano()
		}
	}
}
