package avatar

import (
	"encoding/json"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// onClause feeds a Clause to its streaming line. Clauses of lines the
// presenter no longer waits on (ended, skipped, unknown) are dropped.
func (p *Presenter) onClause(m *nats.Msg) {
	var c bus.Clause
	if err := json.Unmarshal(m.Data, &c); err != nil {
		p.warn.warn(p.log, "bad clause", "err", err)
		return
	}
	p.streamsMu.Lock()
	l := p.streams[c.Utterance]
	if l != nil && c.Final {
		delete(p.streams, c.Utterance)
	}
	p.streamsMu.Unlock()
	if l == nil {
		return
	}
	l.text.add(c)
	if c.Final {
		l.text.close()
	}
}

// forgetStream stops taking Clauses for a line whose synthesis is over.
func (p *Presenter) forgetStream(l *line) {
	if !l.utt.Streaming {
		return
	}
	p.streamsMu.Lock()
	if p.streams[l.utt.ID] == l {
		delete(p.streams, l.utt.ID)
	}
	p.streamsMu.Unlock()
	l.text.close()
}
