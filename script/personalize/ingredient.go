package personalize

import (
	"strings"

	"github.com/zhubo-live/zhubo/script/show"
)

// ingredientNames are the actives viewers and models name most often, each
// with its synonyms: a model asked "有没有玻尿酸" likes to answer yes. A text
// may name one only when the card lists it under any of its names.
var ingredientNames = [][]string{
	{"玻尿酸", "透明质酸", "hyaluronic"}, {"烟酰胺", "niacinamide"},
	{"视黄醇", "维a醇", "a醇", "retinol"}, {"水杨酸", "salicylic"}, {"果酸"},
	{"杏仁酸"}, {"胜肽", "多肽", "寡肽", "peptide"}, {"神经酰胺", "ceramide"},
	{"角鲨烷", "squalane"}, {"积雪草", "centella"}, {"虾青素", "astaxanthin"},
	{"二裂酵母", "bifida"}, {"玻色因", "pro-xylane"}, {"维c", "维生素c", "抗坏血酸", "vitamin c"},
	{"熊果苷", "arbutin"}, {"传明酸", "氨甲环酸", "tranexamic"}, {"依克多因", "ectoin"},
	{"麦角硫因"}, {"胶原蛋白", "collagen"}, {"泛醇", "panthenol", "维生素b5", "b5"},
	{"尿囊素", "allantoin"}, {"茶多酚"}, {"蜗牛原液"}, {"富勒烯"}, {"角蛋白"},
}

// ungroundedIngredient returns the first well-known ingredient the squeezed
// text names that onCard, the card's cardIngredientText, does not.
func ungroundedIngredient(squeezed, onCard string) string {
	for _, group := range ingredientNames {
		named := ""
		for _, name := range group {
			if strings.Contains(squeezed, squeeze(name)) {
				named = name
				break
			}
		}
		if named == "" {
			continue
		}
		if !anyIn(onCard, group) {
			return named
		}
	}
	return ""
}

// cardIngredientText is the card text where an ingredient may be named.
func cardIngredientText(card *show.ProductCard) string {
	if card == nil {
		return " "
	}
	parts := []string{card.Name, card.EN.Name}
	parts = append(parts, card.Ingredients...)
	parts = append(parts, card.EN.Ingredients...)
	parts = append(parts, card.Efficacy...)
	return squeeze(normalize(strings.Join(parts, "|"))) + " "
}

func anyIn(text string, names []string) bool {
	for _, n := range names {
		if strings.Contains(text, squeeze(n)) {
			return true
		}
	}
	return false
}
