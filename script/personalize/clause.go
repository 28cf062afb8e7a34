package personalize

import (
	"strings"
	"unicode/utf8"
)

// minClauseChars is how long a clause must be before a comma ends it: shorter
// pieces ("宝宝们，") are not worth a TTS call of their own.
const minClauseChars = 8

// clauseSplitter cuts a streamed reply into clauses that can be spoken while
// the rest is still being written. A clause ends at 。！？；!?; or an
// ellipsis, at an English ". " and, once it is minClauseChars long, at a
// comma (，or ", ").
type clauseSplitter struct {
	buf strings.Builder
}

// push adds streamed text and returns the clauses it completed.
func (s *clauseSplitter) push(text string) []string {
	var done []string
	for _, r := range text {
		s.buf.WriteRune(r)
		if s.ends(r) {
			done = append(done, s.take())
		}
	}
	return done
}

// flush returns what is left after the last clause ended, and forgets it.
func (s *clauseSplitter) flush() string {
	if strings.TrimSpace(s.buf.String()) == "" {
		s.buf.Reset()
		return ""
	}
	return s.take()
}

func (s *clauseSplitter) take() string {
	c := s.buf.String()
	s.buf.Reset()
	return c
}

// ends reports whether r, just written, ends the buffered clause. ASCII
// '.' and ',' end one only when a space follows, so 9.9 and 1,000 stay whole:
// the clause then ends at that space.
func (s *clauseSplitter) ends(r rune) bool {
	b := s.buf.String()
	switch r {
	case '。', '！', '？', '；', '!', '?', ';', '…':
		return true
	case '，':
		return utf8.RuneCountInString(b) >= minClauseChars
	case ' ':
		prev := strings.TrimSuffix(b, " ")
		switch {
		case strings.HasSuffix(prev, "."):
			return true
		case strings.HasSuffix(prev, ","):
			return utf8.RuneCountInString(prev) >= minClauseChars
		}
	}
	return false
}
