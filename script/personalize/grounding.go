package personalize

import "github.com/zhubo-live/zhubo/script/show"

// grounding is what a text may state about a product: the card's numbers
// plus extra ones (those of the template line and the burst size), and the
// card's ingredient names. It is built once per reply and read per clause.
type grounding struct {
	numbers     *numberSet
	ingredients string
}

// newGrounding gathers what card and extra ground; extra may be nil.
func newGrounding(card *show.ProductCard, extra *numberSet) grounding {
	numbers := cardNumbers(card)
	if extra != nil {
		for k := range extra.keys {
			numbers.add(k.class, k.value)
		}
	}
	return grounding{numbers: numbers, ingredients: cardIngredientText(card)}
}

// ungroundedNumber returns the first factual number the normalized text
// states that is not grounded.
func (gr grounding) ungroundedNumber(normalized string) string {
	for _, q := range quantities(normalized) {
		if q.factual() && !gr.numbers.has(q) {
			return q.text
		}
	}
	return ""
}
