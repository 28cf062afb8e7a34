package planner

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/zhubo-live/zhubo/script/show"
)

// snapshotVersion is the version of the snapshot encoding; Restore refuses others.
const snapshotVersion = 1

// snapshot is the planner's running state as Snapshot encodes it: where the show is
// in its running order, what the moderators changed, and the planner's memory of
// what it said: when each phrase was last picked (so no line repeats inside its
// cooldown after a takeover) and the random source that rotates slot values.
type snapshot struct {
	V           int          `json:"v"`
	Show        string       `json:"show"`
	Products    int          `json:"products"`
	Segment     int          `json:"segment"`
	NextProduct int          `json:"next_product"`
	Current     int          `json:"current"`
	Retention   int          `json:"retention"`
	Interaction int          `json:"interaction"`
	Agenda      []stepState  `json:"agenda"`
	Urgent      []stepState  `json:"urgent,omitempty"`
	Paused      bool         `json:"paused,omitempty"`
	Blocked     []string     `json:"blocked,omitempty"`
	Banned      []string     `json:"banned,omitempty"`
	Viewers     int          `json:"viewers,omitempty"`
	Persona     show.Persona `json:"persona"`
	RNG         []byte       `json:"rng"`
	// LastPicked is when each phrase was last picked, by phrase ID. A snapshot
	// without it restores with every line rested.
	LastPicked map[string]time.Time `json:"last_picked,omitempty"`
	// NextAt is when the line after the last one said is due; Upcoming starts there.
	NextAt time.Time `json:"next_at,omitzero"`
}

// stepState is one step of the running order, encoded.
type stepState struct {
	Scene   string   `json:"scene"`
	Themes  []string `json:"themes"`
	Product int      `json:"product"`
	Require string   `json:"require,omitempty"`
	Exclude string   `json:"exclude,omitempty"`
}

// Snapshot encodes the planner's running state (the place in the running order,
// the product on air, pause, blocked words, banned users, persona changes, the
// random source and the phrases' cooldowns) so that another process can Restore
// it and go on where this one stopped.
func (p *Planner) Snapshot() ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rng, err := p.pcg.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("planner snapshot: %w", err)
	}
	s := snapshot{
		V: snapshotVersion, Show: p.show.ID, Products: len(p.show.Products),
		Segment: int(p.segment), NextProduct: p.nextProduct, Current: p.current,
		Retention: p.retention, Interaction: p.interaction,
		Agenda: encodeSteps(p.agenda), Urgent: encodeSteps(p.urgent),
		Paused: p.paused, Blocked: slices.Clone(p.blocked),
		Banned: slices.Sorted(maps.Keys(p.banned)), Viewers: p.viewers,
		Persona: p.persona, RNG: rng, LastPicked: p.lib.LastPicked(), NextAt: p.nextAt,
	}
	return json.Marshal(s)
}

// Restore replaces the planner's running state with a Snapshot of a planner of the
// same show. On error the planner is unchanged.
func (p *Planner) Restore(data []byte) error {
	var s snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("%w: %w", ErrBadSnapshot, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.check(&s); err != nil {
		return err
	}
	if err := p.pcg.UnmarshalBinary(s.RNG); err != nil {
		return fmt.Errorf("%w: random source: %w", ErrBadSnapshot, err)
	}
	p.segment, p.nextProduct, p.current = segment(s.Segment), s.NextProduct, s.Current
	p.retention, p.interaction = s.Retention, s.Interaction
	p.agenda, p.urgent = decodeSteps(s.Agenda), decodeSteps(s.Urgent)
	p.paused, p.blocked, p.viewers, p.persona = s.Paused, s.Blocked, s.Viewers, s.Persona
	p.banned = map[string]bool{}
	for _, u := range s.Banned {
		p.banned[u] = true
	}
	p.lib.SetLastPicked(s.LastPicked)
	p.nextAt = s.NextAt
	return nil
}

// check refuses a snapshot of another show, version or product list, whose indices
// would not fit this planner's show.
func (p *Planner) check(s *snapshot) error {
	n := len(p.show.Products)
	switch {
	case s.V != snapshotVersion:
		return fmt.Errorf("%w: version %d, want %d", ErrBadSnapshot, s.V, snapshotVersion)
	case s.Show != p.show.ID || s.Products != n:
		return fmt.Errorf("%w: of show %q with %d products, not %q with %d",
			ErrBadSnapshot, s.Show, s.Products, p.show.ID, n)
	case s.Segment < int(segOpening) || s.Segment > int(segClosing):
		return fmt.Errorf("%w: segment %d", ErrBadSnapshot, s.Segment)
	case s.Current < 0 || s.Current >= n || s.NextProduct < 0 || s.NextProduct > n:
		return fmt.Errorf("%w: product %d, next %d", ErrBadSnapshot, s.Current, s.NextProduct)
	case s.Retention < 0 || s.Interaction < 0:
		return fmt.Errorf("%w: negative rotation", ErrBadSnapshot)
	}
	for _, st := range slices.Concat(s.Agenda, s.Urgent) {
		if st.Product < -1 || st.Product >= n {
			return fmt.Errorf("%w: step of product %d", ErrBadSnapshot, st.Product)
		}
	}
	return nil
}

func encodeSteps(steps []step) []stepState {
	out := make([]stepState, len(steps))
	for i, st := range steps {
		out[i] = stepState{Scene: st.scene, Themes: slices.Clone(st.themes), Product: st.product,
			Require: st.require, Exclude: st.exclude}
	}
	return out
}

func decodeSteps(states []stepState) []step {
	out := make([]step, len(states))
	for i, st := range states {
		out[i] = step{scene: st.Scene, themes: st.Themes, product: st.Product,
			require: st.Require, exclude: st.Exclude}
	}
	return out
}
