package phrase

// Condition dimensions a conditionIndex keeps a bitset per value for.
const (
	dimCategory = iota
	dimPositioning
	dimSeason
	dimRegion
	dimTimeOfDay
	dimSkinType
	dimPainPoint
	dimAudience
	dimCount
)

// values is the list of values a phrase's conditions allow on dimension d;
// empty for any.
func (c *Conditions) values(d int) []string {
	switch d {
	case dimCategory:
		return c.Category
	case dimPositioning:
		return c.Positioning
	case dimSeason:
		return c.Season
	case dimRegion:
		return c.Region
	case dimTimeOfDay:
		return c.TimeOfDay
	case dimSkinType:
		return c.SkinType
	case dimPainPoint:
		return c.PainPoint
	case dimAudience:
		return c.Audience
	}
	return nil
}

// conditionIndex holds, for the phrases of one scene, language and theme,
// which of them admit each condition value, so a pick intersects a few
// bitsets instead of testing every phrase's conditions. Bit i stands for
// pos[i]. It never changes once built.
type conditionIndex struct {
	// pos are the library positions of the phrases, in load order.
	pos []int32
	// any marks, per dimension, the phrases with no condition on it.
	any [dimCount]bitset
	// by marks, per dimension and value, the phrases whose condition lists it.
	by [dimCount]map[string]bitset
	// keyword marks, per keyword, the phrases tagged with it.
	keyword map[string]bitset
	// coupon marks the phrases that need a product with a coupon.
	coupon bitset
}

// newConditionIndex indexes the phrases at positions pos.
func newConditionIndex(phrases []Phrase, pos []int32) *conditionIndex {
	n := len(pos)
	x := &conditionIndex{pos: pos, keyword: map[string]bitset{}, coupon: newBitset(n)}
	for d := range dimCount {
		x.any[d], x.by[d] = newBitset(n), map[string]bitset{}
	}
	for i, at := range pos {
		p := &phrases[at]
		for d := range dimCount {
			vs := p.When.values(d)
			if len(vs) == 0 {
				x.any[d].set(i)
			}
			for _, v := range vs {
				markIn(x.by[d], v, n, i)
			}
		}
		for _, k := range p.Keywords {
			markIn(x.keyword, k, n, i)
		}
		if p.When.Coupon {
			x.coupon.set(i)
		}
	}
	return x
}

func markIn(m map[string]bitset, key string, n, i int) {
	b, ok := m[key]
	if !ok {
		b = newBitset(n)
		m[key] = b
	}
	b.set(i)
}

// match sets mask (of the index's size) to the phrases that meet every
// condition of q but the minimum of viewers, which is cheaper to check on
// the few that survive. tmp is scratch space of the same size.
func (x *conditionIndex) match(q *Query, mask, tmp bitset) {
	mask.fill(len(x.pos))
	x.and(mask, dimCategory, q.Category)
	x.and(mask, dimPositioning, q.Positioning)
	x.and(mask, dimSeason, q.Season)
	x.and(mask, dimRegion, q.Region)
	x.and(mask, dimTimeOfDay, q.TimeOfDay)
	x.andAny(mask, tmp, dimSkinType, q.SkinTypes)
	x.andAny(mask, tmp, dimPainPoint, q.PainPoints)
	x.andAny(mask, tmp, dimAudience, q.Audience)
	if q.Require != "" {
		mask.and(x.keyword[q.Require])
	}
	if q.Exclude != "" {
		mask.andNot(x.keyword[q.Exclude])
	}
	if !q.HasCoupon {
		mask.andNot(x.coupon)
	}
}

// and keeps the phrases that admit value v on dimension d.
func (x *conditionIndex) and(mask bitset, d int, v string) {
	by := x.by[d][v]
	for w := range mask {
		admit := x.any[d][w]
		if by != nil {
			admit |= by[w]
		}
		mask[w] &= admit
	}
}

// andAny keeps the phrases that admit any of vs on dimension d.
func (x *conditionIndex) andAny(mask, tmp bitset, d int, vs []string) {
	copy(tmp, x.any[d])
	for _, v := range vs {
		tmp.or(x.by[d][v])
	}
	mask.and(tmp)
}

// keywords sets boost to the phrases tagged with any of kws.
func (x *conditionIndex) keywords(boost bitset, kws []string) {
	clear(boost)
	for _, k := range kws {
		boost.or(x.keyword[k])
	}
}

// bitset is a set of small non-negative integers, 64 to a word.
type bitset []uint64

func newBitset(n int) bitset {
	return make(bitset, words(n))
}

func words(n int) int {
	return (n + 63) / 64
}

func (b bitset) set(i int) {
	b[i/64] |= 1 << (i % 64)
}

// fill sets bits 0 to n-1 and clears the rest.
func (b bitset) fill(n int) {
	for w := range b {
		b[w] = ^uint64(0)
	}
	if r := n % 64; r != 0 {
		b[len(b)-1] = 1<<r - 1
	}
}

// and clears the bits not in o; a nil o clears every bit.
func (b bitset) and(o bitset) {
	if o == nil {
		clear(b)
		return
	}
	for w := range b {
		b[w] &= o[w]
	}
}

// andNot clears the bits in o; a nil o clears none.
func (b bitset) andNot(o bitset) {
	for w := range o {
		b[w] &^= o[w]
	}
}

// or adds the bits of o; a nil o adds none.
func (b bitset) or(o bitset) {
	for w := range o {
		b[w] |= o[w]
	}
}
