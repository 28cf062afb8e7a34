package ingest

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// appendIntent appends the JSON of it to dst: byte for byte what json.Marshal
// writes, fields in schema order, empty optional ones left out, strings escaped
// for HTML, but without reflection, since every comment's Intent is encoded.
// A confidence that is no JSON number goes to json.Marshal for its error.
func appendIntent(dst []byte, it *bus.Intent) ([]byte, error) {
	if math.IsInf(it.Confidence, 0) || math.IsNaN(it.Confidence) {
		return json.Marshal(it)
	}
	dst = strconv.AppendInt(append(dst, `{"v":`...), int64(it.V), 10)
	dst = appendJSONString(append(dst, `,"event":`...), it.Event)
	dst = appendJSONString(append(dst, `,"room":`...), it.Room)
	dst = appendJSONString(append(dst, `,"intent":`...), it.Intent)
	dst = appendJSONFloat(append(dst, `,"confidence":`...), it.Confidence)
	if it.Burst != "" {
		dst = appendJSONString(append(dst, `,"burst":`...), it.Burst)
	}
	if it.Text != "" {
		dst = appendJSONString(append(dst, `,"text":`...), it.Text)
	}
	dst = appendUser(append(dst, `,"user":`...), &it.User)
	if it.Count != 0 {
		dst = strconv.AppendInt(append(dst, `,"count":`...), int64(it.Count), 10)
	}
	if len(it.Users) > 0 {
		dst = append(dst, `,"users":[`...)
		for i := range it.Users {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendUser(dst, &it.Users[i])
		}
		dst = append(dst, ']')
	}
	if len(it.EventIDs) > 0 {
		dst = append(dst, `,"events":[`...)
		for i, id := range it.EventIDs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, id)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}'), nil
}

// appendUser appends the JSON of u.
func appendUser(dst []byte, u *bus.User) []byte {
	dst = appendJSONString(append(dst, `{"id":`...), u.ID)
	if u.Name != "" {
		dst = appendJSONString(append(dst, `,"name":`...), u.Name)
	}
	if u.FanLevel != 0 {
		dst = strconv.AppendInt(append(dst, `,"fan_level":`...), int64(u.FanLevel), 10)
	}
	return append(dst, '}')
}

// appendJSONFloat appends a finite f as encoding/json does: like ES6, in
// exponent form only below 1e-6 and from 1e21 on, the exponent unpadded.
func appendJSONFloat(dst []byte, f float64) []byte {
	abs, format := math.Abs(f), byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if n := len(dst); format == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' &&
		dst[n-2] == '0' {
		dst[n-2] = dst[n-1]
		dst = dst[:n-1]
	}
	return dst
}

// appendJSONString appends s quoted as encoding/json quotes it: quote,
// backslash and control characters escaped, '<', '>' and '&' escaped for HTML,
// invalid UTF-8 as U+FFFD, and U+2028 and U+2029 escaped for JavaScript.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = appendEscaped(append(dst, s[start:i]...), c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(append(dst, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(dst, s[start:]...), '"')
}

// hexDigits are the digits of a "\u" escape.
const hexDigits = "0123456789abcdef"

// appendEscaped appends the escape of an ASCII byte that JSON or HTML needs escaped.
func appendEscaped(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}
