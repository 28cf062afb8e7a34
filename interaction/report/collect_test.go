package report

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// collectShow archives the synthetic show of room "demo", and another room's,
// and collects the report of "demo".
func collectShow(t *testing.T, opts Options) *Summary {
	t.Helper()
	_, js := archive(t)
	newShow("demo").publish(t.Context(), t, js)
	newShow("other").publish(t.Context(), t, js)
	opts.Room = "demo"
	opts.Location = shanghai(t)
	s, err := Collect(t.Context(), js, opts)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return s
}

func TestCollectSyntheticShow(t *testing.T) {
	s := collectShow(t, Options{})

	tt := s.Totals
	got := []int{tt.Comments, tt.Likes, tt.PeakViewers, tt.Intents, tt.PurchaseIntents,
		tt.Questions, tt.Complaints, tt.Utterances, tt.Cues, tt.CuesRejected, tt.CuesUnanswered,
		tt.Enters, len(s.Minutes)}
	want := []int{113, 600, 290, 113, 31, 16, 6, 48, 5, 1, 1, 5, 20}
	if !equalInts(got, want) {
		t.Errorf("totals = %v, want %v", got, want)
	}
	if !s.Start.Equal(showStart) || !s.End.Equal(at(19, 35)) {
		t.Errorf("range = %v..%v, want %v..%v", s.Start, s.End, showStart, at(19, 35))
	}
	m10 := s.Minutes[10]
	if m10.Comments != 21 || m10.Likes != 220 || m10.Viewers != 200 {
		t.Errorf("minute 10 = %+v, want 21 comments, 220 likes, 200 viewers", m10)
	}
	checkIntents(t, s.Intents)
	checkTopics(t, s)
	checkAirtime(t, s)
	checkPeak(t, s.Peak)
}

