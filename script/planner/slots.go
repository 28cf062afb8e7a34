package planner

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/script/show"
)

// Season, time-of-day and region words as the host says them.
var (
	seasonWords = map[string][2]string{
		"spring": {"春天", "spring"}, "summer": {"夏天", "summer"},
		"autumn": {"秋天", "autumn"}, "winter": {"冬天", "winter"},
	}
	timeOfDayWords = map[string][2]string{
		"morning": {"早上", "morning"}, "afternoon": {"下午", "afternoon"},
		"evening": {"晚上", "evening"}, "night": {"深夜", "late night"},
	}
	regionWords = map[string]string{"北方": "the north", "南方": "the south"}
	// todayWords name the day's show: tonight once it is evening, else today.
	todayWords = map[string][2]string{
		"morning": {"今天", "today"}, "afternoon": {"今天", "today"},
		"evening": {"今晚", "tonight"}, "night": {"今晚", "tonight"},
	}
)

// timeOfDay names the part of the day of t's hour.
func timeOfDay(t time.Time) string {
	switch h := t.Hour(); {
	case h >= 5 && h < 11:
		return "morning"
	case h >= 11 && h < 17:
		return "afternoon"
	case h >= 17 && h < 23:
		return "evening"
	}
	return "night"
}

// moment is what the clock and the room say about now.
type moment struct {
	season, timeOfDay string
	viewers           int
}

// slotFiller builds the slot values of one line from the show, the product
// card and the moment. List fields (efficacy, ingredients …) give one entry
// chosen by rng, or all of them joined when joined is set, as an answer needs.
type slotFiller struct {
	show    *show.Show
	persona *show.Persona
	card    *show.ProductCard
	next    *show.ProductCard
	lang    string
	rng     *rand.Rand
	joined  bool
}

// slots fills s, emptied first, with the slot values of one line.
func (f *slotFiller) slots(s map[string]string, m moment) map[string]string {
	clear(s)
	f.common(s, m)
	if f.card == nil {
		return s
	}
	if f.lang == "en" {
		f.cardEN(s)
	} else {
		f.cardZH(s)
	}
	return s
}

func (f *slotFiller) common(s map[string]string, m moment) {
	i := 0
	if f.lang == "en" {
		i = 1
	}
	s["season"], s["time_of_day"] = seasonWords[m.season][i], timeOfDayWords[m.timeOfDay][i]
	s["today"], s["next_show"] = todayWords[m.timeOfDay][i], f.show.Schedule.NextShow
	if m.viewers > 0 {
		s["count"] = strconv.Itoa(m.viewers)
	}
	if f.lang == "en" {
		s["brand"], s["host"] = f.show.Brand.NameEN, f.persona.NameEN
		s["region"] = regionWords[f.show.Schedule.Region]
		return
	}
	s["brand"], s["host"] = f.show.Brand.Name, f.persona.Name
	s["region"] = f.show.Schedule.Region
	s["catchphrase"] = f.one(f.persona.Catchphrases)
}

func (f *slotFiller) cardZH(s map[string]string) {
	c := f.card
	s["product"], s["category"], s["positioning"] = c.Name, c.Category, c.Positioning
	s["price"], s["coupon"], s["gift"] = c.PriceText(), c.Coupon, c.Gift
	if c.OriginalPrice > 0 {
		s["original_price"] = show.Yuan(c.OriginalPrice)
	}
	if c.Saving() > 0 {
		s["saving"] = show.Yuan(c.Saving())
	}
	s["efficacy"], s["ingredient"] = f.pick(c.Efficacy), f.pick(c.Ingredients)
	s["pain_point"], s["skin_type"] = f.one(c.PainPoints), f.pick(c.SuitableSkin)
	s["unsuitable"], s["audience"] = f.pick(c.UnsuitableSkin), f.one(c.Audience)
	s["texture"], s["scent"], s["spec"], s["packaging"] = c.Texture, c.Scent, c.Spec, c.Packaging
	s["usage"], s["shipping"], s["after_sales"] = c.Usage, c.Shipping, c.AfterSales
	s["stock"] = strconv.Itoa(c.Stock)
	if f.next != nil && f.next != c {
		s["next_product"] = f.next.Name
	}
}

func (f *slotFiller) cardEN(s map[string]string) {
	c, e := f.card, &f.card.EN
	s["product"], s["category"], s["positioning"] = e.Name, e.Category, ""
	s["price"], s["coupon"], s["gift"] = yuanEN(c.Price), e.Coupon, e.Gift
	if c.OriginalPrice > 0 {
		s["original_price"] = yuanEN(c.OriginalPrice)
	}
	if c.Saving() > 0 {
		s["saving"] = yuanEN(c.Saving())
	}
	s["efficacy"], s["ingredient"] = f.pick(e.Efficacy), f.pick(e.Ingredients)
	s["pain_point"], s["skin_type"] = f.one(e.PainPoints), f.pick(e.Skin)
	s["texture"], s["scent"], s["spec"], s["packaging"] = e.Texture, e.Scent, c.Spec, e.Packaging
	s["usage"], s["shipping"] = e.Usage, e.Shipping
	s["stock"] = strconv.Itoa(c.Stock)
	if f.next != nil && f.next != c {
		s["next_product"] = f.next.EN.Name
	}
}

func yuanEN(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64) + " yuan"
}

// one returns a random entry of list, or "" for an empty list.
func (f *slotFiller) one(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[f.rng.IntN(len(list))]
}

// pick returns one entry, or up to three joined when the filler answers.
func (f *slotFiller) pick(list []string) string {
	if !f.joined {
		return f.one(list)
	}
	if len(list) > 3 {
		list = list[:3]
	}
	sep := "、"
	if f.lang == "en" {
		sep = ", "
	}
	return strings.Join(list, sep)
}
