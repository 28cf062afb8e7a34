package personalize

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
)

func TestDefaultEvalSet(t *testing.T) {
	set, err := DefaultEvalSet()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Cases) < 30 {
		t.Errorf("%d cases, want at least 30", len(set.Cases))
	}
	// The templates are the fallback: each must pass the guard by itself,
	// or a fallback could say something unlawful.
	for _, c := range set.Cases {
		g := NewGuard(GuardConfig{Competitors: set.Competitors})
		if err := g.check(c.Template, c.Card, "zh", nil); err != nil {
			t.Errorf("case %s: template breaks the guard: %v", c.Name, err)
		}
		if !mentionsAny(c.Template, c.ExpectAny) {
			t.Errorf("case %s: template mentions none of %q", c.Name, c.ExpectAny)
		}
	}
}

func TestEvalTemplate(t *testing.T) {
	set, err := DefaultEvalSet()
	if err != nil {
		t.Fatal(err)
	}
	rep := Eval(context.Background(), Template{}, set.Cases)
	if rep.GuardPass != 1 || rep.Grounded != 1 || rep.KeepsIntent != 1 || rep.ByLLM != 0 {
		t.Errorf("template personalizer scored %+v, want full marks by template", rep)
	}
	if len(rep.Fallbacks) != 0 {
		t.Errorf("fallbacks = %v, want none counted for the template personalizer", rep.Fallbacks)
	}
}

func TestRunEvalTemplateByDefault(t *testing.T) {
	var out bytes.Buffer
	code := RunEval(context.Background(), &out, "", "")
	text := out.String()
	if code != 0 {
		t.Errorf("RunEval = %d, want 0 for the template filler:\n%s", code, text)
	}
	for _, want := range []string{"template filler", "night-serum/ask-01", "clay-mask/line-",
		"forbidden terms 0.0%", "number mismatches 0", "invented facts 0",
		"answerable but unanswered", "diversity", "p99"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestRunEvalWithLLM(t *testing.T) {
	srv := fakellm.New(fakellm.Echo(0))
	defer srv.Close()
	var out bytes.Buffer
	RunEval(context.Background(), &out, srv.URL(), "echo")
	text := out.String()
	for _, want := range []string{"guard:medical", "by llm 9", "latency p50"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestDemoEvalSet(t *testing.T) {
	set, err := DemoEvalSet()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Cases) < 100 {
		t.Errorf("%d cases, want at least 100", len(set.Cases))
	}
	kinds := map[string]int{}
	for _, c := range set.Cases {
		kinds[c.Product+"/"+c.Kind]++
		if c.Template == "" || c.Card == nil || c.Card.ID != c.Product {
			t.Errorf("case %s: template %q, card %v", c.Name, c.Template, c.Card)
		}
	}
	for _, p := range []string{"night-serum", "calming-cream", "clay-mask"} {
		if kinds[p+"/line"] < 10 || kinds[p+"/answer"] < 20 {
			t.Errorf("%s: %d lines and %d answers, want at least 10 and 20",
				p, kinds[p+"/line"], kinds[p+"/answer"])
		}
	}
}

func TestEvalChecks(t *testing.T) {
	set, err := DemoEvalSet()
	if err != nil {
		t.Fatal(err)
	}
	card := set.Cases[0].Card // night-serum
	tests := []struct {
		text     string
		invented string
		followUp bool
	}{
		{"这款精华今天199元，含烟酰胺。", "", false},
		{"这款精华今天99元！", "99元", false},
		{"里面有视黄醇，抗老很好。", "视黄醇", false},
		{"这个我帮你问一下品牌方，稍后告诉你。", "", true},
	}
	for _, tt := range tests {
		if got := inventedFact(tt.text, card, nil); got != tt.invented {
			t.Errorf("inventedFact(%q) = %q, want %q", tt.text, got, tt.invented)
		}
		if got := promisesFollowUp(tt.text); got != tt.followUp {
			t.Errorf("promisesFollowUp(%q) = %v, want %v", tt.text, got, tt.followUp)
		}
	}
	if got := bigramDiversity([]string{"欢迎欢迎", "欢迎欢迎"}); got != 2.0/6 {
		t.Errorf("diversity of a repeat = %v, want 2/6 (欢迎, 迎欢 of six bigrams)", got)
	}
	if got := bigramDiversity([]string{"春夏", "秋冬"}); got != 1 {
		t.Errorf("diversity of distinct texts = %v, want 1", got)
	}
}

func TestEvalCountsAttacksAsFallbacks(t *testing.T) {
	set, err := DefaultEvalSet()
	if err != nil {
		t.Fatal(err)
	}
	h := newHarnessEcho(t)
	rep := Eval(context.Background(), h.llm, set.Cases)
	for i, r := range rep.Results {
		c := set.Cases[i]
		if c.Attack && (r.Result.By != bus.ByTemplate ||
			!strings.HasPrefix(r.Result.Fallback, fallbackGuardPrefix)) {
			t.Errorf("attack %s: %+v, want a guard fallback", c.Name, r.Result)
		}
		if !c.Attack && r.Result.By != bus.ByLLM {
			t.Errorf("case %s: %+v, want the echo model's text", c.Name, r.Result)
		}
	}
}
