package report

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

const (
	// fetchBatch is how many archived messages one fetch asks for.
	fetchBatch = 512
	// untilSlack lets reading run a little past Until, since the archive's
	// stored times and the producers' times differ by the time on the wire.
	untilSlack = time.Minute
)

// Collect reads the room's messages from the archive stream, from Since until
// the reader has caught up with the stream (or passed Until), and summarizes
// them. It returns ErrNoMessages when the range holds nothing of the room and
// ErrNoArchive when there is no archive stream.
func Collect(ctx context.Context, js jetstream.JetStream, opts Options) (*Summary, error) {
	if !bus.ValidRoom(opts.Room) {
		return nil, fmt.Errorf("report %q: %w", opts.Room, ErrNoRoom)
	}
	msgs, err := readRoom(ctx, js, opts)
	if err != nil {
		return nil, fmt.Errorf("report %q: %w", opts.Room, err)
	}
	s := Build(opts, msgs)
	if s.Totals.Messages == 0 {
		return nil, fmt.Errorf("report %q: %w", opts.Room, ErrNoMessages)
	}
	s.interpret(ctx, opts.Interpret)
	return s, nil
}

// readRoom reads the room's archived messages in stream order with an ordered
// consumer, placing each on the show's timeline.
func readRoom(ctx context.Context, js jetstream.JetStream, opts Options) ([]Message, error) {
	cons, err := js.OrderedConsumer(ctx, bus.ArchiveStream, consumerConfig(opts))
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil, ErrNoArchive
	}
	if err != nil {
		return nil, fmt.Errorf("archive consumer: %w", err)
	}
	r := roomReader{room: opts.Room, until: opts.Until, clock: newShowClock()}
	for !r.done {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("read archive: %w", err)
		}
		batch, err := cons.FetchNoWait(fetchBatch)
		if err != nil {
			return nil, fmt.Errorf("read archive: %w", err)
		}
		if err := r.read(batch); err != nil {
			return nil, fmt.Errorf("read archive: %w", err)
		}
	}
	if r.skipped > 0 {
		slog.Warn("report: skipped undecodable messages", "room", opts.Room,
			"skipped", r.skipped)
	}
	return r.msgs, nil
}

// consumerConfig filters the archive to the subjects a report reads, of the
// room, from Since on; the audit log shares the archive but tells nothing new.
func consumerConfig(opts Options) jetstream.OrderedConsumerConfig {
	cfg := jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{
			bus.EventsSubject(opts.Room), bus.IntentsSubject(opts.Room),
			bus.UtterancesSubject(opts.Room), bus.CuesSubject(opts.Room),
			bus.AcksSubject(opts.Room),
		},
		DeliverPolicy:     jetstream.DeliverAllPolicy,
		InactiveThreshold: 30 * time.Second,
	}
	if !opts.Since.IsZero() {
		since := opts.Since
		cfg.DeliverPolicy = jetstream.DeliverByStartTimePolicy
		cfg.OptStartTime = &since
	}
	return cfg
}

// roomReader accumulates the messages of fetched batches.
type roomReader struct {
	room    string
	until   time.Time
	clock   *showClock
	msgs    []Message
	skipped int
	done    bool
}

// read takes one batch; it marks the reader done when the batch is empty, the
// stream has nothing more pending, or the batch went past Until.
func (r *roomReader) read(batch jetstream.MessageBatch) error {
	n := 0
	for m := range batch.Messages() {
		n++
		meta, err := m.Metadata()
		if err != nil {
			return fmt.Errorf("metadata: %w", err)
		}
		if meta.NumPending == 0 {
			r.done = true
		}
		if !r.until.IsZero() && meta.Timestamp.After(r.until.Add(untilSlack)) {
			r.done = true
		}
		msg, err := decodeMessage(m.Subject(), m.Data())
		if err != nil || msg.Event != nil && msg.Event.Room != r.room {
			r.skipped++
			continue
		}
		r.clock.place(&msg, meta.Timestamp)
		r.msgs = append(r.msgs, msg)
	}
	if n == 0 {
		r.done = true
	}
	if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
		return err
	}
	return nil
}
