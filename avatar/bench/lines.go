package bench

// scriptLines is the canned rotation of script lines the rooms speak: the
// lengths and clause counts of a real show's lines.
var scriptLines = []string{
	"欢迎来到直播间，新来的宝宝们点点关注，今天的福利一波接一波。",
	"这款夜间修护精华，主打修护和保湿，熬夜党和干皮的宝宝一定要看过来。",
	"它的质地很清爽，一抹就化开，吸收特别快，第二天早上皮肤是软软的。",
	"今天直播间的价格只要一百九十九元，还送同款小样两支。",
	"库存不多了，想要的宝宝在公屏扣一，我给大家上链接。",
	"油皮的宝宝也不用担心，它不油腻，不闷痘，夏天也能用。",
}

// replyLines answer viewers' comments; one is sent every replyEvery.
var replyLines = []string{
	"干皮也可以用哦。",
	"这个价格只有今天有，宝宝放心拍。",
	"孕妇也能用，成分很温和。",
}
