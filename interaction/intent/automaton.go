package intent

import (
	"fmt"
	"slices"
)

// automaton finds every occurrence of a fixed set of byte strings (its needles)
// in one left-to-right pass over a text: an Aho-Corasick automaton compiled to a
// DFA, so each text byte costs one table lookup whatever the number of needles.
// Bytes that occur in no needle share one class, which keeps the table small.
// It is immutable once built and safe for concurrent use.
//
// The table holds 16-bit states, half the size of 32-bit ones, because reading
// it is most of a comment's cost and a smaller table stays in cache. States at
// which a needle ends are numbered last, from outFrom, so that telling whether
// any ends at a state needs no memory access.
type automaton struct {
	class   [256]int32 // byte → column in next
	width   int32      // columns per state
	next    []uint16   // next[state*width+class] is the state after reading a byte
	outFrom int32      // the first state at which a needle ends
	// outs lists the needle ids that end at each state s >= outFrom, from
	// outs[outAt[s-outFrom]] to outs[outAt[s-outFrom+1]].
	outs   []int32
	outAt  []int32
	length []int32 // needle id → its length in bytes
}

// maxStates is how many states a 16-bit table can number.
const maxStates = 1 << 16

// newAutomaton compiles needles, none of them empty; the id of a needle is its
// index.
func newAutomaton(needles []string) (*automaton, error) {
	if slices.Contains(needles, "") {
		return nil, fmt.Errorf("%w: an empty keyword matches everywhere", ErrLexicon)
	}
	a := &automaton{length: make([]int32, len(needles))}
	a.assignClasses(needles)
	goTo, ends := a.buildTrie(needles)
	if len(goTo) > maxStates {
		return nil, fmt.Errorf("%w: keywords make %d automaton states, more than %d",
			ErrLexicon, len(goTo), maxStates)
	}
	a.link(goTo, ends)
	return a, nil
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
	a.compile(goTo, ends)
}

// compile lays out the completed transitions as the table, renumbering the
// states so that those at which a needle ends come last. The root, at which
// only an empty needle could end, stays state 0.
func (a *automaton) compile(goTo, ends [][]int32) {
	id := make([]uint16, len(goTo))
	order := make([]int, 0, len(goTo))
	for pass := range 2 {
		for s := range goTo {
			if (len(ends[s]) > 0) == (pass == 1) {
				id[s] = uint16(len(order))
				order = append(order, s)
			}
		}
		if pass == 0 {
			a.outFrom = int32(len(order))
		}
	}
	a.next = make([]uint16, 0, len(goTo)*int(a.width))
	for _, s := range order {
		for _, t := range goTo[s] {
			a.next = append(a.next, id[t])
		}
	}
	a.outAt = make([]int32, 0, len(order)-int(a.outFrom)+1)
	for _, s := range order[a.outFrom:] {
		a.outAt = append(a.outAt, int32(len(a.outs)))
		a.outs = append(a.outs, ends[s]...)
	}
	a.outAt = append(a.outAt, int32(len(a.outs)))
}

// step is the state after reading byte b in state s; the start state is 0.
func (a *automaton) step(s int32, b byte) int32 {
	return int32(a.next[s*a.width+a.class[b]])
}

// ends lists the needles that end at state s, by id.
func (a *automaton) ends(s int32) []int32 {
	if s < a.outFrom {
		return nil
	}
	i := s - a.outFrom
	return a.outs[a.outAt[i]:a.outAt[i+1]]
}
