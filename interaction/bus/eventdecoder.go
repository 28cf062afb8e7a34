package bus

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits of what eventDecoder reads itself; anything past them goes to encoding/json.
const (
	// maxIntDigits keeps every integer it reads well inside an int64.
	maxIntDigits = 18
	// maxSkipDepth bounds the nesting of an unknown field's value.
	maxSkipDepth = 32
	// maxKeyLen is longer than every field name of Event and User.
	maxKeyLen = 16
)

// eventDecoder reads one Event in a single pass, without reflection, yielding
// exactly what json.Unmarshal yields for the same bytes. It gives up, leaving
// the bytes to encoding/json, on anything json.Unmarshal would refuse or that it
// does not read itself: a syntax error, a value of the wrong type, a key with an
// escape or a non-ASCII byte, a number that is not a small integer, an unknown
// field nested more than maxSkipDepth deep. Every such input is rare on the wire,
// and encoding/json then also words the error.
type eventDecoder struct {
	data []byte // valid UTF-8
	pos  int
	buf  []byte // unescaped text of the string being read
}

// decodeEventFast fills e from data, which must be valid UTF-8, and reports
// whether it could; when it could not, e is partly filled and must be discarded.
func decodeEventFast(data []byte, e *Event) bool {
	d := eventDecoder{data: data}
	d.space()
	if !d.object(func(key []byte) bool { return d.eventField(key, e) }) {
		return false
	}
	d.space()
	return d.pos == len(d.data)
}

// eventField reads the value of an Event's member named key.
func (d *eventDecoder) eventField(key []byte, e *Event) bool {
	var lower [maxKeyLen]byte
	switch string(foldKey(lower[:0], key)) {
	case "v":
		return d.int(&e.V)
	case "id":
		return d.string(&e.ID)
	case "type":
		return d.eventType(&e.Type)
	case "room":
		return d.string(&e.Room)
	case "ts":
		return d.time(e)
	case "user":
		if d.null() {
			return true
		}
		return d.object(func(key []byte) bool { return d.userField(key, &e.User) })
	case "text":
		return d.string(&e.Text)
	case "count":
		return d.int(&e.Count)
	case "platform":
		return d.string(&e.Platform)
	}
	return d.skip(0)
}

// userField reads the value of a User's member named key.
func (d *eventDecoder) userField(key []byte, u *User) bool {
	var lower [maxKeyLen]byte
	switch string(foldKey(lower[:0], key)) {
	case "id":
		return d.string(&u.ID)
	case "name":
		return d.string(&u.Name)
	case "fan_level":
		return d.int(&u.FanLevel)
	}
	return d.skip(0)
}

