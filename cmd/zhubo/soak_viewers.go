package main

import (
	"context"
	"strings"
	"sync"
	"time"

	streambench "github.com/zhubo-live/zhubo/stream/bench"
)

// viewerPool keeps a crowd of WHEP viewers on a room: each comes, watches a
// while and goes (one in four without DELETE, as a dropped phone does), and
// another takes its place.
type viewerPool struct {
	s      *soak
	client *streambench.Client
	url    string

	mu    sync.Mutex // guards live and seen
	live  map[*streambench.Session]struct{}
	seen  viewerTotals
	slots sync.WaitGroup
}

// viewerTotals adds up the sessions that have ended.
type viewerTotals struct {
	Frames, Packets, Lost int64
	FirstFrameMax         time.Duration
}

func newViewerPool(s *soak, url string) (*viewerPool, error) {
	c, err := streambench.NewClient("")
	if err != nil {
		return nil, err
	}
	return &viewerPool{s: s, client: c, url: url, live: map[*streambench.Session]struct{}{}}, nil
}

// run keeps n viewers coming and going until ctx ends, their first arrivals
// spread over ramp; when it returns every session has ended.
func (p *viewerPool) run(ctx context.Context, n int, ramp time.Duration) {
	for i := range n {
		p.slots.Go(func() {
			if sleep(ctx, ramp*time.Duration(i)/time.Duration(max(n, 1))) {
				p.slot(ctx)
			}
		})
	}
	p.slots.Wait()
}

// slot is one seat of the crowd, taken by one viewer after another.
func (p *viewerPool) slot(ctx context.Context) {
	lo, hi := p.s.cfg.stays()
	for ctx.Err() == nil {
		sess := p.join(ctx)
		if sess == nil {
			sleep(ctx, p.s.between(time.Second, 3*time.Second))
			continue
		}
		stayed := p.watch(ctx, sess, p.s.between(lo, hi))
		if stayed && p.s.intn(4) == 0 {
			p.leave(sess, false)
		} else {
			p.leave(sess, true)
		}
		sleep(ctx, p.s.between(200*time.Millisecond, 2*time.Second))
	}
}

// stays is the range of a viewer's stay: a twelfth to a third of the run,
// 3 s to 15 min.
func (c soakConfig) stays() (lo, hi time.Duration) {
	d := c.Duration
	return min(max(d/12, 3*time.Second), 5*time.Minute),
		min(max(d/3, 6*time.Second), 15*time.Minute)
}

// watch holds a session for d, reporting whether it lasted; a session the
// server ended is counted and left at once, so that its viewer comes back.
func (p *viewerPool) watch(ctx context.Context, sess *streambench.Session,
	d time.Duration) bool {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if !sleep(ctx, min(time.Second, time.Until(end))) {
			return false
		}
		if sess.Ended() {
			p.s.tally.add(groupViewer, "dropped", 1)
			return false
		}
	}
	return true
}

// join opens one session, counting its failure by kind.
func (p *viewerPool) join(ctx context.Context) *streambench.Session {
	sess, err := p.client.Join(ctx, p.url)
	if err != nil {
		if ctx.Err() == nil {
			p.s.tally.add(groupError, "viewer join: "+errKind(err), 1)
		}
		return nil
	}
	p.s.tally.add(groupViewer, "joined", 1)
	p.mu.Lock()
	p.live[sess] = struct{}{}
	p.mu.Unlock()
	return sess
}

// leave ends a session politely (DELETE) or by vanishing, and adds up what
// it received.
func (p *viewerPool) leave(sess *streambench.Session, polite bool) {
	p.mu.Lock()
	delete(p.live, sess)
	p.mu.Unlock()
	var st streambench.SessionStats
	if polite {
		st = sess.Leave()
		p.s.tally.add(groupViewer, "left", 1)
	} else {
		st = sess.Vanish()
		p.s.tally.add(groupViewer, "vanished", 1)
	}
	if !st.Connected {
		p.s.tally.add(groupError, "viewer never connected", 1)
	}
	p.mu.Lock()
	p.seen.Frames += st.VideoFrames
	p.seen.Packets += st.Packets
	p.seen.Lost += st.Lost
	p.seen.FirstFrameMax = max(p.seen.FirstFrameMax, st.FirstFrame)
	p.mu.Unlock()
}

// storm brings n extra viewers at once, keeps them for hold and makes them
// all vanish without DELETE: the server must reap every one.
func (p *viewerPool) storm(ctx context.Context, n int, hold time.Duration) {
	var wg sync.WaitGroup
	sessions := make(chan *streambench.Session, n)
	sem := make(chan struct{}, 16)
	for range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if sess := p.join(ctx); sess != nil {
				sessions <- sess
			}
		})
	}
	wg.Wait()
	close(sessions)
	sleep(ctx, hold)
	for sess := range sessions {
		wg.Go(func() { p.leave(sess, false) })
	}
	wg.Wait()
}

// connected counts the live sessions that have reached ICE connected.
func (p *viewerPool) connected() (live, connected int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for sess := range p.live {
		if sess.Connected() {
			connected++
		}
	}
	return len(p.live), connected
}

func (p *viewerPool) totals() viewerTotals {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen
}

// errKind shortens an error to its kind: its text up to the first colon
// after the operation, without addresses and numbers that make every one distinct.
func errKind(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "http://"); i >= 0 {
		msg = msg[:i]
	}
	if len(msg) > 60 {
		msg = msg[:60]
	}
	return strings.TrimSpace(msg)
}
