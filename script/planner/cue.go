package planner

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// welfareKeywords tags the welfare previews that announce each kind of welfare.
var welfareKeywords = map[string]string{"coupon": "优惠券", "lucky_bag": "福袋", "draw": "抽奖"}

// Cue applies a moderator's or operator's cue. A say or welfare cue returns
// the line to speak next; every other cue changes the planner's state and
// returns nil. An error says why the cue was refused, in words for the Ack.
func (p *Planner) Cue(c bus.Cue, now time.Time) (*Line, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch c.Type {
	case bus.CueSay:
		return p.cueSay(c)
	case bus.CueSwitchProduct:
		return nil, p.switchProduct(c.Args["product"])
	case bus.CueWelfare:
		return p.cueWelfare(c, now)
	case bus.CuePause, bus.CueResume:
		p.paused = c.Type == bus.CuePause
		return nil, nil
	case bus.CueSkip:
		return nil, nil
	case bus.CueBanUser:
		return nil, p.banUser(c.Args["user"])
	case bus.CueBlockWord:
		return nil, p.blockWord(c.Args["word"])
	case bus.CuePersona:
		return nil, p.setPersona(c.Args)
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownCue, c.Type)
}

func (p *Planner) cueSay(c bus.Cue) (*Line, error) {
	text := strings.TrimSpace(c.Args["text"])
	if text == "" {
		return nil, fmt.Errorf("%w: say needs text", ErrBadCue)
	}
	return &Line{Text: text, Lang: p.lang, Scene: bus.SceneCue, Theme: string(bus.CueSay),
		Product: p.show.Products[p.current].ID, Source: bus.SourceCue,
		EstDuration: EstimateDuration(p.lang, text, p.persona.Speed)}, nil
}

// switchProduct puts a product on air: its block starts with the next line,
// and the show goes on in order from there.
func (p *Planner) switchProduct(id string) error {
	if id == "" {
		return fmt.Errorf("%w: switch_product needs product", ErrBadCue)
	}
	for i := range p.show.Products {
		if p.show.Products[i].ID != id {
			continue
		}
		p.current, p.nextProduct, p.segment = i, i, segProduct
		p.agenda, p.urgent = nil, nil
		p.refill()
		return nil
	}
	return fmt.Errorf("%w %q", ErrUnknownProduct, id)
}

// cueWelfare announces a coupon, lucky bag or draw: the moderator's own text
// if given, else a welfare preview of that kind.
func (p *Planner) cueWelfare(c bus.Cue, now time.Time) (*Line, error) {
	kind := c.Args["kind"]
	kw, ok := welfareKeywords[kind]
	if !ok {
		return nil, fmt.Errorf("%w: welfare kind %q must be coupon, lucky_bag or draw",
			ErrBadCue, kind)
	}
	card := &p.show.Products[p.current]
	if text := strings.TrimSpace(c.Args["text"]); text != "" {
		return &Line{Text: text, Lang: p.lang, Scene: bus.SceneCue, Theme: "welfare",
			Product: card.ID, Source: bus.SourceCue,
			EstDuration: EstimateDuration(p.lang, text, p.persona.Speed)}, nil
	}
	req := pickRequest{scene: bus.SceneRetention, theme: "welfare_preview", card: card,
		source: bus.SourceCue, lenient: true, keywords: []string{kw},
		require: kw}
	line, ok := p.pick(req, now)
	if !ok {
		return nil, fmt.Errorf("%w: no %s line fits product %q; give the text",
			ErrBadCue, kind, card.ID)
	}
	return &line, nil
}

func (p *Planner) banUser(user string) error {
	if user == "" {
		return fmt.Errorf("%w: ban_user needs user", ErrBadCue)
	}
	p.banned[user] = true
	return nil
}

func (p *Planner) blockWord(word string) error {
	word = strings.ToLower(strings.TrimSpace(word))
	if word == "" {
		return fmt.Errorf("%w: block_word needs word", ErrBadCue)
	}
	if !slices.Contains(p.blocked, word) {
		p.blocked = append(p.blocked, word)
	}
	return nil
}

// setPersona changes the host's tone and speech rate.
func (p *Planner) setPersona(args map[string]string) error {
	tone, speedText := args["tone"], args["speed"]
	if tone == "" && speedText == "" {
		return fmt.Errorf("%w: persona needs tone or speed", ErrBadCue)
	}
	if speedText != "" {
		speed, err := strconv.Atoi(speedText)
		if err != nil || speed < 80 || speed > 450 {
			return fmt.Errorf("%w: persona speed %q must be 80..450 words per minute",
				ErrBadCue, speedText)
		}
		p.persona.Speed = speed
	}
	if tone != "" {
		p.persona.Tone = tone
	}
	return nil
}

// Persona is the host persona as cues have changed it.
func (p *Planner) Persona() (tone string, speed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.persona.Tone, p.persona.Speed
}