// foldKey appends key in lower case to dst, or returns nil for a key longer than
// every field name. encoding/json matches names case-insensitively; for ASCII
// keys, the only ones read here, that is ASCII case folding.
func foldKey(dst, key []byte) []byte {
	if len(key) > maxKeyLen {
		return nil
	}
	for _, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// object reads an object whose members' values member reads, given their keys.
func (d *eventDecoder) object(member func(key []byte) bool) bool {
	if !d.consume('{') {
		return false
	}
	d.space()
	if d.consume('}') {
		return true
	}
	for {
		key, ok := d.key()
		if !ok {
			return false
		}
		d.space()
		if !d.consume(':') {
			return false
		}
		d.space()
		if !member(key) {
			return false
		}
		d.space()
		if d.consume('}') {
			return true
		}
		if !d.consume(',') {
			return false
		}
		d.space()
	}
}

// key reads a member's key: printable ASCII without escapes, the only keys
// matched here (encoding/json folds other keys in ways not worth repeating).
func (d *eventDecoder) key() ([]byte, bool) {
	if !d.consume('"') {
		return nil, false
	}
	start := d.pos
	for ; d.pos < len(d.data); d.pos++ {
		switch c := d.data[d.pos]; {
		case c == '"':
			d.pos++
			return d.data[start : d.pos-1], true
		case c == '\\', c < ' ', c >= utf8.RuneSelf:
			return nil, false
		}
	}
	return nil, false
}

// string reads a string into dst; null leaves dst as it is, as encoding/json does.
func (d *eventDecoder) string(dst *string) bool {
	if d.null() {
		return true
	}
	raw, ok := d.stringBytes()
	if ok {
		*dst = string(raw)
	}
	return ok
}

// eventType reads the type, sharing the constant of a known one.
func (d *eventDecoder) eventType(dst *EventType) bool {
	if d.null() {
		return true
	}
	raw, ok := d.stringBytes()
	if !ok {
		return false
	}
	for _, t := range eventTypes {
		if string(raw) == string(t) {
			*dst = t
			return true
		}
	}
	*dst = EventType(raw)
	return true
}

// eventTypes are the schema's event types, for eventType to share.
var eventTypes = [...]EventType{EventComment, EventLike, EventFollow, EventGift,
	EventPurchase, EventEnter, EventShare, EventViewers}

// time reads the timestamp with time.Time's own UnmarshalJSON, which is what
// encoding/json calls, on the same raw bytes.
func (d *eventDecoder) time(e *Event) bool {
	start := d.pos
	if !d.null() && !d.skipString() {
		return false
	}
	return e.TS.UnmarshalJSON(d.data[start:d.pos]) == nil
}

// space skips JSON white space.
func (d *eventDecoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// consume skips the byte c if it comes next.
func (d *eventDecoder) consume(c byte) bool {
	if d.pos < len(d.data) && d.data[d.pos] == c {
		d.pos++
		return true
	}
	return false
}

// literal skips word if it comes next.
func (d *eventDecoder) literal(word string) bool {
	if len(d.data)-d.pos >= len(word) && string(d.data[d.pos:d.pos+len(word)]) == word {
		d.pos += len(word)
		return true
	}
	return false
}

// null skips a null if one comes next.
func (d *eventDecoder) null() bool { return d.literal("null") }

// int reads an integer of at most maxIntDigits digits into dst; null leaves dst
// as it is. A fraction or an exponent, which encoding/json refuses for an int,
// is left to it.
func (d *eventDecoder) int(dst *int) bool {
	if d.null() {
		return true
	}
	neg := d.consume('-')
	start, n := d.pos, 0
	for ; d.pos < len(d.data) && '0' <= d.data[d.pos] && d.data[d.pos] <= '9'; d.pos++ {
		n = n*10 + int(d.data[d.pos]-'0')
	}
	digits := d.pos - start
	if digits == 0 || digits > maxIntDigits || digits > 1 && d.data[start] == '0' {
		return false
	}
	if d.pos < len(d.data) {
		if c := d.data[d.pos]; c == '.' || c == 'e' || c == 'E' {
			return false
		}
	}
	if neg {
		n = -n
	}
	*dst = n
	return true
}

// stringBytes reads a string and returns its text: a slice of the input when it
// has no escapes, else of d.buf, valid until the next call.
func (d *eventDecoder) stringBytes() ([]byte, bool) {
	if !d.consume('"') {
		return nil, false
	}
	start := d.pos
	for ; d.pos < len(d.data); d.pos++ {
		switch c := d.data[d.pos]; {
		case c == '"':
			d.pos++
			return d.data[start : d.pos-1], true
		case c == '\\':
			d.buf = append(d.buf[:0], d.data[start:d.pos]...)
			return d.unescape()
		case c < ' ':
			return nil, false
		}
	}
	return nil, false
}

// unescape reads the rest of a string from its first escape on, appending its
// text to d.buf, as encoding/json unquotes: a surrogate escape that is not half
// of a valid pair becomes U+FFFD.
func (d *eventDecoder) unescape() ([]byte, bool) {
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return d.buf, true
		case c < ' ':
			return nil, false
		case c != '\\':
			d.buf = append(d.buf, c)
			d.pos++
		case !d.escape():
			return nil, false
		}
	}
	return nil, false
}

// escape reads one escape sequence at d.pos and appends what it stands for.
func (d *eventDecoder) escape() bool {
	if d.pos+1 >= len(d.data) {
		return false
	}
	if c, ok := escaped(d.data[d.pos+1]); ok {
		d.buf = append(d.buf, c)
		d.pos += 2
		return true
	}
	r := hex4(d.data[d.pos:])
	if r < 0 {
		return false
	}
	d.pos += 6
	if utf16.IsSurrogate(r) {
		if dec := utf16.DecodeRune(r, hex4(d.data[d.pos:])); dec != unicode.ReplacementChar {
			d.buf = utf8.AppendRune(d.buf, dec)
			d.pos += 6
			return true
		}
		r = unicode.ReplacementChar
	}
	d.buf = utf8.AppendRune(d.buf, r)
	return true
}

// escaped is the byte a one-letter escape "\c" stands for.
func escaped(c byte) (byte, bool) {
	switch c {
	case '"', '\\', '/':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// hex4 is the code unit of a \u escape's four hex digits at the start of s, or -1.
func hex4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}