func checkIntents(t *testing.T, got []IntentCount) {
	t.Helper()
	want := []IntentCount{
		{"purchase", "想买", 31, 27.4}, {"greeting", "打招呼", 20, 17.7},
		{"other", "其他", 20, 17.7}, {"praise", "夸赞", 20, 17.7},
		{"question.suitability", "问适不适合", 7, 6.2}, {"complaint", "投诉", 6, 5.3},
		{"question.price", "问价格", 5, 4.4}, {"question.shipping", "问发货", 2, 1.8},
		{"question.efficacy", "问功效", 1, 0.9}, {"question.ingredients", "问成分", 1, 0.9},
	}
	if len(got) != len(want) {
		t.Fatalf("intents = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("intent %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func checkTopics(t *testing.T, s *Summary) {
	t.Helper()
	q := s.Questions
	wantQ := []struct {
		label string
		n     int
		share float64
	}{{"价格优惠", 5, 31.3}, {"敏感肌", 4, 25}, {"干皮", 3, 18.8}, {"发货包邮", 2, 12.5},
		{"成分", 1, 6.3}, {"这个怎么样呢", 1, 6.3}}
	if len(q) != len(wantQ) {
		t.Fatalf("questions = %+v", q)
	}
	for i, w := range wantQ {
		if q[i].Label != w.label || q[i].Count != w.n || q[i].Share != w.share {
			t.Errorf("question %d = %s %d %.1f%%, want %s %d %.1f%%",
				i, q[i].Label, q[i].Count, q[i].Share, w.label, w.n, w.share)
		}
	}
	if ex := q[0].Examples; len(ex) != 2 || ex[0] != "多少钱" || ex[1] != "这个多少钱？" {
		t.Errorf("price examples = %q, want deduped [多少钱 这个多少钱？]", ex)
	}
	c := s.Complaints
	if len(c) != 4 || c[0].Label != "过敏" || c[0].Count != 3 || c[0].Share != 50 ||
		len(c[0].Examples) != 2 || c[2].Label != "假货" || c[2].Examples[0] != hostile {
		t.Errorf("complaints = %+v", c)
	}
}

func checkAirtime(t *testing.T, s *Summary) {
	t.Helper()
	want := []ProductAirtime{
		{"night-serum", "夜间修护精华", 17, 360000, 420000, 6, 1},
		{"sun-cream", "清透防晒霜", 19, 369000, 420000, 19, 3.09},
		{"mask", "补水面膜", 10, 240000, 270000, 6, 1.5},
	}
	if len(s.Products) != len(want) {
		t.Fatalf("products = %+v", s.Products)
	}
	for i := range want {
		if s.Products[i] != want[i] {
			t.Errorf("product %d = %+v, want %+v", i, s.Products[i], want[i])
		}
	}
	if len(s.Blocks) != 3 || !s.Blocks[1].Start.Equal(at(8, 5)) ||
		!s.Blocks[1].End.Equal(at(15, 5)) {
		t.Errorf("blocks = %+v", s.Blocks)
	}
}

func checkPeak(t *testing.T, p *Peak) {
	t.Helper()
	if p == nil {
		t.Fatal("no peak")
	}
	if p.Minute != 10 || p.Comments != 21 || p.Likes != 220 || p.Product != "sun-cream" ||
		p.Cue == nil || p.Cue.Type != "welfare" || !p.Cue.At.Equal(at(9, 40)) {
		t.Errorf("peak = %+v", p)
	}
	want := "开播第 11 分钟（20:10）互动最多：评论 21 条，点赞 220 次。" +
		"评论以「想买」为主（15 条，占 71.4%），其次是「问适不适合」（3 条）。" +
		"当时在讲「清透防晒霜」。1 分钟前运营发出「发福利」指令（满199减30）。"
	if p.Interpretation != want || p.InterpretedBy != InterpretedByTemplate {
		t.Errorf("interpretation = %q (%s)\nwant %q", p.Interpretation, p.InterpretedBy, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCollectGoldenJSON(t *testing.T) {
	s := collectShow(t, Options{})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, s); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	golden(t, "report.golden.json", buf.Bytes())
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("update golden: %v", err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff", name)
	}
}

func TestCollectSinceUntil(t *testing.T) {
	s := collectShow(t, Options{Since: at(10, 0), Until: at(15, 0)})
	if len(s.Minutes) != 6 || s.Minutes[0].Comments != 21 || s.Totals.Comments != 21+5+6+5+4 {
		t.Errorf("minutes = %d, first %+v, comments %d", len(s.Minutes), s.Minutes[0],
			s.Totals.Comments)
	}
	if s.Peak == nil || s.Peak.Minute != 0 || len(s.Products) != 1 ||
		s.Products[0].PurchaseIntents != 17 {
		t.Errorf("peak %+v products %+v", s.Peak, s.Products)
	}
}

func TestCollectInterpret(t *testing.T) {
	var seen int
	s := collectShow(t, Options{Interpret: func(_ context.Context, s Summary) (string, error) {
		seen = s.Peak.Minute
		return "福利券带动了下单", nil
	}})
	if s.Peak.Interpretation != "福利券带动了下单" || s.Peak.InterpretedBy != InterpretedByFunc ||
		seen != 10 {
		t.Errorf("peak = %+v, interpret saw minute %d", s.Peak, seen)
	}

	s = collectShow(t, Options{Interpret: func(context.Context, Summary) (string, error) {
		return "", errors.New("llm down")
	}})
	if s.Peak.InterpretedBy != InterpretedByTemplate || s.Peak.Interpretation == "" {
		t.Errorf("on failure peak = %+v, want the template", s.Peak)
	}
}

func TestCollectEmptyRoom(t *testing.T) {
	_, js := archive(t)
	newShow("demo").publish(t.Context(), t, js)
	_, err := Collect(t.Context(), js, Options{Room: "nobody"})
	if !errors.Is(err, ErrNoMessages) {
		t.Errorf("empty room: err = %v, want ErrNoMessages", err)
	}
	_, err = Collect(t.Context(), js, Options{Room: "demo", Since: time.Now().Add(time.Hour)})
	if !errors.Is(err, ErrNoMessages) {
		t.Errorf("since after the show: err = %v, want ErrNoMessages", err)
	}
	_, err = Collect(t.Context(), js, Options{Room: "bad room"})
	if !errors.Is(err, ErrNoRoom) {
		t.Errorf("bad room: err = %v, want ErrNoRoom", err)
	}
}

func TestCollectNoArchive(t *testing.T) {
	_, js := jetStreamServer(t)
	_, err := Collect(t.Context(), js, Options{Room: "demo"})
	if !errors.Is(err, ErrNoArchive) {
		t.Errorf("err = %v, want ErrNoArchive", err)
	}
}
