package phrase

// Themes lists the themes of each scene, after the live-commerce taxonomy:
//   - opening: hook (开播福利, 热场, 人数到达), brand (正品, 官方), intro (自我介绍);
//   - retention: pain points, scenarios, audiences, seasons, regions, welfare
//     previews and skin types that keep viewers watching;
//   - interaction: comment, like, fan-club and share commands;
//   - product: what the card says — positioning, category, name, efficacy,
//     ingredient, texture, scent, packaging, price, coupon, usage, urgency;
//   - closing: thanks, the next show, farewell;
//   - reply: one theme per viewer intent.
var Themes = map[string][]string{
	"opening": {"hook", "brand", "intro"},
	"retention": {"pain_point", "scenario", "audience", "season", "region",
		"welfare_preview", "skin_type"},
	"interaction": {"comment", "like", "fan", "share"},
	"product": {"positioning", "category", "name", "efficacy", "ingredient", "texture",
		"scent", "packaging", "price", "coupon", "usage", "urgency"},
	"closing": {"thanks", "next_show", "farewell"},
	"reply": {"question.price", "question.suitability", "question.usage",
		"question.ingredients", "question.efficacy", "question.shipping", "question.spec",
		"question.stock", "purchase", "purchase.burst", "greeting", "praise", "complaint",
		"other"},
}

// Slots are the slot names a line may use; the planner fills each from the
// show, the product card, the clock or the viewer.
var Slots = []string{
	"brand", "host", "catchphrase", "product", "category", "positioning", "price",
	"original_price", "saving", "coupon", "gift", "efficacy", "ingredient", "texture",
	"scent", "spec", "packaging", "pain_point", "skin_type", "unsuitable", "audience",
	"usage", "shipping", "after_sales", "stock", "season", "region", "time_of_day", "today",
	"viewer", "count", "next_show", "next_product",
}
