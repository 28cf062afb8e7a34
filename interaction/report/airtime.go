package report

import (
	"math"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// blocks splits the show into product blocks: each starts at the utterance that
// names a product other than the current one and ends where the next starts, the
// last at end. An utterance without a product belongs to the block it falls in.
// Purchase comments are counted in the block they fall in.
func blocks(msgs []Message, end time.Time) []Block {
	out := []Block{}
	for _, m := range msgs {
		u := m.Utterance
		if u == nil {
			continue
		}
		if u.Product != "" && (len(out) == 0 || out[len(out)-1].Product != u.Product) {
			if len(out) > 0 {
				out[len(out)-1].End = second(m.At)
			}
			out = append(out, Block{Product: u.Product, Start: second(m.At)})
		}
		if len(out) > 0 {
			out[len(out)-1].AirtimeMS += u.DurationMS
			out[len(out)-1].Utterances++
		}
	}
	if len(out) == 0 {
		return out
	}
	out[len(out)-1].End = end
	for _, m := range msgs {
		if m.comment() && m.Intent.Intent == bus.IntentPurchase {
			if i := blockAt(out, m.At); i >= 0 {
				out[i].PurchaseIntents++
			}
		}
	}
	return out
}

// blockAt is the index of the block on air at t, or -1 before the first. The
// last block includes its end.
func blockAt(bs []Block, t time.Time) int {
	t = second(t)
	for i, b := range bs {
		if t.Before(b.Start) {
			return -1
		}
		if t.Before(b.End) || i == len(bs)-1 && !t.After(b.End) {
			return i
		}
	}
	return -1
}

// airtime sums the blocks per product, in the order products first went on air.
func airtime(bs []Block, msgs []Message) []ProductAirtime {
	names := make(map[string]string)
	for _, m := range msgs {
		if u := m.Utterance; u != nil && u.Product != "" && u.ProductName != "" {
			names[u.Product] = u.ProductName
		}
	}
	out := []ProductAirtime{}
	index := make(map[string]int)
	for _, b := range bs {
		i, ok := index[b.Product]
		if !ok {
			i = len(out)
			index[b.Product] = i
			out = append(out, ProductAirtime{Product: b.Product, Name: names[b.Product]})
		}
		p := &out[i]
		p.AirtimeMS += b.AirtimeMS
		p.Utterances += b.Utterances
		p.OnAirMS += int(b.End.Sub(b.Start).Milliseconds())
		p.PurchaseIntents += b.PurchaseIntents
	}
	for i := range out {
		if out[i].AirtimeMS > 0 {
			perMin := float64(out[i].PurchaseIntents) * 60000 / float64(out[i].AirtimeMS)
			out[i].PerAirMinute = math.Round(perMin*100) / 100
		}
	}
	return out
}
