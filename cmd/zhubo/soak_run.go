package main

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"

	avatarbench "github.com/zhubo-live/zhubo/avatar/bench"
	"github.com/zhubo-live/zhubo/interaction/bus"
)

// run loads the server for the configured duration: viewers, chat, cues and
// faults, faults stopping a cool-down before the end. It samples memory at
// the baseline and at the end, before the load is taken away.
func (s *soak) run(ctx context.Context, start memSample, goroutines int) (*soakReport, error) {
	nc, err := bus.Connect(s.srv.NATSURL(), "zhubo-soak")
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	if s.air, err = watchAir(nc, s.roomID); err != nil {
		return nil, fmt.Errorf("soak: watch utterances: %w", err)
	}
	if s.pool, err = newViewerPool(s, "http://"+s.srv.Addr()+"/whep/"+s.roomID); err != nil {
		return nil, err
	}
	llmBase := llmCounters()
	s.began = time.Now()
	began := s.began
	load, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	wg.Go(func() { s.pool.run(load, s.cfg.Viewers, s.cfg.Warmup/2) })
	chat := &chatLoad{s: s, nc: nc, room: s.roomID}
	wg.Go(func() { chat.run(load, s.cfg.Events) })
	con := &consoleLoad{s: s, url: "ws://" + s.srv.Addr() + "/ws/console/" + s.roomID,
		hdr:     http.Header{"Authorization": {"Bearer " + s.srv.cfg.Console.Token}},
		pending: map[string]time.Time{}}
	wg.Go(func() { con.run(load) })
	faultsDone := s.startFaults(load, began)

	rep := &soakReport{Start: start, GoroutinesStart: goroutines, Viewers: s.cfg.Viewers,
		Seed: s.cfg.Seed}
	s.watch(ctx, began, faultsDone, rep)
	s.endMem.add(sampleMemory())
	rep.Warm, rep.End = s.warmMem.floor(), s.endMem.floor()
	if err := writeHeapProfile(s.cfg.MemProfile); err != nil {
		s.tally.add(groupError, err.Error(), 1)
	}
	rep.DurationS = time.Since(began).Seconds()
	s.fillLive(rep)
	stop()
	wg.Wait()
	<-faultsDone
	s.fillTotals(rep, llmBase)
	http.DefaultClient.CloseIdleConnections()
	return rep, nil
}

// startFaults runs the injector until the cool-down; the channel closes when
// the last fault has healed.
func (s *soak) startFaults(ctx context.Context, began time.Time) <-chan struct{} {
	done := make(chan struct{})
	if s.cfg.Faults == "none" {
		close(done)
		return done
	}
	fctx, cancel := context.WithDeadline(ctx, began.Add(s.cfg.Duration-s.cfg.Cooldown))
	go func() {
		defer close(done)
		defer cancel()
		if sleep(fctx, s.cfg.Warmup) {
			s.inject(fctx)
		}
	}()
	return done
}

// watch samples the presenters every second, the memory in the windows
// after the baseline and before the end, prints a progress line every cfg.Every and returns at the end of the run.
func (s *soak) watch(ctx context.Context, began time.Time, faultsDone <-chan struct{},
	rep *soakReport) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	healed := false
	lastLine := began
	var spans uint64
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			rooms := s.srv.liveRooms()
			s.air.sample(rooms)
			rep.offAir(len(rooms) == 0)
			if n, _ := s.air.air(); n > spans {
				spans = n
				s.printf("dead air: span %d over 3 s; %s", n, s.sinceFault())
			}
			if !healed && closed(faultsDone) {
				healed = true
				lines, _ := s.air.lineCounts()
				rep.linesAtHeal = lines["total"]
			}
			s.sampleWindows(now.Sub(began), rep)
			if now.Sub(lastLine) >= s.cfg.Every {
				lastLine = now
				s.progress()
			}
			if now.Sub(began) >= s.cfg.Duration {
				return
			}
		}
	}
}

func closed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// serverViewers counts the viewers the running rooms hold.
func (s *soak) serverViewers() int {
	n := 0
	for _, r := range s.srv.liveRooms() {
		n += r.relay.Viewers()
	}
	return n
}

// fillLive records what holds at the end while the load still runs.
func (s *soak) fillLive(rep *soakReport) {
	s.air.sample(s.srv.liveRooms())
	_, rep.ViewersEnd = s.pool.connected()
	rep.ServerViewersEnd = s.serverViewers()
	for _, r := range s.srv.liveRooms() {
		rep.RoomRunning = rep.RoomRunning || r.name == s.roomID
	}
	rep.GoroutinesPeak = runtime.NumGoroutine()
	rep.NATSReconnects = s.srv.nc.Stats().Reconnects
}

// fillTotals copies the counters of the whole run into the report.
func (s *soak) fillTotals(rep *soakReport, llmBase map[string]float64) {
	rep.DeadAirSpans, rep.deadAir = s.air.air()
	rep.ServerFrames, rep.ServerDropped, rep.RoomRestarts = s.air.video()
	rep.DeadAirS = rep.deadAir.Seconds()
	lines, _ := s.air.lineCounts()
	rep.Lines = lines
	rep.LinesAfterFaults = lines["total"] - min(rep.linesAtHeal, lines["total"])
	waits := s.air.answerWaits()
	_, rep.VoiceQueueMax = s.air.queue()
	rep.Answers = len(waits)
	rep.AnswerWaitP50S = avatarbench.Percentile(waits, 0.5).Seconds()
	rep.AnswerWaitP99S = avatarbench.Percentile(waits, 0.99).Seconds()
	rep.AnswerWaitMaxS = avatarbench.Percentile(waits, 1).Seconds()
	vt := s.pool.totals()
	rep.Frames, rep.FirstFrameMaxMS = vt.Frames, float64(vt.FirstFrameMax.Milliseconds())
	if vt.Packets+vt.Lost > 0 {
		rep.Loss = float64(vt.Lost) / float64(vt.Packets+vt.Lost)
	}
	rep.Sessions = s.tally.get(groupViewer)
	rep.Events = s.tally.get(groupEvent)
	rep.Rejected = s.air.rejectedEvents()
	rep.Cues = s.tally.get(groupCue)
	rep.Faults = s.tally.get(groupFault)
	rep.FaultHits = s.llm.hitCounts()
	for k, v := range s.tts.hitCounts() {
		rep.FaultHits[k] = v
	}
	rep.LLM = llmDelta(llmBase, llmCounters())
	rep.Errors = s.tally.get(groupError)
	rep.ServerErrors = s.logs.errors()
	rep.ServerWarnings = s.logs.warnings()
}
