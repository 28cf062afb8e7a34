package intent

// automaton finds every occurrence of a fixed set of byte strings (its needles)
// in one left-to-right pass over a text: an Aho-Corasick automaton compiled to a
// DFA, so each text byte costs one table lookup whatever the number of needles.
// Bytes that occur in no needle share one class, which keeps the table small.
// It is immutable once built and safe for concurrent use.
type automaton struct {
	class  [256]int32 // byte → column in next
	width  int32      // columns per state
	next   []int32    // next[state*width+class] is the state after reading a byte
	outs   []int32    // needle ids that end at a state: outs[outAt[s]:outAt[s+1]]
	outAt  []int32
	length []int32 // needle id → its length in bytes
}

// newAutomaton compiles needles; the id of a needle is its index.
func newAutomaton(needles []string) *automaton {
	a := &automaton{length: make([]int32, len(needles))}
	a.assignClasses(needles)
	goTo, ends := a.buildTrie(needles)
	a.link(goTo, ends)
	return a
}

// assignClasses gives each byte used by a needle its own column, and every other
// byte column 0.
func (a *automaton) assignClasses(needles []string) {
	a.width = 1
	for _, n := range needles {
		for i := 0; i < len(n); i++ {
			if a.class[n[i]] == 0 {
				a.class[n[i]] = a.width
				a.width++
			}
		}
	}
}

// buildTrie makes the trie of needles: goTo[s][class] is a child state or 0
// (the root is never a child), ends[s] the needles that end exactly at s.
func (a *automaton) buildTrie(needles []string) ([][]int32, [][]int32) {
	goTo := [][]int32{make([]int32, a.width)}
	ends := [][]int32{nil}
	for id, n := range needles {
		a.length[id] = int32(len(n))
		s := int32(0)
		for i := 0; i < len(n); i++ {
			c := a.class[n[i]]
			if goTo[s][c] == 0 {
				goTo = append(goTo, make([]int32, a.width))
				ends = append(ends, nil)
				goTo[s][c] = int32(len(goTo) - 1)
			}
			s = goTo[s][c]
		}
		ends[s] = append(ends[s], int32(id))
	}
	return goTo, ends
}

// link walks the trie breadth first, completing every missing transition with
// the one of the state's longest proper suffix in the trie (its failure state),
// and gathers at each state the needles that end there or at its suffixes.
func (a *automaton) link(goTo, ends [][]int32) {
	n := len(goTo)
	fail := make([]int32, n)
	order := make([]int32, 0, n)
	for _, child := range goTo[0] {
		if child != 0 {
			order = append(order, child)
		}
	}
	for i := 0; i < len(order); i++ {
		s := order[i]
		for c, child := range goTo[s] {
			if child == 0 {
				goTo[s][c] = goTo[fail[s]][c]
				continue
			}
			fail[child] = goTo[fail[s]][c]
			ends[child] = append(ends[child], ends[fail[child]]...)
			order = append(order, child)
		}
	}
	a.next = make([]int32, 0, n*int(a.width))
	a.outAt = make([]int32, 0, n+1)
	for s := range goTo {
		a.next = append(a.next, goTo[s]...)
		a.outAt = append(a.outAt, int32(len(a.outs)))
		a.outs = append(a.outs, ends[s]...)
	}
	a.outAt = append(a.outAt, int32(len(a.outs)))
}

// step is the state after reading byte b in state s; the start state is 0.
func (a *automaton) step(s int32, b byte) int32 {
	return a.next[s*a.width+a.class[b]]
}

// ends lists the needles that end at state s, by id.
func (a *automaton) ends(s int32) []int32 {
	return a.outs[a.outAt[s]:a.outAt[s+1]]
}
