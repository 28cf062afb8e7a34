package planner

import (
	"maps"
	"math/rand/v2"
	"slices"
)

// Upcoming returns the next n lines Next would return if nothing else
// happened: no signal, cue or reply, each line asked for when the one before
// it has been said and the schedule's gap has passed. It runs the planner on
// a copy of its state and its cooldowns, so the planner itself is unchanged.
// It returns fewer lines while the show is paused or when nothing fits.
func (p *Planner) Upcoming(n int) []Line {
	p.mu.Lock()
	sim := p.simulation()
	p.mu.Unlock()

	at := sim.nextAt
	if at.IsZero() {
		at = p.clock()
	}
	out := make([]Line, 0, max(n, 0))
	for range n {
		line, ok := sim.next(at)
		if !ok {
			break
		}
		out = append(out, line)
		at = sim.nextAt
	}
	return out
}

// simulation is a planner with a copy of p's running state and cooldowns, for
// trying lines out without saying them; p.mu must be held. The copy is not
// shared, so its own mutex is never needed.
func (p *Planner) simulation() *Planner {
	pcg := *p.pcg
	return &Planner{
		show: p.show, lib: p.lib.Clone(), lang: p.lang, clock: p.clock, loc: p.loc,
		pcg: &pcg, rng: rand.New(&pcg), persona: p.persona,
		agenda: slices.Clone(p.agenda), urgent: slices.Clone(p.urgent),
		segment: p.segment, nextProduct: p.nextProduct, current: p.current,
		retention: p.retention, interaction: p.interaction, paused: p.paused,
		blocked: slices.Clone(p.blocked), banned: maps.Clone(p.banned),
		viewers: p.viewers, nextAt: p.nextAt,
	}
}
