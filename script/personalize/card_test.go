package personalize

import "github.com/zhubo-live/zhubo/script/show"

// testCard is the product the tests talk about.
func testCard() *show.ProductCard {
	return &show.ProductCard{
		ID: "night-serum", Name: "烟酰胺亮白精华", Category: "精华", Positioning: "主推款",
		Price: 199, OriginalPrice: 299, Coupon: "满300减50", Gift: "同款5ml小样两支",
		Efficacy:    []string{"提亮肤色", "保湿"},
		Ingredients: []string{"5%烟酰胺", "透明质酸钠", "神经酰胺"},
		Scent:       "淡淡的白茶香", Texture: "清爽水润的乳液质地", Spec: "30ml",
		Packaging:  "磨砂玻璃瓶，带滴管",
		PainPoints: []string{"暗沉", "干"}, SuitableSkin: []string{"干皮", "混合皮"},
		UnsuitableSkin: []string{"烟酰胺不耐受"}, Audience: []string{"上班族"},
		Usage: "晚上洁面后取2-3滴，轻拍至吸收", Shipping: "48小时内发货，包邮",
		AfterSales: "7天无理由退换", Stock: 500,
	}
}
