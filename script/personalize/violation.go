package personalize

import "fmt"

// Rule names what the compliance guard found wrong with a text. The rule
// appears in Result.Fallback as "guard:<rule>" and in the
// zhubo_guard_replacements_total metric.
type Rule string

// The guard's rules.
const (
	// RuleForbidden: an advertising-law term (superlative, absolute promise).
	RuleForbidden Rule = "forbidden"
	// RuleMedical: a medical claim, which cosmetics may not make.
	RuleMedical Rule = "medical"
	// RuleSensitive: a word the platform rules keep off a live room.
	RuleSensitive Rule = "sensitive"
	// RuleCompetitor: another brand's name.
	RuleCompetitor Rule = "competitor"
	// RuleURL: a web address.
	RuleURL Rule = "url"
	// RulePhone: a phone number.
	RulePhone Rule = "phone"
	// RuleContact: an off-platform contact (微信, vx, QQ, 二维码 …) or handle.
	RuleContact Rule = "contact"
	// RuleNumber: a price, discount, percentage or amount not on the card.
	RuleNumber Rule = "number"
	// RuleIngredient: an ingredient the card does not list.
	RuleIngredient Rule = "ingredient"
	// RuleLanguage: text in another language than the line's.
	RuleLanguage Rule = "language"
	// RuleTooLong: more characters than one spoken line may have.
	RuleTooLong Rule = "too_long"
	// RuleEmpty: nothing to say.
	RuleEmpty Rule = "empty"
)

// Violation is the guard's reason to refuse a text. It wraps ErrGuard.
type Violation struct {
	Rule Rule
	// Detail is the offending term or number, for logs.
	Detail string
}

// Error renders the violation as "compliance guard: rule: detail".
func (v *Violation) Error() string {
	if v.Detail == "" {
		return fmt.Sprintf("%v: %s", ErrGuard, v.Rule)
	}
	return fmt.Sprintf("%v: %s: %q", ErrGuard, v.Rule, v.Detail)
}

// Unwrap lets errors.Is match ErrGuard.
func (v *Violation) Unwrap() error { return ErrGuard }
