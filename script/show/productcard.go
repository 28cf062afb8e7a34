package show

import (
	"fmt"
	"strconv"
)

// Categories are the product categories a card may name.
var Categories = []string{"精华", "面霜", "水乳", "面膜", "眼霜", "套装"}

// Positionings are the roles a product plays in the show's line-up.
var Positionings = []string{"新品", "引流款", "主推款", "小样赠品"}

// ProductCard is the product knowledge the host may speak from. Lines and
// answers state no fact that is not on the card.
type ProductCard struct {
	// ID is a URL-safe slug such as "night-serum".
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Category is one of Categories.
	Category string `yaml:"category"`
	// Positioning is one of Positionings.
	Positioning string `yaml:"positioning"`
	// Price is the live-room price in yuan.
	Price float64 `yaml:"price"`
	// OriginalPrice is the list price in yuan, at least Price.
	OriginalPrice float64 `yaml:"original_price"`
	// Coupon describes the live-room coupon, e.g. "满300减50"; empty if none.
	Coupon string `yaml:"coupon"`
	// Gift is what comes with an order, e.g. "同款5ml小样两支"; empty if nothing.
	Gift        string   `yaml:"gift"`
	Efficacy    []string `yaml:"efficacy"`
	Ingredients []string `yaml:"ingredients"`
	Scent       string   `yaml:"scent"`
	Texture     string   `yaml:"texture"`
	// Spec is the net content, e.g. "30ml".
	Spec      string `yaml:"spec"`
	Packaging string `yaml:"packaging"`
	// PainPoints are the skin worries the product addresses, in the phrase
	// library's terms (出油, 暗沉, 干燥, 起皮, 卡粉, 毛孔粗大, 发红 …).
	PainPoints     []string `yaml:"pain_points"`
	SuitableSkin   []string `yaml:"suitable_skin"`
	UnsuitableSkin []string `yaml:"unsuitable_skin"`
	// Audience are the viewer groups the product suits (学生党, 宝妈, 上班族 …).
	Audience   []string `yaml:"audience"`
	Usage      string   `yaml:"usage"`
	Shipping   string   `yaml:"shipping"`
	AfterSales string   `yaml:"after_sales"`
	Stock      int      `yaml:"stock"`
	// EN carries the English wording of the card for English lines.
	EN CardText `yaml:"en"`
}

// CardText is a product card's wording in a second language. Empty fields
// leave the English lines that need them unsaid.
type CardText struct {
	Name        string   `yaml:"name"`
	Category    string   `yaml:"category"`
	Coupon      string   `yaml:"coupon"`
	Gift        string   `yaml:"gift"`
	Efficacy    []string `yaml:"efficacy"`
	Ingredients []string `yaml:"ingredients"`
	Scent       string   `yaml:"scent"`
	Texture     string   `yaml:"texture"`
	Packaging   string   `yaml:"packaging"`
	PainPoints  []string `yaml:"pain_points"`
	Skin        []string `yaml:"suitable_skin"`
	Usage       string   `yaml:"usage"`
	Shipping    string   `yaml:"shipping"`
}

// PriceText renders the live price the way the host says it, e.g. "199元".
func (c *ProductCard) PriceText() string {
	return Yuan(c.Price)
}

// Saving is how much the live price is below the list price, in yuan.
func (c *ProductCard) Saving() float64 {
	if c.OriginalPrice <= c.Price {
		return 0
	}
	return c.OriginalPrice - c.Price
}

// Yuan renders an amount of yuan without trailing zeros, e.g. "199元", "9.9元".
func Yuan(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64) + "元"
}

// validate reports the rules this card breaks, each prefixed with its path.
func (c *ProductCard) validate(path string) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %w: "+format,
			append([]any{path, ErrInvalid}, args...)...))
	}
	if !slugPattern.MatchString(c.ID) {
		bad("id %q is not a slug like night-serum", c.ID)
	}
	required := map[string]string{"name": c.Name, "usage": c.Usage, "spec": c.Spec,
		"texture": c.Texture, "packaging": c.Packaging, "shipping": c.Shipping}
	for _, key := range sortedKeys(required) {
		if required[key] == "" {
			bad("%s is required", key)
		}
	}
	if !contains(Categories, c.Category) {
		bad("category %q is not one of %v", c.Category, Categories)
	}
	if !contains(Positionings, c.Positioning) {
		bad("positioning %q is not one of %v", c.Positioning, Positionings)
	}
	if c.Price <= 0 {
		bad("price must be above 0, got %v", c.Price)
	}
	if c.OriginalPrice != 0 && c.OriginalPrice < c.Price {
		bad("original_price %v is below price %v", c.OriginalPrice, c.Price)
	}
	if c.Stock < 0 {
		bad("stock must not be negative, got %d", c.Stock)
	}
	if len(c.Efficacy) == 0 || len(c.Ingredients) == 0 || len(c.SuitableSkin) == 0 {
		bad("efficacy, ingredients and suitable_skin each need at least one entry")
	}
	return errs
}
