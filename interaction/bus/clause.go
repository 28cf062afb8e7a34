package bus

// ClausesSubject is where the later clauses of room's streaming Utterances are
// published.
func ClausesSubject(room string) string { return subjectPrefix + room + ".clauses" }

// Clause continues a streaming Utterance: the personalizer publishes the
// Utterance with its first clause as soon as that clause has passed the
// compliance guard, and every later clause as a Clause, in order, so that the
// voice starts speaking before the reply is written. Index counts from 1 (the
// Utterance's own text is clause 0). The last Clause of a line has Final set;
// its Text may be empty (a reply cut off, a skip) and its TextFinal is the
// whole text spoken for the line.
type Clause struct {
	V         int    `json:"v"`
	Room      string `json:"room"`
	Utterance string `json:"utterance"`
	Index     int    `json:"index"`
	Text      string `json:"text"`
	Final     bool   `json:"final,omitempty"`
	// TextFinal is set on the Final Clause: the line's whole text, clause 0
	// included, for consumers that show or archive lines.
	TextFinal string `json:"text_final,omitempty"`
}
