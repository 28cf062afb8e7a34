package planner

import (
	"strings"
	"time"
	"unicode"
)

// Line is one thing the host will say, with the tags the Utterance carries.
type Line struct {
	Text    string `json:"text"`
	Lang    string `json:"lang"`
	Scene   string `json:"scene"`
	Theme   string `json:"theme,omitempty"`
	Product string `json:"product,omitempty"`
	// ReplyTo lists the events a reply answers.
	ReplyTo []string `json:"reply_to,omitempty"`
	// Source is bus.SourceScript, bus.SourceReply or bus.SourceCue.
	Source string `json:"source"`
	// Phrase is the ID ("file:line") of the library phrase the line was
	// filled from; empty for a moderator's own words.
	Phrase string `json:"phrase,omitempty"`
	// EstDuration is how long the line takes to say at the persona's speed.
	EstDuration time.Duration `json:"-"`
}

// Speaking rates at espeak-ng's default speed of 175 words per minute.
const (
	zhCharsPerSecond = 4.5
	enWordsPerSecond = 2.7
	defaultSpeed     = 175
	pausePerBreak    = 150 * time.Millisecond
)

// EstimateDuration guesses how long text takes to say: Chinese at about 4.5
// characters a second, English at about 2.7 words a second, plus a short
// pause at each sentence break, scaled by speed (words per minute, 0 for
// the default 175).
func EstimateDuration(lang, text string, speed int) time.Duration {
	var secs float64
	if lang == "en" {
		secs = float64(len(strings.Fields(text))) / enWordsPerSecond
	} else {
		secs = float64(spokenChars(text)) / zhCharsPerSecond
	}
	d := time.Duration(secs*float64(time.Second)) + pausePerBreak*time.Duration(breaks(text))
	if speed > 0 {
		d = d * defaultSpeed / time.Duration(speed)
	}
	return d.Round(10 * time.Millisecond)
}

// spokenChars counts Han characters and, as one each, runs of Latin letters
// or digits.
func spokenChars(text string) int {
	n := 0
	inRun := false
	for _, r := range text {
		alnum := r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if unicode.Is(unicode.Han, r) || (alnum && !inRun) {
			n++
		}
		inRun = alnum
	}
	return n
}

func breaks(text string) int {
	n := 0
	for _, r := range text {
		switch r {
		case '，', '。', '！', '？', '；', ',', '.', '!', '?', ';':
			n++
		}
	}
	return n
}
