package personalize

import (
	"sync"
	"time"
)

// Breaker defaults.
const (
	DefaultBreakerFailures = 3
	DefaultBreakerCooldown = 30 * time.Second
)

// BreakerConfig sets when the LLM is given up on for a while.
type BreakerConfig struct {
	// Failures is how many consecutive failures open the circuit; 0 uses
	// DefaultBreakerFailures.
	Failures int
	// Cooldown is how long the circuit stays open before one probe request
	// is let through; 0 uses DefaultBreakerCooldown.
	Cooldown time.Duration
}

// breakerState is where the circuit stands.
type breakerState int

const (
	breakerClosed breakerState = iota
	breakerOpen
	breakerHalfOpen
)

// breaker is a circuit breaker: after Failures consecutive failures it opens
// and refuses requests for Cooldown, so a dead endpoint costs no timeouts;
// then it lets one probe through (half-open) and closes again if the probe
// succeeds, or reopens for another Cooldown if it fails.
type breaker struct {
	cfg BreakerConfig
	now func() time.Time

	mu       sync.Mutex // guards the fields below
	state    breakerState
	failures int
	openedAt time.Time
	probing  bool
}

func newBreaker(cfg BreakerConfig, now func() time.Time) *breaker {
	if cfg.Failures <= 0 {
		cfg.Failures = DefaultBreakerFailures
	}
	if cfg.Cooldown <= 0 {
		cfg.Cooldown = DefaultBreakerCooldown
	}
	return &breaker{cfg: cfg, now: now}
}

// allow reports whether a request may go to the endpoint now. Every allowed
// request must be followed by exactly one done.
func (b *breaker) allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case breakerOpen:
		if b.now().Sub(b.openedAt) < b.cfg.Cooldown {
			return false
		}
		b.state = breakerHalfOpen
		b.probing = true
		return true
	case breakerHalfOpen:
		if b.probing {
			return false
		}
		b.probing = true
		return true
	}
	return true
}

// done records how an allowed request went: ok for a healthy endpoint (even
// if the guard refused the text), !ok for a failure of the endpoint. A
// request that neither failed nor succeeded (canceled) has counts false.
// It reports whether the circuit opened or closed because of this request.
func (b *breaker) done(ok, counts bool) (opened, closed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	before := b.state
	if before == breakerHalfOpen {
		b.probing = false
	}
	if !counts {
		return false, false
	}
	if ok {
		b.state = breakerClosed
		b.failures = 0
		return false, before != breakerClosed
	}
	b.failures++
	if before == breakerHalfOpen || b.failures >= b.cfg.Failures {
		b.state = breakerOpen
		b.openedAt = b.now()
		return before != breakerOpen, false
	}
	return false, false
}

// isOpen reports whether the circuit refuses requests, for health reports.
func (b *breaker) isOpen() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state == breakerOpen
}
