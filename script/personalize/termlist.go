package personalize

import (
	"github.com/zhubo-live/zhubo/script/phrase"
)

// termList finds the terms of one guard rule in a text. It matches Latin
// terms as whole words on the normalized text and Han terms on the squeezed
// text as well, so "微 信" is found like "微信".
type termList struct {
	list phrase.AdLaw
}

func newTermList(terms, allowed []string) termList {
	return termList{list: phrase.AdLaw{Forbidden: terms, Allowed: allowed}}
}

// find returns the first term text uses, or "".
func (t termList) find(normalized, squeezed string) string {
	if len(t.list.Forbidden) == 0 {
		return ""
	}
	if v := t.list.Violations(normalized); len(v) > 0 {
		return v[0]
	}
	if v := t.list.Violations(squeezed); len(v) > 0 && !latinOnly(v[0]) {
		return v[0]
	}
	return ""
}

func latinOnly(s string) bool {
	for _, r := range s {
		if r >= 0x80 {
			return false
		}
	}
	return true
}

// DefaultMedical lists medical claims that cosmetics may not make, beyond
// the advertising-law list.
func DefaultMedical() []string {
	return []string{
		"治病", "治愈", "治好", "痊愈", "医治", "药效", "处方", "抗炎", "抗菌",
		"治痘", "祛痘", "根除", "药物", "疾病", "皮肤病", "病症", "激素", "止痒",
		"treat", "treats", "treatment", "disease", "therapy", "prescription", "clinically",
	}
}

// DefaultSensitive lists words the platforms' live-room rules forbid
// (off-platform trading, fake reviews, counterfeit goods, gambling) and words
// a host never says but a model talked out of its role does (指令,
// 开发者模式, "as an AI").
func DefaultSensitive() []string {
	return []string{
		"私下交易", "线下交易", "私聊", "加我", "刷单", "好评返现", "返现", "站外",
		"外链", "代购", "高仿", "假货", "赌博", "博彩", "色情", "翻墙",
		"指令", "开发者模式", "系统提示", "提示词", "语言模型", "作为ai", "ai助手",
		"dm me", "cash back", "counterfeit", "developer mode", "system prompt",
		"as an ai", "language model",
	}
}

// contactTerms name off-platform contact channels; the host never gives one.
var contactTerms = []string{
	"微信", "薇信", "威信", "v信", "微心", "vx", "wx", "weixin", "wechat", "qq",
	"扣扣", "企鹅号", "二维码", "扫码", "公众号", "小红书号", "抖音号", "快手号",
	"telegram", "whatsapp",
}
