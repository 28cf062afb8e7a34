package report

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Limits of the topic lists.
const (
	maxTopics   = 6
	maxExamples = 3
	// maxTextLabel is the length, in runes, of a label made from comment text.
	maxTextLabel = 16
)

// topicRule names a topic and the keywords, in normalized form, that put a
// comment in it. The first rule with a matching keyword wins.
type topicRule struct {
	label, en string
	keywords  []string
}

// topicList is a list of rules and the intents whose comments it groups.
type topicList struct {
	accepts func(intent string) bool
	rules   []topicRule
}

// complaintTopics groups complaints by what went wrong.
var complaintTopics = topicList{
	accepts: func(it string) bool { return it == bus.IntentComplaint },
	rules: []topicRule{
		{"过敏", "allergy", []string{"过敏", "起疹", "红肿", "刺痛", "烂脸", "痒", "itchy", "rash",
			"allergic"}},
		{"爆痘", "breakouts", []string{"闭口", "长痘", "爆痘", "冒痘", "breakout", "brokeout"}},
		{"假货", "fake", []string{"假货", "假的", "是假", "fake"}},
		{"没效果", "no effect", []string{"没效果", "没有效果", "没用", "智商税", "useless",
			"didntwork", "doesntwork"}},
		{"破损漏液", "damaged", []string{"破的", "破了", "漏", "坏了", "broken"}},
		{"物流慢", "slow delivery", []string{"物流", "快递", "太慢", "还没发", "没到"}},
		{"客服", "customer service", []string{"客服", "不回", "noreply", "neverreplied"}},
		{"退款", "refund", []string{"退款", "退货", "refund"}},
		{"托和骗", "scam", []string{"托", "骗", "割韭菜", "scam"}},
	},
}

// questionTopics groups questions by what they ask about.
var questionTopics = topicList{
	accepts: isQuestion,
	rules: []topicRule{
		{"敏感肌", "sensitive skin", []string{"敏感肌", "敏感皮", "sensitive"}},
		{"干皮", "dry skin", []string{"干皮", "干性", "dry"}},
		{"油皮", "oily skin", []string{"油皮", "油性", "混油", "oily"}},
		{"孕妇", "pregnancy", []string{"孕妇", "孕期", "哺乳", "pregnan"}},
		{"价格优惠", "price", []string{"多少钱", "价格", "几块", "优惠", "券", "price"}},
		{"发货包邮", "shipping", []string{"发货", "包邮", "快递", "几天到", "ship"}},
		{"用法", "usage", []string{"怎么用", "用法", "早晚", "几次", "howtouse"}},
		{"成分", "ingredients", []string{"成分", "酒精", "香精", "防腐剂", "ingredient"}},
		{"规格", "size", []string{"多少ml", "毫升", "规格", "容量", "多大", "size"}},
		{"库存", "stock", []string{"还有吗", "有货", "库存", "补货", "没了", "stock"}},
	},
}

// topicGroup accumulates one topic's comments.
type topicGroup struct {
	Topic
	first   int
	intents map[string]int
	seen    map[string]bool
}

// topics groups the comments list accepts, most common first.
func topics(msgs []Message, list topicList) []Topic {
	groups := make(map[string]*topicGroup)
	total := 0
	for _, m := range msgs {
		if !m.comment() || !list.accepts(m.Intent.Intent) {
			continue
		}
		total++
		norm := normalize(m.Intent.Text)
		key, label, en := list.match(norm, m.Intent.Text)
		g := groups[key]
		if g == nil {
			g = &topicGroup{Topic: Topic{Label: label, LabelEN: en, Examples: []string{}},
				first: total, intents: map[string]int{}, seen: map[string]bool{}}
			groups[key] = g
		}
		g.add(m.Intent, norm)
	}
	return rankTopics(groups, total)
}

// add counts one comment in the group, keeping it as an example when it is new.
func (g *topicGroup) add(it *bus.Intent, norm string) {
	g.Count++
	g.intents[it.Intent]++
	if len(g.Examples) < maxExamples && !g.seen[norm] && strings.TrimSpace(it.Text) != "" {
		g.seen[norm] = true
		g.Examples = append(g.Examples, strings.TrimSpace(it.Text))
	}
}

// match is the group key and labels of a normalized comment: the first rule
// whose keyword it contains, or else its own text.
func (l topicList) match(norm, text string) (key, label, en string) {
	for _, r := range l.rules {
		for _, k := range r.keywords {
			if strings.Contains(norm, k) {
				return "rule:" + r.label, r.label, r.en
			}
		}
	}
	return "text:" + norm, clipRunes(strings.TrimSpace(text), maxTextLabel), ""
}

// rankTopics orders groups by count, then by first appearance, and keeps the top.
func rankTopics(groups map[string]*topicGroup, total int) []Topic {
	list := make([]*topicGroup, 0, len(groups))
	for _, g := range groups {
		list = append(list, g)
	}
	slices.SortFunc(list, func(a, b *topicGroup) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.first, b.first))
	})
	out := make([]Topic, 0, min(len(list), maxTopics))
	for _, g := range list[:min(len(list), maxTopics)] {
		t := g.Topic
		t.Share = share(g.Count, total)
		t.Intent = rankIntents(g.intents, g.Count)[0].Intent
		out = append(out, t)
	}
	return out
}

// normalize folds comment text for grouping: full-width ASCII to half-width,
// lower case, with spaces, punctuation and symbols removed.
func normalize(text string) string {
	var b strings.Builder
	for _, r := range text {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// clipRunes shortens s to at most n runes, marking a cut with an ellipsis.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
