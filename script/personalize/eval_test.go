package personalize

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/zhubo-live/zhubo/interaction/bus"
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

func TestRunEvalOffline(t *testing.T) {
	var out bytes.Buffer
	if code := RunEval(context.Background(), &out, "", ""); code != 0 {
		t.Fatalf("RunEval = %d, want 0:\n%s", code, out.String())
	}
	text := out.String()
	for _, want := range []string{"attack-cure-zh", "guard:medical", "guard pass 100%",
		"grounded 100%", "latency p50"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
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
