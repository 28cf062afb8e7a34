package intent

import (
	"errors"
	"strings"
	"testing"
)

const lexiconPath = "../../configs/intents.yaml"

func loadTestClassifier(t testing.TB) *Classifier {
	t.Helper()
	c, err := Load(lexiconPath)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// TestLabelledSet scores the shipped lexicon on the labelled set.
func TestLabelledSet(t *testing.T) {
	c := loadTestClassifier(t)
	rows, err := LoadLabelled("testdata/labelled.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 300 {
		t.Fatalf("labelled set has %d rows, want >= 300", len(rows))
	}
	rep := Evaluate(c, rows)
	t.Logf("\n%s", rep)
	if rep.Accuracy < 0.85 {
		t.Errorf("accuracy %.3f < 0.85", rep.Accuracy)
	}
	if len(rep.Intents) != len(knownIntents) {
		t.Errorf("report covers %d intents, want all %d", len(rep.Intents), len(knownIntents))
	}
	for _, s := range rep.Intents {
		if s.Recall < 0.6 {
			t.Errorf("%s: recall %.2f < 0.6", s.Intent, s.Recall)
		}
	}
}

// TestHoldout reports how the lexicon generalizes to comments written after it.
// The bar is lower than on the labelled set, which the lexicon was written from.
func TestHoldout(t *testing.T) {
	c := loadTestClassifier(t)
	// Floors catch regressions. holdout.tsv and holdout2.tsv each guided one round of
	// tuning (holdout2's misses named families of phrasing the lexicon then learned),
	// so both now sit a little below what the lexicon reaches on them. holdout3.tsv
	// was written blind, by someone who saw neither the lexicon nor the other sets;
	// it scored 0.91 accuracy (answered precision 0.97) and then guided a third
	// round. holdout4.tsv, written blind the same way after that round, scored
	// 0.93 (answered precision 0.99) and guided a fourth. holdout5.tsv, written
	// blind after that, scored 0.90 (0.96) and guided a fifth, in which the
	// scent of a product became a spec question. holdout6.tsv, written blind
	// after that, is the honest estimate.
	floors := []struct {
		path                string
		accuracy, precision float64
	}{
		{"testdata/holdout.tsv", 0.9, 0.9},
		{"testdata/holdout2.tsv", 0.95, 0.95},
		{"testdata/holdout3.tsv", 0.95, 0.95},
		{"testdata/holdout4.tsv", 0.95, 0.95},
		{"testdata/holdout5.tsv", 0.95, 0.95},
		{"testdata/holdout6.tsv", 0.85, 0.9}, // written blind; never tuned against
	}
	for _, f := range floors {
		rows, err := LoadLabelled(f.path)
		if err != nil {
			t.Fatal(err)
		}
		rep := Evaluate(c, rows)
		t.Logf("%s\n%s", f.path, rep)
		if rep.Accuracy < f.accuracy || rep.AnsweredPrecision < f.precision {
			t.Errorf("%s: accuracy %.3f (floor %.2f), answered precision %.3f (floor %.2f)",
				f.path, rep.Accuracy, f.accuracy, rep.AnsweredPrecision, f.precision)
		}
	}
}

func TestClassify(t *testing.T) {
	c := loadTestClassifier(t)
	tests := []struct{ text, want string }{
		{"想要", "purchase"},
		{"不想要了", "other"},            // negated purchase
		{"I don't want it", "other"}, // negated in English
		{"会不会过敏", "question.suitability"},
		{"用了过敏了", "complaint"},
		{"ＨＥＬＬＯ", "greeting"},   // full width folds
		{"this is it", "other"}, // "hi" inside a word does not greet
		{"５０ｍｌ的吗", "question.spec"},
		{"１１１", "purchase"},
		{"6666666", "praise"},
		{"主播好", "greeting"},
		{"主播好有耐心", "praise"},              // "主播好" greets only on its own
		{"已下单 几天能到", "question.shipping"}, // the question outweighs the statement
		{"今天天气不错", "other"},               // small talk borrows praise words
		{"没抢到 还会补吗", "question.stock"},
		{"嗷嗷嗷嗷嗷嗷嗷嗷", "spam"},
		{"哈哈哈哈哈哈哈哈", "other"},
		{"", "other"},
		{"   ", "other"},
	}
	for _, tt := range tests {
		got := c.Classify(tt.text)
		if got.Intent != tt.want {
			t.Errorf("Classify(%q) = %+v, want %s", tt.text, got, tt.want)
		}
		if got.Confidence < 0 || got.Confidence > 1 {
			t.Errorf("Classify(%q) confidence %v out of [0,1]", tt.text, got.Confidence)
		}
	}
	strong, weak := c.Classify("想要想要 已拍 扣1"), c.Classify("冲 链接")
	if strong.Confidence <= weak.Confidence {
		t.Errorf("more evidence, less confidence: %v <= %v", strong.Confidence, weak.Confidence)
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"empty":          ``,
		"version":        "version: 2\nmin_score: 1\n",
		"unknown key":    "version: 1\nmin_score: 1\ncolour: red\n",
		"no min score":   "version: 1\n",
		"bad intent":     "version: 1\nmin_score: 1\nintents: [{name: question.colour}]\n",
		"twice":          "version: 1\nmin_score: 1\nintents: [{name: spam}, {name: spam}]\n",
		"bad pattern":    "version: 1\nmin_score: 1\nintents: [{name: spam, patterns: {'(': 1}}]\n",
		"empty keyword":  "version: 1\nmin_score: 1\nintents: [{name: spam, keywords: {' ': 1}}]\n",
		"repeat no rule": "version: 1\nmin_score: 1\nrepeat: {intent: spam, min_run: 5}\n",
		"bad fallback":   "version: 1\nmin_score: 1\nfallback: nothing\n",
	}
	for name, doc := range tests {
		if _, err := Parse([]byte(doc)); !errors.Is(err, ErrLexicon) {
			t.Errorf("%s: Parse error = %v, want ErrLexicon", name, err)
		}
	}
	if _, err := Load("testdata/does-not-exist.yaml"); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}

func TestReadLabelledErrors(t *testing.T) {
	for _, in := range []string{"no tab\n", "text\tnot.an.intent\n", "\tpurchase\n"} {
		if _, err := ReadLabelled(strings.NewReader(in)); !errors.Is(err, ErrLabelled) {
			t.Errorf("ReadLabelled(%q) = %v, want ErrLabelled", in, err)
		}
	}
	rows, err := ReadLabelled(strings.NewReader("# comment\n\n多少钱\tquestion.price\r\n"))
	if err != nil || len(rows) != 1 || rows[0].Text != "多少钱" {
		t.Errorf("rows %+v, err %v", rows, err)
	}
}

// FuzzClassify checks that any comment gets a schema intent and a confidence in [0, 1].
func FuzzClassify(f *testing.F) {
	c := loadTestClassifier(f)
	seeds := []string{"想要", "不想要", "hi", "ｈｔｔｐ://x.cn", "\xff\xfe", "111", "会不会过敏"}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := c.Classify(text)
		if !isKnownIntent(got.Intent) || got.Confidence < 0 || got.Confidence > 1 {
			t.Fatalf("Classify(%q) = %+v", text, got)
		}
	})
}

func BenchmarkClassify(b *testing.B) {
	c := loadTestClassifier(b)
	for b.Loop() {
		c.Classify("姐妹们这个适合干皮吗 多少钱 有券吗😍")
	}
}
