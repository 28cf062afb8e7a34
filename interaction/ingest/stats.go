package ingest

import "maps"

// Stats counts what ingest did since it was made, for metrics. Every Event that
// arrives is counted exactly once, in Accepted by type or in Rejected by reason.
type Stats struct {
	// Accepted counts valid Events from NATS by event type.
	Accepted map[string]uint64
	// Rejected counts Events from NATS refused, by reason: bus.Reason labels plus
	// "room_mismatch" and "rate_limited".
	Rejected map[string]uint64
	// Intents counts published Intents by intent.
	Intents map[string]uint64
	// Merged counts merged Intents published, one per closed burst.
	Merged uint64
	// Signals counts published RoomSignals by kind.
	Signals map[string]uint64
	// PublishErrors counts Intents and signals that could not be published.
	PublishErrors uint64
	// Dropped counts Events the NATS client discarded because ingest fell behind.
	Dropped uint64
	// HTTPAccepted counts Events the HTTP endpoint published to NATS.
	HTTPAccepted uint64
	// HTTPRejected counts Events the HTTP endpoint refused, by reason.
	HTTPRejected map[string]uint64
}

func newStats() Stats {
	return Stats{
		Accepted:     map[string]uint64{},
		Rejected:     map[string]uint64{},
		Intents:      map[string]uint64{},
		Signals:      map[string]uint64{},
		HTTPRejected: map[string]uint64{},
	}
}

// clone copies s so that a caller may read it while ingest keeps counting.
func (s Stats) clone() Stats {
	c := s
	c.Accepted = maps.Clone(s.Accepted)
	c.Rejected = maps.Clone(s.Rejected)
	c.Intents = maps.Clone(s.Intents)
	c.Signals = maps.Clone(s.Signals)
	c.HTTPRejected = maps.Clone(s.HTTPRejected)
	return c
}
