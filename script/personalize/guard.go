package personalize

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/show"
)

// DefaultMaxChars is the longest spoken line the guard lets through when
// GuardConfig.MaxChars is 0: about fifteen seconds of speech.
const DefaultMaxChars = 80

// GuardConfig says what the compliance guard refuses. Its zero value is a
// useful guard: the default advertising-law, medical and sensitive lists,
// no competitors, DefaultMaxChars, Chinese.
type GuardConfig struct {
	// AdLaw is the advertising-law list; empty uses phrase.DefaultAdLaw().
	AdLaw phrase.AdLaw
	// Medical lists medical claims; nil uses DefaultMedical().
	Medical []string
	// Sensitive lists words kept off the live room; nil uses DefaultSensitive().
	Sensitive []string
	// Competitors are other brands' names, in every spelling viewers use.
	Competitors []string
	// MaxChars is the longest line in characters; 0 uses DefaultMaxChars.
	MaxChars int
	// Lang is the language lines must be in, "zh" or "en"; empty is "zh".
	Lang string
}

// Guard is the compliance check every LLM text passes before it is spoken:
// advertising law, medical claims, platform rules, competitors, contact
// details, facts not on the product card, language and length. It is safe
// for concurrent use.
type Guard struct {
	adLaw, medical, sensitive, competitors, contact termList
	maxChars                                        int
	lang                                            string
}

// NewGuard builds a guard from cfg, filling defaults.
func NewGuard(cfg GuardConfig) *Guard {
	if len(cfg.AdLaw.Forbidden) == 0 {
		cfg.AdLaw = phrase.DefaultAdLaw()
	}
	if cfg.Medical == nil {
		cfg.Medical = DefaultMedical()
	}
	if cfg.Sensitive == nil {
		cfg.Sensitive = DefaultSensitive()
	}
	if cfg.MaxChars <= 0 {
		cfg.MaxChars = DefaultMaxChars
	}
	if cfg.Lang == "" {
		cfg.Lang = "zh"
	}
	return &Guard{
		adLaw:       newTermList(cfg.AdLaw.Forbidden, cfg.AdLaw.Allowed),
		medical:     newTermList(cfg.Medical, nil),
		sensitive:   newTermList(cfg.Sensitive, nil),
		competitors: newTermList(cfg.Competitors, nil),
		contact:     newTermList(contactTerms, nil),
		maxChars:    cfg.MaxChars,
		lang:        cfg.Lang,
	}
}

// MaxChars is the longest line the guard lets through.
func (g *Guard) MaxChars() int { return g.maxChars }

// Check returns nil when text may be spoken about card (nil for no product),
// or a *Violation naming the first rule it breaks. Numbers must be on the card.
func (g *Guard) Check(text string, card *show.ProductCard) error {
	return g.check(text, card, g.lang, nil)
}

// check is Check in a given language, with extra numbers allowed besides the
// card's (those of the template line the planner filled).
func (g *Guard) check(text string, card *show.ProductCard, lang string, extra *numberSet) error {
	if spokenLen(strings.TrimSpace(text)) == 0 || !hasWords(text) {
		return &Violation{Rule: RuleEmpty}
	}
	if n := spokenLen(text); n > g.maxChars {
		return &Violation{Rule: RuleTooLong, Detail: strconv.Itoa(n)}
	}
	return g.checkClause(text, newGrounding(card, extra), lang)
}

// checkClause applies every rule but length and emptiness, so a reply can be
// checked clause by clause as it streams in.
func (g *Guard) checkClause(text string, gr grounding, lang string) error {
	n := normalize(text)
	sq := squeeze(n)
	if m := urlPattern.FindString(n); m != "" {
		return &Violation{Rule: RuleURL, Detail: m}
	}
	if m := phoneNumber(n); m != "" {
		return &Violation{Rule: RulePhone, Detail: m}
	}
	if m := g.contactDetail(n, sq); m != "" {
		return &Violation{Rule: RuleContact, Detail: m}
	}
	for _, r := range []struct {
		rule  Rule
		terms termList
	}{
		{RuleCompetitor, g.competitors}, {RuleMedical, g.medical},
		{RuleForbidden, g.adLaw}, {RuleSensitive, g.sensitive},
	} {
		if m := r.terms.find(n, sq); m != "" {
			return &Violation{Rule: r.rule, Detail: m}
		}
	}
	if m := gr.ungroundedNumber(n); m != "" {
		return &Violation{Rule: RuleNumber, Detail: m}
	}
	if m := ungroundedIngredient(sq, gr.ingredients); m != "" {
		return &Violation{Rule: RuleIngredient, Detail: m}
	}
	if !inLanguage(n, lang) {
		return &Violation{Rule: RuleLanguage, Detail: lang}
	}
	return nil
}

var (
	urlPattern = regexp.MustCompile(`(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*` +
		`\.(?:com|cn|net|org|top|xyz|shop|io|me|cc|vip|link|info)\b`)
	digitRun     = regexp.MustCompile(`\d[\d\s-]{5,}\d`)
	handlePrefix = regexp.MustCompile(`(?:id|号|账号|帐号)\s*[:：]?\s*[a-z][a-z0-9_-]{4,}`)
)

// phoneNumber finds a run of seven or more digits, spaces and dashes aside:
// no price or amount on a card is that long, and phone numbers are.
func phoneNumber(normalized string) string {
	for _, m := range digitRun.FindAllString(normalized, -1) {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, m)
		if len(digits) >= 7 {
			return m
		}
	}
	return ""
}

func (g *Guard) contactDetail(n, sq string) string {
	if m := g.contact.find(n, sq); m != "" {
		return m
	}
	return handlePrefix.FindString(n)
}

// inLanguage reports whether text is in lang: Chinese lines are mostly Han
// (brand and ingredient names may be Latin), English lines have little Han.
// Too few letters to tell pass.
func inLanguage(normalized, lang string) bool {
	han, latin := scriptCounts(normalized)
	if han+latin < 4 {
		return true
	}
	if lang == "en" {
		return han*5 <= han+latin
	}
	return han*2 >= han+latin
}

func hasWords(text string) bool {
	han, latin := scriptCounts(text)
	if han+latin > 0 {
		return true
	}
	return strings.IndexFunc(text, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0
}
