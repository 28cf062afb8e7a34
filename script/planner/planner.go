// Package planner decides what the host says next: the running order of a
// show (opening, one block per product, closing, round again) with retention
// and interaction lines woven in, answers to viewers grounded on the current
// product card, and the moderator's cues. It is deterministic for a seed and
// a clock, so a show can be planned offline and replayed in tests.
package planner

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/show"
)

// Config tunes a planner.
type Config struct {
	// Seed makes every random choice repeatable.
	Seed int64
	// Lang is the language of the lines, "zh" or "en"; empty means the show's.
	Lang string
	// Clock tells Upcoming the time before Next is first called; nil means
	// time.Now.
	Clock func() time.Time
}

// maxSkips bounds how many agenda steps Next passes over, for lack of a
// fitting line, before it gives up.
const maxSkips = 64

// Planner is the script brain of one room. It is safe for concurrent use.
type Planner struct {
	show  *show.Show
	lib   *phrase.Library
	lang  string
	clock func() time.Time
	loc   *time.Location // the room's time zone

	mu          sync.Mutex // guards every field below
	pcg         *rand.PCG  // rng's source, kept for Snapshot
	rng         *rand.Rand
	persona     show.Persona
	agenda      []step
	agendaBuf   []step // the array refill last laid the agenda out in; no one else holds it
	urgent      []step // steered in by signals, said before the agenda
	segment     segment
	nextProduct int // the product block refill lays out next
	current     int // the product on air
	retention   int // position in the retention rotation
	interaction int // position in the interaction rotation
	paused      bool
	blocked     []string
	banned      map[string]bool
	viewers     int
	nextAt      time.Time         // when the line after the last one Next returned is due
	slots       map[string]string // reused by every pick, so a pick allocates less
	keywords    []string          // reused by every query
}

// New makes a planner for a show. The planner keeps its own cooldowns, so
// one library can serve many rooms.
func New(s *show.Show, lib *phrase.Library, cfg Config) (*Planner, error) {
	if s == nil || lib == nil {
		return nil, errors.New("new planner: show and phrase library are required")
	}
	if len(s.Products) == 0 {
		return nil, fmt.Errorf("new planner: show %q: %w", s.ID, show.ErrInvalid)
	}
	lang := cfg.Lang
	if lang == "" {
		lang = s.Lang
	}
	if lib.Count(bus.SceneProduct, lang) == 0 {
		return nil, fmt.Errorf("new planner: %w in language %q", ErrNoPhrases, lang)
	}
	clock := cfg.Clock
	if clock == nil {
		clock = time.Now
	}
	seed := uint64(cfg.Seed)
	pcg := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	return &Planner{
		show: s, lib: lib.Fork(), lang: lang, clock: clock, loc: s.Schedule.Location(),
		pcg: pcg, rng: rand.New(pcg), persona: s.Persona, banned: map[string]bool{},
	}, nil
}

// Next returns the next scripted line at now. It reports false while the
// show is paused or when nothing in the library fits.
func (p *Planner) Next(now time.Time) (Line, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.next(now)
}

// next is Next with p.mu held.
func (p *Planner) next(now time.Time) (Line, bool) {
	if p.paused {
		return Line{}, false
	}
	for range maxSkips {
		st := p.popStep()
		if st.product >= 0 {
			p.current = st.product
		}
		if line, ok := p.speak(st, now); ok {
			p.nextAt = now.Add(line.EstDuration + p.show.Schedule.Gap)
			return line, true
		}
	}
	return Line{}, false
}

// CurrentProduct is the product on air: the one whose card answers questions.
func (p *Planner) CurrentProduct() *show.ProductCard {
	p.mu.Lock()
	defer p.mu.Unlock()
	return &p.show.Products[p.current]
}

// Paused reports whether a pause cue holds the script.
func (p *Planner) Paused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

func (p *Planner) popStep() step {
	if len(p.urgent) > 0 {
		st := p.urgent[0]
		p.urgent = p.urgent[1:]
		return st
	}
	for len(p.agenda) == 0 {
		p.refill()
	}
	st := p.agenda[0]
	p.agenda = p.agenda[1:]
	return st
}

