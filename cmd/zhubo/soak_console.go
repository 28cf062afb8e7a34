package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/console"
)

// cueWait is how long a cue may go unanswered before it counts as lost.
const cueWait = 10 * time.Second

// consoleLoad is an operator at the console: it sends a cue now and then
// through the real websocket and checks that every one is answered.
type consoleLoad struct {
	s   *soak
	url string
	hdr http.Header
	seq int

	mu      sync.Mutex // guards pending
	pending map[string]time.Time
}

var soakCues = []bus.CueType{bus.CueSay, bus.CueSkip, bus.CueWelfare, bus.CueSwitchProduct}

// run sends a cue every few seconds (about 40 over the run, at least every
// 90 s) until ctx ends, dialling again whenever the websocket fails.
func (c *consoleLoad) run(ctx context.Context) {
	every := min(max(c.s.cfg.Duration/40, 2*time.Second), 90*time.Second)
	for ctx.Err() == nil {
		ws, _, err := websocket.DefaultDialer.DialContext(ctx, c.url, c.hdr)
		if err != nil {
			if ctx.Err() == nil {
				c.s.tally.add(groupError, "console dial: "+errKind(err), 1)
			}
			sleep(ctx, time.Second)
			continue
		}
		c.session(ctx, ws, every)
		_ = ws.Close()
	}
	c.expire(time.Now())
}

// session sends cues on one websocket until it fails or ctx ends.
func (c *consoleLoad) session(ctx context.Context, ws *websocket.Conn, every time.Duration) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.read(ws)
	}()
	defer func() { _ = ws.Close(); <-done }()
	for {
		if !sleep(ctx, c.s.between(every/2, every*3/2)) {
			return
		}
		select {
		case <-done:
			c.s.tally.add(groupError, "console websocket closed", 1)
			return
		default:
		}
		c.expire(time.Now())
		if err := ws.WriteJSON(c.nextCue()); err != nil {
			c.s.tally.add(groupError, "console write: "+errKind(err), 1)
			return
		}
	}
}

// nextCue draws the next cue and notes it as pending.
func (c *consoleLoad) nextCue() console.ClientMessage {
	c.seq++
	typ := soakCues[c.s.intn(len(soakCues))]
	args := map[string]string{}
	switch typ {
	case bus.CueSay:
		args["text"] = "感谢大家的支持，喜欢的宝宝点点关注"
	case bus.CueWelfare:
		args["kind"], args["text"] = "coupon", "限时优惠券已经上架，大家抓紧领取"
	case bus.CueSwitchProduct:
		args["product"] = []string{"night-serum", "calming-cream", "clay-mask"}[c.s.intn(3)]
	}
	id := fmt.Sprintf("soak-c%d", c.seq)
	c.mu.Lock()
	c.pending[id] = time.Now()
	c.mu.Unlock()
	c.s.tally.add(groupCue, "sent", 1)
	return console.ClientMessage{Type: console.MessageCue,
		Cue: &console.ClientCue{ID: id, Type: typ, Args: args}}
}

// read counts the acks of the cues sent until the websocket fails.
func (c *consoleLoad) read(ws *websocket.Conn) {
	for {
		var m console.ServerMessage
		if err := ws.ReadJSON(&m); err != nil {
			return
		}
		var a bus.Ack
		if m.Type != console.MessageAck || json.Unmarshal(m.Data, &a) != nil {
			continue
		}
		c.mu.Lock()
		_, ok := c.pending[a.Cue]
		delete(c.pending, a.Cue)
		c.mu.Unlock()
		switch {
		case !ok:
		case a.OK:
			c.s.tally.add(groupCue, "ok", 1)
		default:
			c.s.tally.add(groupCue, "refused", 1)
			c.s.tally.add(groupError, "cue refused: "+errKind(fmt.Errorf("%s", a.Error)), 1)
		}
	}
}

// expire counts the cues sent before now-cueWait and still unanswered as lost.
func (c *consoleLoad) expire(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, at := range c.pending {
		if now.Sub(at) > cueWait {
			delete(c.pending, id)
			c.s.tally.add(groupCue, "lost", 1)
		}
	}
}
