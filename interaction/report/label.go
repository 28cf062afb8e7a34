package report

// intentLabels name intents in Chinese for the report's readers.
var intentLabels = map[string]string{
	"purchase":             "想买",
	"question.price":       "问价格",
	"question.suitability": "问适不适合",
	"question.usage":       "问用法",
	"question.ingredients": "问成分",
	"question.efficacy":    "问功效",
	"question.shipping":    "问发货",
	"question.spec":        "问规格",
	"question.stock":       "问库存",
	"complaint":            "投诉",
	"greeting":             "打招呼",
	"praise":               "夸赞",
	"spam":                 "广告刷屏",
	"other":                "其他",
}

// cueLabels name cue types in Chinese.
var cueLabels = map[string]string{
	"say":            "插话",
	"switch_product": "切换商品",
	"welfare":        "发福利",
	"pause":          "暂停",
	"resume":         "继续",
	"skip":           "跳过",
	"ban_user":       "禁言",
	"block_word":     "屏蔽词",
	"persona":        "调整人设",
}

// sourceLabels name utterance sources in Chinese.
var sourceLabels = map[string]string{
	"script": "脚本",
	"reply":  "回复评论",
	"cue":    "运营指令",
}

// labelOf is the Chinese label of name in labels, or name itself.
func labelOf(labels map[string]string, name string) string {
	if l, ok := labels[name]; ok {
		return l
	}
	return name
}
