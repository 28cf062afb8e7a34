package lease

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func openPair(t *testing.T, ttl time.Duration) (a, b *Table) {
	t.Helper()
	e, err := bus.StartEmbedded(bus.EmbeddedConfig{Host: "127.0.0.1", Port: -1,
		StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	open := func(owner string) *Table {
		nc, err := nats.Connect(e.URL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		tb, err := Open(t.Context(), Config{Conn: nc, TTL: ttl,
			Self: Holder{Owner: owner, HTTP: "http://" + owner}})
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	return open("a"), open("b")
}

func TestOneHolderAtATime(t *testing.T) {
	a, b := openPair(t, 2*time.Second)
	ctx := t.Context()
	rev, err := a.Acquire(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Acquire(ctx, "demo"); !errors.Is(err, ErrHeld) {
		t.Fatalf("second Acquire = %v, want ErrHeld", err)
	}
	if h, err := b.Holder(ctx, "demo"); err != nil || h.Owner != "a" || h.HTTP != "http://a" {
		t.Fatalf("Holder = %+v, %v, want a", h, err)
	}
	if rev, err = a.Renew(ctx, "demo", rev); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Renew(ctx, "demo", rev+100); !errors.Is(err, ErrLost) {
		t.Errorf("Renew by a non-holder = %v, want ErrLost", err)
	}
	if err := a.Release(ctx, "demo", rev); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Holder(ctx, "demo"); !errors.Is(err, ErrNoHolder) {
		t.Errorf("Holder after Release = %v, want ErrNoHolder", err)
	}
	if _, err := b.Acquire(ctx, "demo"); err != nil {
		t.Errorf("Acquire after Release = %v, want the room", err)
	}
}

// TestDeadHolderExpires stops renewing one holder's lease and checks that the other
// takes the room after about the TTL, and that the old holder learns it lost.
func TestDeadHolderExpires(t *testing.T) {
	const ttl = time.Second
	a, b := openPair(t, ttl)
	ctx := t.Context()
	old, err := a.Acquire(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	died := time.Now()
	deadline := died.Add(ttl + 3*time.Second)
	for {
		if _, err = b.Acquire(ctx, "demo"); err == nil {
			break
		}
		if !errors.Is(err, ErrHeld) || time.Now().After(deadline) {
			t.Fatalf("b could not take the room: %v", err)
		}
		waitFor(ctx, 50*time.Millisecond)
	}
	took := time.Since(died)
	t.Logf("room taken %v after its holder stopped renewing (ttl %v)", took, ttl)
	if took < ttl/2 {
		t.Errorf("room taken after %v, before the %v lease could expire", took, ttl)
	}
	if _, err := a.Renew(ctx, "demo", old); !errors.Is(err, ErrLost) {
		t.Errorf("old holder's Renew = %v, want ErrLost", err)
	}
}

// TestRenewRetakesAnExpiredLease lets a lease expire with nobody else waiting: the
// holder's next renewal takes it again.
func TestRenewRetakesAnExpiredLease(t *testing.T) {
	const ttl = time.Second
	a, _ := openPair(t, ttl)
	ctx := t.Context()
	rev, err := a.Acquire(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(ttl + 3*time.Second)
	for {
		if _, err := a.Holder(ctx, "demo"); errors.Is(err, ErrNoHolder) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("lease never expired")
		}
		waitFor(ctx, 50*time.Millisecond)
	}
	if _, err := a.Renew(ctx, "demo", rev); err != nil {
		t.Errorf("Renew of an expired, untaken lease = %v, want it taken again", err)
	}
}

func TestRenewWithAStaleRevision(t *testing.T) {
	a, b := openPair(t, 2*time.Second)
	ctx := t.Context()
	rev, err := a.Acquire(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	// The renewal went through but its answer was lost: the holder still
	// has the old revision and must not take itself for a stranger.
	if _, err := a.Renew(ctx, "demo", rev); err != nil {
		t.Fatal(err)
	}
	next, err := a.Renew(ctx, "demo", rev)
	if err != nil {
		t.Fatalf("Renew with a stale revision = %v, want the lease kept", err)
	}
	if next <= rev+1 {
		t.Errorf("revision after the stale renewal = %d, want past %d", next, rev+1)
	}
	if _, err := b.Renew(ctx, "demo", rev); !errors.Is(err, ErrLost) {
		t.Errorf("another process renewing with a stale revision = %v, want ErrLost", err)
	}
}

func TestOpenNeedsConfig(t *testing.T) {
	if _, err := Open(context.Background(), Config{}); !errors.Is(err, ErrConfig) {
		t.Errorf("Open(empty) = %v, want ErrConfig", err)
	}
}

// waitFor paces a polling loop.
func waitFor(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
