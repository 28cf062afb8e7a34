package bus

// Subject names, one family per room. See DESIGN.md, "NATS subjects".
const subjectPrefix = "zhubo.room."

// EventsSubject is where viewers' Events for room arrive.
func EventsSubject(room string) string { return subjectPrefix + room + ".events" }

// CuesSubject is where Cues for room arrive.
func CuesSubject(room string) string { return subjectPrefix + room + ".cues" }

// UtterancesSubject is where the host's Utterances for room are published.
func UtterancesSubject(room string) string { return subjectPrefix + room + ".utterances" }

// AcksSubject is where Acks of room's Cues are published.
func AcksSubject(room string) string { return subjectPrefix + room + ".acks" }

// IntentsSubject is where Intents of room's comments are published.
func IntentsSubject(room string) string { return subjectPrefix + room + ".intents" }

// PlayoutSubject is where room's avatar reports Playout progress.
func PlayoutSubject(room string) string { return subjectPrefix + room + ".playout" }
