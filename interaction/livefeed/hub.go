package livefeed

import (
	"encoding/json"
	"sync"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// clientQueue is how many items a slow page may fall behind before it misses some.
const clientQueue = 32

// client is one connected page.
type client struct {
	ch chan []byte
}

// hub fans one room's NATS messages out to its pages.
type hub struct {
	subs []*nats.Subscription

	// mu guards clients and last.
	mu      sync.Mutex
	clients map[*client]struct{}
	// last is the newest line, sent to a page when it joins.
	last []byte
}

func (f *Feed) join(room string) (*client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.clients >= f.cfg.MaxClients {
		return nil, ErrFull
	}
	h := f.hubs[room]
	if h == nil {
		var err error
		if h, err = newHub(f.cfg.Conn, room); err != nil {
			return nil, err
		}
		f.hubs[room] = h
	}
	c := &client{ch: make(chan []byte, clientQueue)}
	h.mu.Lock()
	h.clients[c] = struct{}{}
	if h.last != nil {
		c.ch <- h.last
	}
	h.mu.Unlock()
	f.clients++
	return c, nil
}

func (f *Feed) leave(room string, c *client) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clients--
	h := f.hubs[room]
	if h == nil {
		return
	}
	h.mu.Lock()
	delete(h.clients, c)
	empty := len(h.clients) == 0
	h.mu.Unlock()
	if empty {
		h.close()
		delete(f.hubs, room)
	}
}

func newHub(nc *nats.Conn, room string) (*hub, error) {
	h := &hub{clients: map[*client]struct{}{}}
	s1, err := nc.Subscribe(bus.EventsSubject(room), h.onEvent)
	if err != nil {
		return nil, err
	}
	s2, err := nc.Subscribe(bus.UtterancesSubject(room), h.onUtterance)
	if err != nil {
		_ = s1.Unsubscribe()
		return nil, err
	}
	h.subs = []*nats.Subscription{s1, s2}
	return h, nil
}

func (h *hub) onEvent(m *nats.Msg) {
	ev, err := bus.DecodeEvent(m.Data)
	if err != nil || ev.Type != bus.EventComment {
		return
	}
	name := ev.User.Name
	if name == "" {
		name = "观众"
	}
	h.broadcast(encodeItem(Item{Type: "comment", Name: name, Text: ev.Text}), false)
}

func (h *hub) onUtterance(m *nats.Msg) {
	var u bus.Utterance
	if json.Unmarshal(m.Data, &u) != nil {
		return
	}
	h.broadcast(encodeItem(Item{Type: "line", Text: u.Text, Source: u.Source,
		Product: u.Product, ProductName: u.ProductName, Price: u.Price}), true)
}

// broadcast queues data for every page; a page whose queue is full misses it.
func (h *hub) broadcast(data []byte, keep bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if keep {
		h.last = data
	}
	for c := range h.clients {
		select {
		case c.ch <- data:
		default:
		}
	}
}

func (h *hub) close() {
	for _, s := range h.subs {
		_ = s.Unsubscribe()
	}
	h.mu.Lock()
	for c := range h.clients {
		close(c.ch)
		delete(h.clients, c)
	}
	h.mu.Unlock()
}
