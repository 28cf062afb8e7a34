// Package lease keeps each room owned by exactly one process of a cluster. The
// owner holds the room's key in a JetStream key-value bucket whose entries
// expire after a TTL, and renews it well within the TTL with a compare-and-set
// on the key's revision; when the owner dies its key expires and another process
// creates it. A failed compare-and-set means another process has the room now,
// and the old owner must stop it at once.
package lease

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultBucket is the key-value bucket of the rooms' leases.
const DefaultBucket = "zhubo_rooms"

// Holder is the value of a room's key: who owns the room and where its viewers go.
type Holder struct {
	// Owner names the process, unique per process start.
	Owner string `json:"owner"`
	// HTTP is the owner's advertised base URL, e.g. http://zhubo-2:8080.
	HTTP string `json:"http"`
}

// Config sets up a Table.
type Config struct {
	// Conn is the NATS connection; its server or cluster must run JetStream.
	Conn *nats.Conn
	// Bucket is the key-value bucket; empty means DefaultBucket.
	Bucket string
	// TTL is how long a lease lasts after its last renewal.
	TTL time.Duration
	// Self is what this process writes into the leases it holds.
	Self Holder
}

// Table is this process's view of the rooms' leases.
type Table struct {
	kv   jetstream.KeyValue
	self Holder
	data []byte
	ttl  time.Duration
}

// Open makes or opens the leases' bucket.
func Open(ctx context.Context, cfg Config) (*Table, error) {
	if cfg.Conn == nil || cfg.Self.Owner == "" || cfg.TTL <= 0 {
		return nil, fmt.Errorf("lease: %w", ErrConfig)
	}
	if cfg.Bucket == "" {
		cfg.Bucket = DefaultBucket
	}
	js, err := jetstream.New(cfg.Conn)
	if err != nil {
		return nil, fmt.Errorf("lease: jetstream: %w", err)
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      cfg.Bucket,
		Description: "room leases: which zhubo process runs each room",
		History:     1,
		TTL:         cfg.TTL,
	})
	if err != nil {
		return nil, fmt.Errorf("lease: bucket %s: %w", cfg.Bucket, err)
	}
	data, err := json.Marshal(cfg.Self)
	if err != nil {
		return nil, fmt.Errorf("lease: encode holder: %w", err)
	}
	return &Table{kv: kv, self: cfg.Self, data: data, ttl: cfg.TTL}, nil
}

// Self is the Holder this process writes.
func (t *Table) Self() Holder { return t.self }

// TTL is how long a lease lasts after its last renewal.
func (t *Table) TTL() time.Duration { return t.ttl }

// Acquire takes room's lease if nobody holds it, returning the revision to renew.
// It fails with ErrHeld when another process (or this one) holds it.
func (t *Table) Acquire(ctx context.Context, room string) (uint64, error) {
	rev, err := t.kv.Create(ctx, room, t.data)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return 0, fmt.Errorf("lease %s: %w", room, ErrHeld)
	}
	if err != nil {
		return 0, fmt.Errorf("lease %s: acquire: %w", room, err)
	}
	return rev, nil
}

// Renew extends the lease held at rev and returns its new revision. When the
// lease has expired and nobody took it meanwhile, Renew takes it again; when
// an earlier renewal went through but its answer never came back, so rev is
// stale, Renew carries on from the key's own revision. It fails with ErrLost
// only when another process holds the room now; any other error (the bus is
// away or slow) leaves the question open until the next renewal.
func (t *Table) Renew(ctx context.Context, room string, rev uint64) (uint64, error) {
	next, err := t.kv.Update(ctx, room, t.data, rev)
	if err == nil {
		return next, nil
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return 0, fmt.Errorf("lease %s: renew: %w", room, err)
	}
	e, err := t.kv.Get(ctx, room)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		next, err = t.Acquire(ctx, room)
		if errors.Is(err, ErrHeld) {
			return 0, fmt.Errorf("lease %s: %w", room, ErrLost)
		}
		return next, err
	}
	if err != nil {
		return 0, fmt.Errorf("lease %s: renew: %w", room, err)
	}
	var h Holder
	if json.Unmarshal(e.Value(), &h) != nil || h.Owner != t.self.Owner {
		return 0, fmt.Errorf("lease %s: %w", room, ErrLost)
	}
	next, err = t.kv.Update(ctx, room, t.data, e.Revision())
	if err != nil {
		return 0, fmt.Errorf("lease %s: renew: %w", room, err)
	}
	return next, nil
}

// Release gives up the lease held at rev so that another process can take the room
// at once rather than after the TTL.
func (t *Table) Release(ctx context.Context, room string, rev uint64) error {
	if err := t.kv.Delete(ctx, room, jetstream.LastRevision(rev)); err != nil {
		return fmt.Errorf("lease %s: release: %w", room, err)
	}
	return nil
}

// Holder reports who holds room's lease; ErrNoHolder when nobody does.
func (t *Table) Holder(ctx context.Context, room string) (Holder, error) {
	e, err := t.kv.Get(ctx, room)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Holder{}, fmt.Errorf("lease %s: %w", room, ErrNoHolder)
	}
	if err != nil {
		return Holder{}, fmt.Errorf("lease %s: %w", room, err)
	}
	var h Holder
	if err := json.Unmarshal(e.Value(), &h); err != nil {
		return Holder{}, fmt.Errorf("lease %s: holder: %w", room, err)
	}
	return h, nil
}