// speak finds a line for a step: each theme in turn among rested lines
// first, then, rather than fall silent, among lines still resting.
func (p *Planner) speak(st step, now time.Time) (Line, bool) {
	card := p.productCard(st)
	for _, lenient := range []bool{false, true} {
		for _, th := range st.themes {
			req := pickRequest{scene: st.scene, theme: th, card: card, lenient: lenient,
				source: bus.SourceScript, require: st.require, exclude: st.exclude}
			if th == "welfare_preview" && st.require == "" {
				// The script previews only the card's coupon; lucky bags and
				// draws are announced when a moderator cues them.
				req.require = welfareKeywords["coupon"]
			}
			if line, ok := p.pick(req, now); ok {
				if st.product < 0 {
					line.Product = ""
				}
				return line, true
			}
		}
	}
	return Line{}, false
}

// pickRequest is what one line is wanted for.
type pickRequest struct {
	scene, theme string
	card         *show.ProductCard
	source       string
	lenient      bool // take a resting line when no rested one fits
	joined       bool // list slots carry every entry, as answers need
	keywords     []string
	require      string            // a keyword every candidate must carry
	exclude      string            // a keyword no candidate may carry
	extra        map[string]string // slots that override the card's
	accept       func(*phrase.Phrase) bool
}

// pick chooses and fills a line; p.mu must be held.
func (p *Planner) pick(req pickRequest, now time.Time) (Line, bool) {
	m := p.moment(now)
	f := slotFiller{show: p.show, persona: &p.persona, card: req.card, lang: p.lang,
		rng: p.rng, joined: req.joined, next: p.upcoming()}
	if p.slots == nil {
		p.slots = make(map[string]string, len(phrase.Slots))
	}
	slots := f.slots(p.slots, m)
	for k, v := range req.extra {
		slots[k] = v
	}
	q := p.query(req, m)
	// The phrase Pick returns is the last one Accept passed, so its filled
	// text is the last one Accept made.
	var text string
	q.Accept = func(ph *phrase.Phrase) bool {
		if req.accept != nil && !req.accept(ph) {
			return false
		}
		filled, err := phrase.Fill(ph.Text, slots)
		if err != nil || p.blockedText(filled) {
			return false
		}
		text = filled
		return true
	}
	ph, ok := p.lib.Pick(q, now, p.rng)
	if !ok {
		return Line{}, false
	}
	return Line{Text: text, Lang: p.lang, Scene: ph.Scene, Theme: ph.Theme,
		Product: req.card.ID, Source: req.source, Phrase: ph.ID,
		EstDuration: EstimateDuration(p.lang, text, p.persona.Speed)}, true
}

func (p *Planner) query(req pickRequest, m moment) phrase.Query {
	c := req.card
	kw := append(append(append(p.keywords[:0], req.keywords...), c.PainPoints...),
		c.SuitableSkin...)
	p.keywords = kw
	return phrase.Query{Scene: req.scene, Theme: req.theme, Lang: p.lang, Keywords: kw,
		Category: c.Category, Positioning: c.Positioning, Season: m.season,
		Region: p.show.Schedule.Region, TimeOfDay: m.timeOfDay, SkinTypes: c.SuitableSkin,
		PainPoints: c.PainPoints, Audience: c.Audience, HasCoupon: c.Coupon != "",
		Viewers: m.viewers, IgnoreCooldown: req.lenient, Require: req.require,
		Exclude: req.exclude}
}

func (p *Planner) moment(now time.Time) moment {
	sc := &p.show.Schedule
	tod := sc.TimeOfDay
	if tod == "" {
		tod = timeOfDay(now.In(p.loc))
	}
	return moment{season: sc.SeasonAt(now), timeOfDay: tod,
		viewers: p.viewers}
}

// upcoming is the product after the one on air, for lines that tease it.
func (p *Planner) upcoming() *show.ProductCard {
	return &p.show.Products[(p.current+1)%len(p.show.Products)]
}

// blockedText reports whether text holds a word a moderator blocked.
func (p *Planner) blockedText(text string) bool {
	if len(p.blocked) == 0 {
		return false
	}
	lower := strings.ToLower(text)
	for _, w := range p.blocked {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
