package personalize

import (
	"errors"
	"testing"
)

func TestGuardCheck(t *testing.T) {
	g := NewGuard(GuardConfig{Competitors: []string{"兰蔻", "SK-II", "Lancome"}, MaxChars: 60})
	card := testCard()
	tests := []struct {
		name string
		text string
		want Rule // "" for pass
	}{
		{"plain line", "宝宝们，这款精华晚上用两三滴就够啦，干皮混合皮都可以。", ""},
		{"card price", "今天直播间只要199元，原价299元，立省100元！", ""},
		{"coupon numbers", "满300减50的券记得领哦。", ""},
		{"spec and percent", "30ml一瓶，含5%烟酰胺。", ""},
		{"implied discount", "相当于打七折，冲呀！", ""},
		{"han price on card", "只要一百九十九元，家人们冲！", ""},
		{"everyday small numbers", "扣1的宝宝，一天两次，3号链接。", ""},
		{"measure word 块", "脸上一块一块起皮，粉底拍不匀。", ""},
		{"price in 块", "只要九块九！", RuleNumber},
		{"ingredient synonym on card", "里面有玻尿酸，保湿很舒服。", ""},
		{"allowed 最近", "最近天气干，记得补水哦。", ""},
		{"empty", "  。！", RuleEmpty},
		{"too long", "这款精华真的很好用" + string(make([]rune, 0)) + repeat("很好用", 20), RuleTooLong},
		{"superlative", "这是全网效果最好的精华！", RuleForbidden},
		{"absolute promise", "用了保证变白。", RuleForbidden},
		{"medical", "这款产品能治病哦。", RuleMedical},
		{"medical english in zh", "它能 treat 痘痘哦宝宝们放心用吧。", RuleMedical},
		{"spaced medical", "用完直接治 愈，放心。", RuleMedical},
		{"competitor", "比兰蔻那款好用多了。", RuleCompetitor},
		{"competitor latin", "比SK-II便宜一半哦家人们。", RuleCompetitor},
		{"url", "详情看 www.example.com 哦。", RuleURL},
		{"url bare domain", "去 shop.example.cn 下单更便宜。", RuleURL},
		{"phone", "打电话138 0013 8000咨询。", RulePhone},
		{"wechat", "加我微信详聊。", RuleContact},
		{"spaced wechat", "加我微 信详聊。", RuleContact},
		{"vx", "有问题找vx小助手。", RuleContact},
		{"fullwidth vx", "有问题找ｖｘ小助手。", RuleContact},
		{"qr code", "扫屏幕上的二维码领券。", RuleContact},
		{"sensitive", "好评返现二十元哦。", RuleSensitive},
		{"price not on card", "今天只要1元！", RuleNumber},
		{"han price not on card", "今天只要九块九！", RuleNumber},
		{"discount not on card", "全场五折，冲！", RuleNumber},
		{"percent not on card", "百分之九十的人都回购了。", RuleNumber},
		{"sales claim", "已经卖出了3万件啦。", RuleNumber},
		{"volume not on card", "50ml大瓶装。", RuleNumber},
		{"ingredient not on card", "添加了视黄醇，抗老很强。", RuleIngredient},
		{"english in zh room", "This serum makes your skin glow every night.", RuleLanguage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := g.Check(tt.text, card)
			var v *Violation
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Check(%q) = %v, want pass", tt.text, err)
			case tt.want == "":
				return
			case !errors.As(err, &v):
				t.Fatalf("Check(%q) = %v, want rule %s", tt.text, err, tt.want)
			case v.Rule != tt.want:
				t.Fatalf("Check(%q) rule = %s (%v), want %s", tt.text, v.Rule, err, tt.want)
			}
			if !errors.Is(err, ErrGuard) {
				t.Errorf("violation %v does not wrap ErrGuard", err)
			}
		})
	}
}

func TestGuardEnglish(t *testing.T) {
	g := NewGuard(GuardConfig{Lang: "en"})
	card := testCard()
	line := "Only 199 yuan today, and the 30ml bottle ships in 48 hours."
	if err := g.Check(line, card); err != nil {
		t.Errorf("grounded English line refused: %v", err)
	}
	for text, want := range map[string]Rule{
		"It cures acne overnight.":          RuleForbidden,
		"这款精华非常适合干皮的宝宝们使用。":                 RuleLanguage,
		"The best serum you will ever own.": RuleForbidden,
		"Only 9.9 yuan, grab it now.":       RuleNumber,
	} {
		var v *Violation
		if err := g.Check(text, card); !errors.As(err, &v) || v.Rule != want {
			t.Errorf("Check(%q) = %v, want rule %s", text, err, want)
		}
	}
}

func TestGuardWithoutCard(t *testing.T) {
	g := NewGuard(GuardConfig{})
	if err := g.Check("欢迎新来的宝宝，点点关注不迷路。", nil); err != nil {
		t.Errorf("a line without facts refused: %v", err)
	}
	var v *Violation
	if err := g.Check("这款只要99元。", nil); !errors.As(err, &v) || v.Rule != RuleNumber {
		t.Errorf("a price without a card passed: %v", err)
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
