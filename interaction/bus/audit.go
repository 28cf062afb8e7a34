package bus

import "time"

// AuditSubject is where room's audit log is published: one AuditRecord for every
// cue a console sent, kept in the archive stream.
func AuditSubject(room string) string { return subjectPrefix + room + ".audit" }

// AuditRecord is one entry of a room's audit log: who sent which cue, when, and
// how it ended: the room's Ack, a refusal by the console server, or no answer.
type AuditRecord struct {
	V    int    `json:"v"`
	Room string `json:"room"`
	// Cue is the cue as it was published, its By filled; a refused cue as far as
	// it could be read.
	Cue Cue `json:"cue"`
	// By is the console that sent it ("operator-…", "moderator-…"), Role its role.
	By   string `json:"by"`
	Role string `json:"role"`
	// At is when the console server received the cue.
	At time.Time `json:"at"`
	// OK and Error are the outcome, as in the cue's Ack.
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}
