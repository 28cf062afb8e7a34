package report

import (
	"cmp"
	"slices"
	"strings"
)

// isQuestion reports whether intent is one of the question.* intents.
func isQuestion(intent string) bool { return strings.HasPrefix(intent, "question.") }

// intentCounts counts per-comment intents, most common first.
func intentCounts(msgs []Message) []IntentCount {
	counts := make(map[string]int)
	total := 0
	for _, m := range msgs {
		if m.comment() {
			counts[m.Intent.Intent]++
			total++
		}
	}
	return rankIntents(counts, total)
}

// rankIntents turns counts into IntentCounts, most common first, ties by name.
func rankIntents(counts map[string]int, total int) []IntentCount {
	out := make([]IntentCount, 0, len(counts))
	for name, n := range counts {
		out = append(out, IntentCount{
			Intent: name, Label: labelOf(intentLabels, name), Count: n, Share: share(n, total),
		})
	}
	slices.SortFunc(out, func(a, b IntentCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Intent, b.Intent))
	})
	return out
}
