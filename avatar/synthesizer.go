package avatar

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zhubo-live/zhubo/avatar/tts"
)

// synthesize runs until ctx is done, turning queued lines into speech
// clause by clause, so a line can go on air once its first clause is ready.
// The urgent synthesizer takes replies and cue lines the moment they
// arrive; the script synthesizer works the lookahead.
func (p *Presenter) synthesize(ctx context.Context, urgent bool) {
	wake := p.queue.wakeScript
	if urgent {
		wake = p.queue.wakeUrgent
	}
	for {
		l := p.queue.claim(urgent)
		if l == nil {
			select {
			case <-ctx.Done():
				return
			case <-wake:
			}
			continue
		}
		p.synthesizeLine(ctx, l)
	}
}

// synthesizeLine synthesizes a line's clauses in order until they are
// done, the line leaves the air or a clause fails. A failure after the
// first clause cuts the line short; one before it skips the line. A
// streaming line's clauses are synthesized as they arrive; the line ends
// after its Final Clause, or when the next one is later than ClauseTimeout.
// Taking the line off air cancels its synthesis at once, espeak-ng included.
func (p *Presenter) synthesizeLine(ctx context.Context, l *line) {
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	l.track.onCancel(stop)
	defer p.forgetStream(l)
	began := time.Now()
	var failed error
	for i := 0; ; i++ {
		c, ok := p.waitClause(lctx, l, i)
		if !ok {
			break
		}
		pcm, err := p.synthesizeClause(lctx, l, c)
		if lctx.Err() != nil {
			break // off air, or shutting down
		}
		if errors.Is(err, tts.ErrEmptyText) {
			failed = err // punctuation or symbols only: nothing to say
			continue
		}
		if err != nil {
			failed = err
			if l.track.ready() {
				p.warn.warn(p.log, "tts failed mid-line, line cut short",
					"utterance", l.utt.ID, "err", err)
			}
			break
		}
		l.track.add(pcm, speakable(c), time.Since(began))
	}
	l.track.finish(failed)
}

// waitClause returns clause i of the line, waiting for it while the line is
// streaming; ok is false when the line has no more.
func (p *Presenter) waitClause(ctx context.Context, l *line, i int) (string, bool) {
	var timeout <-chan time.Time
	for {
		c, ok, open := l.text.clause(i)
		if ok || !open {
			return c, ok
		}
		if timeout == nil {
			t := time.NewTimer(p.cfg.ClauseTimeout)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-l.text.wake:
		case <-ctx.Done():
			return "", false
		case <-timeout:
			p.warn.warn(p.log, "streaming line got no final clause; ended",
				"utterance", l.utt.ID, "timeout", p.cfg.ClauseTimeout)
			l.text.close()
			return "", false
		}
	}
}

func (p *Presenter) synthesizeClause(ctx context.Context, l *line, text string) ([]int16, error) {
	sp, err := p.cfg.TTS.Synthesize(ctx, tts.Request{
		Text: text, Lang: l.utt.Lang, Speed: p.cfg.Speed, Pitch: p.cfg.Pitch,
	})
	if err != nil {
		return nil, err
	}
	if sp.SampleRate != sampleRate {
		return nil, fmt.Errorf("%s: %w: got %d Hz, want %d",
			p.cfg.TTS.Name(), ErrSampleRate, sp.SampleRate, sampleRate)
	}
	return sp.PCM, nil
}
