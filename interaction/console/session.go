package console

import (
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/nats-io/nats.go"
)

// Timing of a console connection.
const (
	pingPeriod = 20 * time.Second
	pongWait   = 60 * time.Second
	writeWait  = 10 * time.Second
)

// Queue sizes. The feed drops its oldest message when full so that a slow
// console never holds up the bus; answers to the console's own cues are never
// dropped, and a console that lets them pile up is disconnected instead.
const (
	ctrlQueue  = 64
	feedQueue  = 256
	maxPending = 32
)

// session is one console connection: a reader (the ServeHTTP goroutine), one
// writer goroutine, and the NATS subscriptions of its room's feed.
type session struct {
	h    *Handler
	ws   *websocket.Conn
	nc   *nats.Conn
	role Role
	room string
	id   string
	log  *slog.Logger

	ctrl chan []byte // hello and Acks of this console's cues
	feed chan []byte // the room's live feed
	done chan struct{}
	once sync.Once

	mu      sync.Mutex // guards pending and subs
	pending map[string]*pendingCue
	subs    []*nats.Subscription

	dropped atomic.Int64
}

func newSession(h *Handler, ws *websocket.Conn, role Role, room string) *session {
	id := newID(string(role) + "-")
	return &session{
		h: h, ws: ws, nc: h.cfg.Conn, role: role, room: room, id: id,
		log:     h.log.With("room", room, "console", id, "role", role),
		ctrl:    make(chan []byte, ctrlQueue),
		feed:    make(chan []byte, feedQueue),
		done:    make(chan struct{}),
		pending: make(map[string]*pendingCue),
	}
}

// run serves the console until it leaves or is shut down, then releases
// everything the session started.
func (s *session) run() {
	if err := s.subscribe(); err != nil {
		s.log.Error("console feed", "err", err)
		s.shutdown(websocket.CloseInternalServerErr, "room feed unavailable")
		s.unsubscribe()
		return
	}
	s.log.Info("console connected")
	s.hello()
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		s.writeLoop()
	}()
	s.readLoop()

	s.close()
	s.unsubscribe()
	<-writerDone
	s.log.Info("console disconnected", "dropped_feed", s.dropped.Load())
}

// hello queues the greeting that tells the console its role and cues.
func (s *session) hello() {
	msg, err := encodeMessage(MessageHello, Hello{
		Role: s.role, Room: s.room, ID: s.id, Cues: s.role.CueTypes(),
	})
	if err == nil {
		s.sendCtrl(msg)
	}
}

// readLoop reads console messages until the connection fails or closes.
func (s *session) readLoop() {
	s.ws.SetReadLimit(MaxMessageBytes)
	_ = s.ws.SetReadDeadline(time.Now().Add(pongWait))
	s.ws.SetPongHandler(func(string) error {
		return s.ws.SetReadDeadline(time.Now().Add(pongWait))
	})
	for {
		_, data, err := s.ws.ReadMessage()
		if err != nil {
			s.logReadError(err)
			return
		}
		_ = s.ws.SetReadDeadline(time.Now().Add(pongWait))
		s.handle(data)
	}
}

func (s *session) logReadError(err error) {
	switch {
	case errors.Is(err, websocket.ErrReadLimit):
		s.log.Warn("console message too large; closing", "limit", MaxMessageBytes)
	case websocket.IsUnexpectedCloseError(err, websocket.CloseGoingAway,
		websocket.CloseNormalClosure, websocket.CloseNoStatusReceived):
		s.log.Info("console read", "err", err)
	}
}

// writeLoop is the connection's only writer: answers first, then the feed,
// and a ping every pingPeriod.
func (s *session) writeLoop() {
	ping := time.NewTicker(pingPeriod)
	defer ping.Stop()
	for {
		select {
		case msg := <-s.ctrl:
			if !s.write(msg) {
				return
			}
			continue
		default:
		}
		select {
		case <-s.done:
			return
		case msg := <-s.ctrl:
			if !s.write(msg) {
				return
			}
		case msg := <-s.feed:
			if !s.write(msg) {
				return
			}
		case <-ping.C:
			err := s.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait))
			if err != nil {
				s.close()
				return
			}
		}
	}
}

// write sends one text message; on failure it closes the session.
func (s *session) write(msg []byte) bool {
	_ = s.ws.SetWriteDeadline(time.Now().Add(writeWait))
	if err := s.ws.WriteMessage(websocket.TextMessage, msg); err != nil {
		s.close()
		return false
	}
	return true
}

// sendCtrl queues a message that must reach the console. If the console has
// let ctrlQueue of them pile up it is not reading, and it is disconnected.
func (s *session) sendCtrl(msg []byte) {
	select {
	case s.ctrl <- msg:
	default:
		s.log.Warn("console not reading its answers; closing")
		s.close()
	}
}

// sendFeed queues a feed message, dropping the oldest queued one when full.
func (s *session) sendFeed(msg []byte) {
	for {
		select {
		case s.feed <- msg:
			return
		default:
		}
		select {
		case <-s.feed:
			if s.dropped.Add(1) == 1 {
				s.log.Warn("console too slow; dropping oldest feed messages")
			}
		default:
		}
	}
}

// shutdown tells the console why it is being closed, then closes it.
func (s *session) shutdown(code int, reason string) {
	msg := websocket.FormatCloseMessage(code, reason)
	_ = s.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	s.close()
}

// close ends the session: it stops the writer and unblocks the reader, and
// records the cues still waiting for an Ack as unanswered. Safe to call from
// any goroutine, more than once.
func (s *session) close() {
	s.once.Do(func() {
		close(s.done)
		_ = s.ws.Close()
		s.mu.Lock()
		var dropped []*pendingCue
		for id, p := range s.pending {
			p.timer.Stop()
			delete(s.pending, id)
			dropped = append(dropped, p)
		}
		s.mu.Unlock()
		for _, p := range dropped {
			s.audit(p.cue, p.at, false, msgClosed)
		}
	})
}
