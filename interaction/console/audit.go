package console

import (
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// audit records in the room's audit log how a cue that this console sent at at
// ended: the room's Ack, a refusal, or no answer.
func (s *session) audit(cue bus.Cue, at time.Time, ok bool, reason string) {
	rec := bus.AuditRecord{
		V: bus.SchemaVersion, Room: s.room, Cue: cue, By: s.id, Role: string(s.role),
		At: at.UTC(), OK: ok, Error: reason,
	}
	if err := bus.Publish(s.nc, bus.AuditSubject(s.room), rec); err != nil {
		s.log.Error("audit record not published", "cue", cue.ID, "err", err)
	}
}
