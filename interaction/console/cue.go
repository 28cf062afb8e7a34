package console

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Limits on what a console may put in a cue.
const (
	maxSayRunes = 200
	maxIDBytes  = 64
	maxArgs     = 8
	maxArgBytes = 1 << 10
)

// welfareKinds are the kinds of welfare a welfare cue may announce.
var welfareKinds = map[string]bool{"coupon": true, "lucky_bag": true, "draw": true}

// requiredArg names the argument each cue type cannot do without.
var requiredArg = map[bus.CueType]string{
	bus.CueSay:           "text",
	bus.CueSwitchProduct: "product",
	bus.CueBanUser:       "user",
	bus.CueBlockWord:     "word",
	bus.CueWelfare:       "kind",
}

// buildCue checks a console's cue against the role that sent it and completes
// it for the bus: schema version, room, author, and an id when it had none.
// The error, when not nil, is a sentence for the Ack.
func buildCue(c ClientCue, role Role, room, by string) (bus.Cue, error) {
	cue := bus.Cue{V: bus.SchemaVersion, ID: c.ID, Type: c.Type, Room: room, By: by, Args: c.Args}
	if cue.ID == "" {
		cue.ID = newID("c-")
	}
	if err := checkCueID(c.ID); err != nil {
		cue.ID = ""
		return cue, err
	}
	if !c.Type.Known() {
		return cue, refuse(ErrUnknownCue, fmt.Sprintf("unknown cue type %q", clip(string(c.Type))))
	}
	if !role.Allows(c.Type) {
		return cue, refuse(ErrOperatorOnly,
			fmt.Sprintf("moderators may not send %s; ask an operator", c.Type))
	}
	if err := checkArgs(c.Type, c.Args); err != nil {
		return cue, err
	}
	return cue, nil
}

// checkCueID accepts an empty id or a short one of letters, digits and ".:_-".
func checkCueID(id string) error {
	if len(id) > maxIDBytes {
		return refuse(ErrBadArg, fmt.Sprintf("cue id longer than %d bytes", maxIDBytes))
	}
	for _, r := range id {
		ok := r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) ||
			strings.ContainsRune(".:_-", r))
		if !ok {
			return refuse(ErrBadArg, "cue id may hold only letters, digits and . : _ -")
		}
	}
	return nil
}

// checkArgs checks the arguments of a cue of a known type.
func checkArgs(t bus.CueType, args map[string]string) error {
	if len(args) > maxArgs {
		return refuse(ErrBadArg, fmt.Sprintf("a cue takes at most %d arguments", maxArgs))
	}
	for k, v := range args {
		if err := checkArgText(k, v); err != nil {
			return err
		}
	}
	if name, ok := requiredArg[t]; ok && strings.TrimSpace(args[name]) == "" {
		return refuse(ErrMissingArg, fmt.Sprintf("%s needs %s", t, name))
	}
	switch t {
	case bus.CueSay:
		if n := utf8.RuneCountInString(strings.TrimSpace(args["text"])); n > maxSayRunes {
			return refuse(ErrBadArg, fmt.Sprintf("say text is %d characters; at most %d",
				n, maxSayRunes))
		}
	case bus.CueWelfare:
		return checkWelfare(args)
	case bus.CuePersona:
		if args["tone"] == "" && args["speed"] == "" {
			return refuse(ErrMissingArg, "persona needs tone or speed")
		}
	}
	return nil
}

// checkWelfare checks the kind of a welfare cue and its optional countdown.
func checkWelfare(args map[string]string) error {
	if !welfareKinds[args["kind"]] {
		return refuse(ErrBadArg, fmt.Sprintf("welfare kind %q must be coupon, lucky_bag or draw",
			clip(args["kind"])))
	}
	if s, ok := args["seconds"]; ok && s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 3600 {
			return refuse(ErrBadArg, fmt.Sprintf("welfare seconds %q must be 1..3600", clip(s)))
		}
	}
	return nil
}

// checkArgText refuses argument names and values that cannot be shown or spoken safely.
func checkArgText(k, v string) error {
	if k == "" || len(k) > maxIDBytes || len(v) > maxArgBytes {
		return refuse(ErrBadArg, fmt.Sprintf("argument %q is empty or too long", clip(k)))
	}
	for _, s := range []string{k, v} {
		for _, r := range s {
			if r == utf8.RuneError || unicode.IsControl(r) || isBidiOverride(r) {
				return refuse(ErrBadArg,
					fmt.Sprintf("argument %q holds a control character or broken text", clip(k)))
			}
		}
	}
	return nil
}

func isBidiOverride(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// newID returns prefix followed by 8 random hex digits.
func newID(prefix string) string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms.
	return prefix + hex.EncodeToString(b[:])
}
