package ingest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Limits of one HTTP ingest request.
const (
	MaxHTTPBody   = 256 << 10
	MaxHTTPEvents = 100
	flushTimeout  = 5 * time.Second
)

// ingestReply is the JSON body of every answer of the HTTP endpoint.
type ingestReply struct {
	Accepted int         `json:"accepted"`
	Rejected []rejection `json:"rejected"`
	Error    string      `json:"error,omitempty"`
}

// rejection says why the Event at Index of the request was refused.
type rejection struct {
	Index  int    `json:"index"`
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

// HTTPHandler serves POST /api/rooms/{room}/events for platform adapters: the body
// is one Event or a JSON array of at most MaxHTTPEvents, at most MaxHTTPBody bytes.
// Missing id, ts, room and v are filled in (a random id, now, the path's room,
// SchemaVersion); each Event is then validated like bus.DecodeEvent and the valid
// ones are published to the room's events subject. It answers 202 with
// {"accepted":N,"rejected":[{"index":i,"reason":"…","error":"…"}]}; 400 for bad
// JSON, an invalid room, an Event naming another room (nothing is published then)
// or no valid Event; 413 for a body or array over the limits; 405 for other methods.
func (in *Ingest) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/rooms/{room}/events", in.serveEvents)
	return mux
}

func (in *Ingest) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeReply(w, http.StatusMethodNotAllowed, ingestReply{Error: "use POST"})
		return
	}
	room := r.PathValue("room")
	if !bus.ValidRoom(room) {
		writeReply(w, http.StatusBadRequest, ingestReply{Error: "invalid room name"})
		return
	}
	raws, status, err := readEvents(w, r)
	if err != nil {
		in.countHTTP(0, map[string]uint64{bus.Reason(err): 1})
		writeReply(w, status, ingestReply{Error: err.Error()})
		return
	}
	status, reply := in.ingestHTTP(r.Context(), room, raws)
	writeReply(w, status, reply)
}

// readEvents reads the body as one Event or an array of them, unparsed.
func readEvents(w http.ResponseWriter, r *http.Request) ([]json.RawMessage, int, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxHTTPBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, http.StatusRequestEntityTooLarge,
				fmt.Errorf("body over %d bytes: %w", MaxHTTPBody, bus.ErrTooLarge)
		}
		return nil, http.StatusBadRequest, fmt.Errorf("read body: %w", err)
	}
	body = bytes.TrimSpace(body)
	if !json.Valid(body) {
		return nil, http.StatusBadRequest, fmt.Errorf("body: %w", bus.ErrBadJSON)
	}
	if body[0] == '{' {
		return []json.RawMessage{body}, 0, nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(body, &raws); err != nil {
		return nil, http.StatusBadRequest,
			fmt.Errorf("body is neither an event nor an array: %w: %w", bus.ErrBadJSON, err)
	}
	switch {
	case len(raws) == 0:
		return nil, http.StatusBadRequest, fmt.Errorf("empty array: %w", bus.ErrMissingField)
	case len(raws) > MaxHTTPEvents:
		return nil, http.StatusRequestEntityTooLarge,
			fmt.Errorf("%d events > %d: %w", len(raws), MaxHTTPEvents, bus.ErrTooLarge)
	}
	return raws, 0, nil
}

// ingestHTTP validates and publishes the Events of one request.
func (in *Ingest) ingestHTTP(ctx context.Context, room string, raws []json.RawMessage) (
	int, ingestReply) {
	now := in.now()
	reply := ingestReply{Rejected: []rejection{}}
	valid := make([][]byte, 0, len(raws))
	reasons := map[string]uint64{}
	for i, raw := range raws {
		data, err := prepareEvent(raw, room, now)
		if errors.Is(err, ErrRoomMismatch) {
			in.countHTTP(0, map[string]uint64{reasonRoomMismatch: uint64(len(raws))})
			return http.StatusBadRequest, ingestReply{Rejected: []rejection{
				{Index: i, Reason: reasonRoomMismatch, Error: err.Error()}},
				Error: fmt.Sprintf("event %d: %v", i, err)}
		}
		if err != nil {
			reasons[reason(err)]++
			reply.Rejected = append(reply.Rejected,
				rejection{Index: i, Reason: reason(err), Error: err.Error()})
			continue
		}
		valid = append(valid, data)
	}
	if len(valid) == 0 {
		in.countHTTP(0, reasons)
		reply.Error = "no valid event"
		return http.StatusBadRequest, reply
	}
	if err := in.publishEvents(ctx, room, valid); err != nil {
		in.log.Error("publish events", "room", room, "err", err)
		in.countHTTP(0, reasons)
		return http.StatusServiceUnavailable, ingestReply{Rejected: reply.Rejected,
			Error: "event bus unavailable"}
	}
	in.countHTTP(uint64(len(valid)), reasons)
	reply.Accepted = len(valid)
	return http.StatusAccepted, reply
}

// prepareEvent fills an Event's missing fields and validates the result, returning
// the bytes to publish.
func prepareEvent(raw json.RawMessage, room string, now time.Time) ([]byte, error) {
	if !utf8.Valid(raw) {
		return nil, bus.ErrBadUTF8
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err == nil && compact.Len() > bus.MaxEventBytes {
		return nil, fmt.Errorf("%d bytes > %d: %w",
			compact.Len(), bus.MaxEventBytes, bus.ErrTooLarge)
	}
	var e bus.Event
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, fmt.Errorf("%w: %w", bus.ErrBadJSON, err)
	}
	switch {
	case e.Room == "":
		e.Room = room
	case e.Room != room:
		return nil, fmt.Errorf("room %q, path names %q: %w", e.Room, room, ErrRoomMismatch)
	}
	if e.ID == "" {
		e.ID = "h-" + rand.Text()
	}
	if e.TS.IsZero() {
		e.TS = now.UTC()
	}
	if e.V == 0 {
		e.V = bus.SchemaVersion
	}
	data, err := bus.Encode(e)
	if err != nil {
		return nil, fmt.Errorf("encode event: %w", err)
	}
	if _, err := bus.DecodeEvent(data); err != nil {
		return nil, err
	}
	return data, nil
}

// publishEvents publishes and flushes, so that 202 means the server has them.
func (in *Ingest) publishEvents(ctx context.Context, room string, events [][]byte) error {
	subject := bus.EventsSubject(room)
	for _, data := range events {
		if err := in.nc.Publish(subject, data); err != nil {
			return fmt.Errorf("publish %s: %w", subject, err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, flushTimeout)
	defer cancel()
	if err := in.nc.FlushWithContext(ctx); err != nil {
		return fmt.Errorf("flush %s: %w", subject, err)
	}
	return nil
}

// countHTTP adds one request's outcome to the counters and logs its rejections,
// rate-limited per reason.
func (in *Ingest) countHTTP(accepted uint64, rejected map[string]uint64) {
	now := in.now()
	type line struct {
		reason     string
		suppressed uint64
	}
	var lines []line
	in.mu.Lock()
	in.stats.HTTPAccepted += accepted
	for why, n := range rejected {
		in.stats.HTTPRejected[why] += n
		if ok, suppressed := in.logged.admit("http_"+why, now); ok {
			lines = append(lines, line{why, suppressed})
		}
	}
	in.mu.Unlock()
	for _, l := range lines {
		in.log.Warn("http events rejected", "reason", l.reason, "suppressed", l.suppressed)
	}
}

func writeReply(w http.ResponseWriter, status int, reply ingestReply) {
	if reply.Rejected == nil {
		reply.Rejected = []rejection{}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(reply); err != nil {
		return // the client went away; nothing else to tell it
	}
}
