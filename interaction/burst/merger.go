package burst

import (
	"cmp"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Defaults for zero MergerConfig fields.
const (
	DefaultWindow     = 3 * time.Second
	DefaultMaxSpan    = 10 * time.Second
	DefaultMaxUsers   = 20
	DefaultMaxEvents  = 1000
	DefaultMaxOpen    = 1024
	DefaultSimilarity = 0.8
)

// Shapes of comment text the Merger treats differently.
const (
	// shortRunes is the longest normalized text of a command-like comment that
	// merges with any other of its intent: "扣1", "想要", "主播好".
	shortRunes = 8
	// nearRunes is the shortest normalized text compared by bigram similarity;
	// shorter ones merge only when equal.
	nearRunes = 4
	// nearScan bounds how many open bursts of an intent one entry is compared with.
	nearScan = 64
	// maxVariants bounds the wordings a burst tallies to choose its Text.
	maxVariants = 8
	// maxAliases bounds the wordings that lead straight to a burst they joined
	// by similarity.
	maxAliases = 8
)

// MergerConfig configures a Merger; zero fields take the defaults above.
type MergerConfig struct {
	// Window is how long a burst stays open after its last entry; MaxSpan how long
	// after its first it closes however busy it is.
	Window  time.Duration
	MaxSpan time.Duration
	// MaxUsers and MaxEvents cap a Burst's Users and EventIDs lists.
	MaxUsers  int
	MaxEvents int
	// MaxOpen caps the bursts open at once; a new one beyond it closes the one
	// due soonest.
	MaxOpen int
	// Similarity is the character-bigram Jaccard index from which two longer
	// comments of one intent are the same comment.
	Similarity float64
}

func (c MergerConfig) withDefaults() MergerConfig {
	c.Window = cmp.Or(c.Window, DefaultWindow)
	c.MaxSpan = max(cmp.Or(c.MaxSpan, DefaultMaxSpan), c.Window)
	c.MaxUsers = cmp.Or(c.MaxUsers, DefaultMaxUsers)
	c.MaxEvents = cmp.Or(c.MaxEvents, DefaultMaxEvents)
	c.MaxOpen = cmp.Or(c.MaxOpen, DefaultMaxOpen)
	c.Similarity = cmp.Or(c.Similarity, DefaultSimilarity)
	return c
}

// Merger groups one room's entries into bursts. An entry joins an open burst when
// its normalized text equals the burst's (so "扣1", "扣1!!", "扣 1" and "扣111"
// meet), when it is a longer comment of the burst's intent whose bigrams are
// similar enough, when it is a short purchase, greeting or praise (every one of an
// intent is the same request), or when it is a gift, follow or arrival (one burst
// per kind). A burst closes Window after its last entry, or MaxSpan after its
// first; Flush hands out the closed ones, which wait for it: call it regularly.
type Merger struct {
	cfg    MergerConfig
	seq    int
	open   map[string]*building   // by key, aliases included
	near   map[string][]*building // open bursts with comparable text, by intent
	live   int                    // open bursts, aliases not counted
	closed []closedBurst

	// Buffers Add reuses, so that an entry joining an open burst costs no
	// allocation for its text.
	norm  []byte   // the entry's normalized text
	key   []byte   // the key of its burst
	grams []uint64 // its bigrams
}

type closedBurst struct {
	seq int
	Burst
}

// NewMerger makes a Merger with cfg's zero fields defaulted.
func NewMerger(cfg MergerConfig) *Merger {
	return &Merger{
		cfg:  cfg.withDefaults(),
		open: map[string]*building{},
		near: map[string][]*building{},
	}
}

// Add puts an entry that arrived at now into a burst, and returns the burst's id
// and how many entries it holds with this one.
func (m *Merger) Add(e Entry, now time.Time) (id string, count int) {
	m.norm = appendNormalized(m.norm[:0], e.Text)
	var near bool
	m.key, near = appendKey(m.key[:0], e.Intent, m.norm)
	b := m.open[string(m.key)]
	if b != nil && !now.Before(b.deadline) {
		m.close(b)
		b = nil
	}
	var grams []uint64
	if b == nil && near {
		m.grams = appendBigrams(m.grams[:0], m.norm)
		grams = m.grams
		b = m.similar(e.Intent, grams, now)
	}
	if b == nil {
		b = m.start(string(m.key), e.Intent, slices.Clone(grams), now)
	}
	b.add(e, m.norm, now, m.cfg)
	return b.ID, b.Count
}

// Flush closes the bursts due at now and returns every burst closed since the
// last Flush, oldest first.
func (m *Merger) Flush(now time.Time) []Burst {
	for _, b := range m.open {
		if !now.Before(b.deadline) {
			m.close(b)
		}
	}
	slices.SortFunc(m.closed, func(a, b closedBurst) int {
		return cmp.Or(a.FirstAt.Compare(b.FirstAt), cmp.Compare(a.seq, b.seq))
	})
	out := make([]Burst, len(m.closed))
	for i, c := range m.closed {
		out[i] = c.Burst
	}
	m.closed = m.closed[:0]
	return out
}

// Open is how many bursts are open.
func (m *Merger) Open() int { return m.live }

// appendKey appends to dst the key of the burst an entry of intent with
// normalized text norm joins when one is open, and reports whether the text is
// long enough to join a similar one.
func appendKey(dst []byte, intent string, norm []byte) ([]byte, bool) {
	if IsKind(intent) {
		return append(append(dst, "k\x00"...), intent...), false
	}
	n := runeCount(norm)
	if len(norm) == 0 || n <= shortRunes && commandLike(intent) {
		return append(append(dst, "i\x00"...), intent...), false
	}
	dst = append(append(dst, "t\x00"...), intent...)
	return append(append(dst, 0), norm...), n >= nearRunes
}

// runeCount counts the runes of norm, which AppendRune wrote and so is valid
// UTF-8, by the bytes that start one: utf8.RuneCount converts non-ASCII text
// to a string, which allocates once it is longer than a few characters.
func runeCount(norm []byte) int {
	n := 0
	for _, c := range norm {
		if utf8.RuneStart(c) {
			n++
		}
	}
	return n
}

// similar finds an open burst of intent whose text is similar to grams, and
// makes the entry's key lead to it.
func (m *Merger) similar(intent string, grams []uint64, now time.Time) *building {
	list := m.near[intent]
	for i := len(list) - 1; i >= max(0, len(list)-nearScan); i-- {
		b := list[i]
		if now.Before(b.deadline) && jaccard(b.grams, grams) >= m.cfg.Similarity {
			if len(b.keys) < maxAliases {
				key := string(m.key)
				b.keys = append(b.keys, key)
				m.open[key] = b
			}
			return b
		}
	}
	return nil
}

// start opens a burst under key, first closing the burst due soonest when
// MaxOpen are open.
func (m *Merger) start(key, intent string, grams []uint64, now time.Time) *building {
	if m.live >= m.cfg.MaxOpen {
		m.close(m.soonest())
	}
	m.seq++
	b := &building{
		seq: m.seq, keys: []string{key}, grams: grams, seen: map[string]struct{}{},
		Burst: Burst{ID: "b-" + strconv.Itoa(m.seq), Intent: intent, FirstAt: now},
	}
	m.open[key] = b
	m.live++
	if grams != nil {
		m.near[intent] = append(m.near[intent], b)
	}
	return b
}

// soonest is the open burst with the earliest deadline.
func (m *Merger) soonest() *building {
	var first *building
	for _, b := range m.open {
		if first == nil || b.deadline.Before(first.deadline) ||
			b.deadline.Equal(first.deadline) && b.seq < first.seq {
			first = b
		}
	}
	return first
}

// close moves an open burst to the closed list.
func (m *Merger) close(b *building) {
	for _, k := range b.keys {
		if m.open[k] == b {
			delete(m.open, k)
		}
	}
	m.live--
	if b.grams != nil {
		list := slices.DeleteFunc(m.near[b.Intent], func(o *building) bool { return o == b })
		if len(list) == 0 {
			delete(m.near, b.Intent)
		} else {
			m.near[b.Intent] = list
		}
	}
	m.closed = append(m.closed, closedBurst{seq: b.seq, Burst: b.finish()})
}
