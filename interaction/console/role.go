package console

import "github.com/zhubo-live/zhubo/interaction/bus"

// Role is what a console token entitles its holder to do.
type Role string

// The console roles: an operator may send every cue, a moderator all but the
// operator-only ones (bus.CueType.OperatorOnly).
const (
	RoleOperator  Role = "operator"
	RoleModerator Role = "moderator"
)

// cueTypes lists every cue type in the order a console shows them.
var cueTypes = []bus.CueType{
	bus.CueSay, bus.CueSwitchProduct, bus.CueWelfare, bus.CuePause, bus.CueResume,
	bus.CueSkip, bus.CueBanUser, bus.CueBlockWord, bus.CuePersona,
}

// Allows reports whether a console of role r may send a cue of type t.
func (r Role) Allows(t bus.CueType) bool {
	if !t.Known() {
		return false
	}
	return r == RoleOperator || !t.OperatorOnly()
}

// CueTypes lists the cue types role r may send.
func (r Role) CueTypes() []bus.CueType {
	var out []bus.CueType
	for _, t := range cueTypes {
		if r.Allows(t) {
			out = append(out, t)
		}
	}
	return out
}
