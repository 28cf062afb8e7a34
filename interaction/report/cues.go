package report

import (
	"cmp"
	"maps"
	"slices"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// cues lists the show's cues in time order, each with the acks that answered it.
func cues(msgs []Message) []CueRecord {
	out := []CueRecord{}
	index := make(map[string]int)
	for _, m := range msgs {
		if c := m.Cue; c != nil {
			index[c.ID] = len(out)
			out = append(out, CueRecord{
				ID: c.ID, Type: string(c.Type), Label: labelOf(cueLabels, string(c.Type)),
				By: c.By, Args: maps.Clone(c.Args), At: second(m.At), Acks: []AckRecord{},
			})
		}
	}
	for _, m := range msgs {
		if a := m.Ack; a != nil {
			if i, ok := index[a.Cue]; ok {
				out[i].Acks = append(out[i].Acks, AckRecord{OK: a.OK, Error: a.Error, By: a.By})
			}
		}
	}
	return out
}

// rejected is 1 when a component refused the cue, else 0.
func (c CueRecord) rejected() int {
	for _, a := range c.Acks {
		if !a.OK {
			return 1
		}
	}
	return 0
}

// sources counts utterances by source, most spoken first.
func sources(msgs []Message) []SourceCount {
	by := make(map[string]*SourceCount)
	for _, m := range msgs {
		u := m.Utterance
		if u == nil {
			continue
		}
		s := by[u.Source]
		if s == nil {
			s = &SourceCount{Source: u.Source, Label: labelOf(sourceLabels, u.Source)}
			by[u.Source] = s
		}
		s.Utterances++
		s.DurationMS += u.DurationMS
		if u.PersonalizedBy == bus.ByLLM {
			s.ByLLM++
		}
	}
	out := make([]SourceCount, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b SourceCount) int {
		return cmp.Or(cmp.Compare(b.Utterances, a.Utterances), cmp.Compare(a.Source, b.Source))
	})
	return out
}
