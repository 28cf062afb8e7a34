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
// first clause cuts the line short; one before it skips the line.
func (p *Presenter) synthesizeLine(ctx context.Context, l *line) {
	began := time.Now()
	var failed error
	for _, c := range l.clauses {
		if ctx.Err() != nil || l.track.isCancelled() {
			break
		}
		pcm, err := p.synthesizeClause(ctx, l, c)
		if ctx.Err() != nil {
			break // shutting down
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
