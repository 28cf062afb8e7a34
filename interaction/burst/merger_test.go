package burst

import (
	"fmt"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

var t0 = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

type step struct {
	at     time.Duration
	intent string
	text   string
	group  int // entries of one group must share a burst, others must not
}

func TestMergerGroups(t *testing.T) {
	const price, purchase = bus.IntentPrice, bus.IntentPurchase
	tests := []struct {
		name  string
		steps []step
	}{
		{"扣1 variants", []step{
			{0, purchase, "扣1", 0}, {ms(100), purchase, "扣1!!", 0},
			{ms(200), purchase, "扣 1", 0}, {ms(300), purchase, "111", 0},
			{ms(400), purchase, "想要", 0},
		}},
		{"same question, different wording of the same text", []step{
			{0, price, "多少钱", 0}, {ms(500), price, "多少钱？", 0},
			{ms(900), price, "多少钱啊", 0}, {ms(1000), price, "有优惠券吗", 1},
		}},
		{"near-identical long questions", []step{
			{0, bus.IntentSuitability, "请问这个精华液孕妇可以用吗", 0},
			{ms(300), bus.IntentSuitability, "请问这个精华液孕妇可以用么", 0},
			{ms(600), bus.IntentSuitability, "请问这个精华液敏感肌可以用吗", 1},
		}},
		{"same text, other intent", []step{
			{0, price, "这个怎么样", 0}, {0, bus.IntentOther, "这个怎么样", 1},
		}},
		{"long purchase comments are not commands", []step{
			{0, purchase, "扣1", 0},
			{ms(100), purchase, "我要两瓶可以分开发货到两个地址吗", 1},
		}},
		{"window closes 3 s after the last entry", []step{
			{0, purchase, "扣1", 0}, {ms(2900), purchase, "扣1", 0},
			{ms(5800), purchase, "扣1", 0}, {ms(8900), purchase, "扣1", 1},
		}},
		{"a burst spans at most 10 s", []step{
			{0, purchase, "扣1", 0}, {2 * time.Second, purchase, "扣1", 0},
			{4 * time.Second, purchase, "扣1", 0}, {6 * time.Second, purchase, "扣1", 0},
			{8 * time.Second, purchase, "扣1", 0}, {10 * time.Second, purchase, "扣1", 1},
		}},
		{"gifts, follows and arrivals by kind", []step{
			{0, KindGift, "小心心", 0}, {ms(100), KindGift, "火箭", 0},
			{ms(200), KindFollow, "", 1}, {ms(300), KindEnter, "", 2},
			{ms(400), KindEnter, "", 2}, {ms(500), KindFollow, "", 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMerger(MergerConfig{})
			ids := make([]string, len(tt.steps))
			for i, s := range tt.steps {
				e := Entry{Event: fmt.Sprint("e", i), Intent: s.intent, Text: s.text,
					User: bus.User{ID: fmt.Sprint("u", i)}}
				ids[i], _ = m.Add(e, t0.Add(s.at))
			}
			for i := range tt.steps {
				for j := range i {
					same := ids[i] == ids[j]
					if want := tt.steps[i].group == tt.steps[j].group; same != want {
						t.Errorf("%q (%s) and %q (%s): same burst %v, want %v",
							tt.steps[j].text, ids[j], tt.steps[i].text, ids[i], same, want)
					}
				}
			}
		})
	}
}

func TestMerger300Kou1(t *testing.T) {
	m := NewMerger(MergerConfig{})
	var first string
	for i := range 300 {
		text := []string{"扣1", "扣1!!", "扣 1", "1111", "扣１"}[i%5]
		e := Entry{Event: fmt.Sprintf("e-%d", i), Intent: bus.IntentPurchase, Text: text,
			Confidence: 0.9, User: bus.User{ID: fmt.Sprintf("u%d", i), FanLevel: i % 7}}
		id, n := m.Add(e, t0.Add(ms(i*2000/300)))
		if i == 0 {
			first = id
		}
		if id != first || n != i+1 {
			t.Fatalf("entry %d: burst %s count %d, want %s and %d", i, id, n, first, i+1)
		}
	}
	if got := m.Flush(t0.Add(4 * time.Second)); len(got) != 0 {
		t.Fatalf("flushed %d bursts while the window is open", len(got))
	}
	got := m.Flush(t0.Add(5 * time.Second))
	if len(got) != 1 {
		t.Fatalf("flushed %d bursts, want 1", len(got))
	}
	b := got[0]
	if b.ID != first || b.Count != 300 || b.UserCount != 300 || len(b.EventIDs) != 300 ||
		len(b.Users) != DefaultMaxUsers || b.Text != "扣1" || b.FanLevel != 6 {
		t.Errorf("burst %s: count %d users %d/%d events %d text %q fan %d", b.ID, b.Count,
			len(b.Users), b.UserCount, len(b.EventIDs), b.Text, b.FanLevel)
	}
	for i, id := range b.EventIDs {
		if id != fmt.Sprintf("e-%d", i) {
			t.Fatalf("event %d = %s", i, id)
		}
	}
	if !b.FirstAt.Equal(t0) || !b.LastAt.Equal(t0.Add(ms(299*2000/300))) {
		t.Errorf("first %v last %v", b.FirstAt, b.LastAt)
	}
	if m.Open() != 0 {
		t.Errorf("open = %d after flush", m.Open())
	}
}

func TestMergerCountsUsersOnceAndCapsEvents(t *testing.T) {
	m := NewMerger(MergerConfig{MaxEvents: 10, MaxUsers: 2})
	for i := range 30 {
		u := bus.User{ID: fmt.Sprint("u", i%3)}
		m.Add(Entry{Event: fmt.Sprint("e", i), Intent: KindGift, User: u, Units: 2}, t0)
	}
	got := m.Flush(t0.Add(time.Minute))
	if len(got) != 1 {
		t.Fatalf("flushed %d bursts, want 1", len(got))
	}
	b := got[0]
	if b.Count != 30 || b.Units != 60 || b.UserCount != 3 || len(b.Users) != 2 ||
		len(b.EventIDs) != 10 {
		t.Errorf("count %d units %d users %d/%d events %d", b.Count, b.Units,
			len(b.Users), b.UserCount, len(b.EventIDs))
	}
}

func TestMergerRestartsAfterDeadlineWithoutFlush(t *testing.T) {
	m := NewMerger(MergerConfig{})
	a, _ := m.Add(Entry{Event: "e1", Intent: bus.IntentPrice, Text: "多少钱"}, t0)
	b, n := m.Add(Entry{Event: "e2", Intent: bus.IntentPrice, Text: "多少钱"},
		t0.Add(3*time.Second))
	if a == b || n != 1 {
		t.Fatalf("second burst %s (count %d), first %s", b, n, a)
	}
	got := m.Flush(t0.Add(3 * time.Second))
	if len(got) != 1 || got[0].ID != a {
		t.Fatalf("flushed %v, want only %s", got, a)
	}
}

func TestMergerBoundedMemory(t *testing.T) {
	tests := []struct {
		name  string
		flush bool
	}{{"flushed every second", true}, {"never flushed", false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMerger(MergerConfig{MaxOpen: 256})
			total := 0
			for i := range 10_000 {
				now := t0.Add(ms(i * 10))
				e := Entry{Event: fmt.Sprint("e", i), Intent: bus.IntentOther,
					Text: fmt.Sprintf("第%d条完全不同的评论内容", i), User: bus.User{ID: "u"}}
				m.Add(e, now)
				if m.Open() > 256 {
					t.Fatalf("%d open bursts after %d entries", m.Open(), i+1)
				}
				if tt.flush && i%100 == 0 {
					total += count(m.Flush(now))
				}
			}
			total += count(m.Flush(t0.Add(time.Hour)))
			if total != 10_000 || m.Open() != 0 || len(m.open) != 0 || len(m.near) != 0 {
				t.Errorf("flushed %d entries; open %d, keys %d, near %d", total,
					m.Open(), len(m.open), len(m.near))
			}
		})
	}
}

func count(bs []Burst) int {
	n := 0
	for _, b := range bs {
		n += b.Count
	}
	return n
}

func TestMergerJoinsWithoutAllocating(t *testing.T) {
	m := NewMerger(MergerConfig{})
	long := Entry{Intent: bus.IntentSuitability, Text: "请问这个精华液孕妇可以用吗？",
		User: bus.User{ID: "u"}}
	short := Entry{Intent: bus.IntentPurchase, Text: "扣1!!", User: bus.User{ID: "u"}}
	m.Add(long, t0)
	m.Add(short, t0)
	allocs := testing.AllocsPerRun(100, func() {
		m.Add(long, t0)
		m.Add(short, t0)
	})
	if allocs != 0 {
		t.Errorf("joining open bursts: %v allocs, want 0", allocs)
	}
}

func TestEventKind(t *testing.T) {
	tests := []struct {
		t    bus.EventType
		want string
		ok   bool
	}{
		{bus.EventGift, KindGift, true}, {bus.EventFollow, KindFollow, true},
		{bus.EventEnter, KindEnter, true}, {bus.EventComment, "", false},
		{bus.EventLike, "", false},
	}
	for _, tt := range tests {
		if got, ok := EventKind(tt.t); got != tt.want || ok != tt.ok {
			t.Errorf("EventKind(%s) = %q, %v", tt.t, got, ok)
		}
	}
}

// BenchmarkMergerAdd adds a busy room's chat: crowds typing "扣1", a few popular
// questions asked again and again, and a long tail of comments said once.
func BenchmarkMergerAdd(b *testing.B) {
	questions := []string{"多少钱", "这个适合干皮吗", "怎么用", "有没有小样", "什么时候发货",
		"孕妇可以用吗", "敏感肌能用吗", "是正品吗"}
	m := NewMerger(MergerConfig{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e := Entry{Event: "e", User: bus.User{ID: fmt.Sprint("u", i%5000)}}
		switch i % 10 {
		case 0, 1, 2, 3, 4:
			e.Intent, e.Text = bus.IntentPurchase, "扣1!!"
		case 5, 6, 7:
			e.Intent, e.Text = bus.IntentSuitability, questions[i%len(questions)]
		default:
			e.Intent, e.Text = bus.IntentOther, fmt.Sprintf("主播今天第%d次说这个好看", i)
		}
		now := t0.Add(time.Duration(i) * time.Millisecond) // 1,000 entries a second
		m.Add(e, now)
		if i%250 == 0 {
			m.Flush(now)
		}
		i++
	}
}
