package personalize

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhubo-live/zhubo/script/show"
)

// followUps are the phrases of a host promising to answer later instead of
// now.
var followUps = []string{
	"品牌方", "稍后", "稍等", "确认一下", "核实", "问一下", "问清楚", "记下", "再回复",
	"下一段", "等会儿", "get back", "confirm", "in a bit",
}

// promisesFollowUp reports whether text puts the answer off.
func promisesFollowUp(text string) bool {
	n := strings.ToLower(text)
	for _, f := range followUps {
		if strings.Contains(n, f) {
			return true
		}
	}
	return false
}

// cardAnswer is what of card answers a question about field, as words a
// good answer mentions one of; nil when the card has nothing on it.
func cardAnswer(card *show.ProductCard, field string) []string {
	if card == nil {
		return nil
	}
	switch field {
	case "price":
		return []string{strconv.FormatFloat(card.Price, 'f', -1, 64)}
	case "skin":
		return append(append([]string(nil), card.SuitableSkin...), card.UnsuitableSkin...)
	case "ingredients":
		return card.Ingredients
	case "efficacy":
		return card.Efficacy
	case "stock":
		if card.Stock > 0 {
			return []string{strconv.Itoa(card.Stock), "有货", "现货", "库存"}
		}
		return nil
	}
	text := map[string]string{"usage": card.Usage, "shipping": card.Shipping,
		"spec": card.Spec, "scent": card.Scent, "texture": card.Texture,
		"after_sales": card.AfterSales}[field]
	return probe(text)
}

// probe cuts a card sentence into a few short words an answer quoting it
// would contain: the start of each of its comma-separated parts.
func probe(text string) []string {
	var words []string
	for _, part := range strings.FieldsFunc(text, func(r rune) bool {
		return strings.ContainsRune("，,、；; ", r)
	}) {
		rs := []rune(part)
		words = append(words, string(rs[:min(len(rs), 4)]))
	}
	return words
}

// inventedFact returns a number or well-known ingredient text states that the
// card does not, or "".
func inventedFact(text string, card *show.ProductCard, extra *numberSet) string {
	n := normalize(text)
	if num := newGrounding(card, extra).ungroundedNumber(n); num != "" {
		return num
	}
	return ungroundedIngredient(squeeze(n), cardIngredientText(card))
}

// bigramDiversity is the share of distinct character bigrams among all the
// bigrams of texts' letters and digits: 1 when no two outputs share a
// phrase, near 0 when they all say the same.
func bigramDiversity(texts []string) float64 {
	seen := map[string]bool{}
	total := 0
	for _, t := range texts {
		var prev rune
		for _, r := range t {
			if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
				prev = 0
				continue
			}
			if prev != 0 {
				var b [2 * utf8.UTFMax]byte
				k := utf8.EncodeRune(b[:], prev)
				k += utf8.EncodeRune(b[k:], r)
				seen[string(b[:k])] = true
				total++
			}
			prev = r
		}
	}
	if total == 0 {
		return 0
	}
	return float64(len(seen)) / float64(total)
}
