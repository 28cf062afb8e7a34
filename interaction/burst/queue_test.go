package burst

import (
	"fmt"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// one is a burst of count comments of intent by user, last at at.
func one(id, intent, user string, count int, at time.Time) Burst {
	return Burst{ID: id, Intent: intent, Text: id, Count: count, Units: count,
		Users: []bus.User{{ID: user}}, UserCount: 1, EventIDs: []string{"e-" + id},
		FirstAt: at, LastAt: at}
}

func TestQueuePopOrder(t *testing.T) {
	tests := []struct {
		name   string
		bursts []Burst
		at     time.Duration // when Pop is called, after t0
		want   []string
	}{
		{"complaint before question before greeting", []Burst{
			one("hi", bus.IntentGreeting, "u1", 1, t0),
			one("price", bus.IntentPrice, "u2", 1, t0),
			one("bad", bus.IntentComplaint, "u3", 1, t0),
		}, 0, []string{"bad", "price", "hi"}},
		{"a crowd outweighs one viewer of the same intent", []Burst{
			one("single", bus.IntentPurchase, "u1", 1, t0),
			one("crowd", bus.IntentPurchase, "u2", 300, t0),
		}, 0, []string{"crowd", "single"}},
		{"fresh before stale", []Burst{
			one("old", bus.IntentPrice, "u1", 1, t0),
			one("new", bus.IntentPrice, "u2", 1, t0.Add(30*time.Second)),
		}, 30 * time.Second, []string{"new", "old"}},
		{"a stale crowd loses to a fresh question", []Burst{
			one("crowd", bus.IntentGreeting, "u1", 20, t0),
			one("question", bus.IntentUsage, "u2", 1, t0.Add(40*time.Second)),
		}, 40 * time.Second, []string{"question", "crowd"}},
		{"fans first among equals", []Burst{
			one("newcomer", bus.IntentPrice, "u1", 1, t0),
			func() Burst {
				b := one("fan", bus.IntentPrice, "u2", 1, t0)
				b.FanLevel = 12
				return b
			}(),
		}, 0, []string{"fan", "newcomer"}},
		{"older than a minute expires", []Burst{
			one("expired", bus.IntentComplaint, "u1", 50, t0),
			one("kept", bus.IntentOther, "u2", 1, t0.Add(10*time.Second)),
		}, 61 * time.Second, []string{"kept"}},
		{"equal value: first come first served", []Burst{
			one("a", bus.IntentPrice, "u1", 1, t0), one("b", bus.IntentPrice, "u2", 1, t0),
		}, 0, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := NewQueue(QueueConfig{})
			for _, b := range tt.bursts {
				if !q.Add(b, b.LastAt) {
					t.Fatalf("Add(%s) refused", b.ID)
				}
			}
			var snap []string
			for _, b := range q.Snapshot(t0.Add(tt.at), 0) {
				snap = append(snap, b.ID)
			}
			if fmt.Sprint(snap) != fmt.Sprint(tt.want) {
				t.Errorf("snapshot %v, want %v", snap, tt.want)
			}
			var got []string
			for {
				b, ok := q.Pop(t0.Add(tt.at))
				if !ok {
					break
				}
				got = append(got, b.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("popped %v, want %v", got, tt.want)
			}
		})
	}
}

func TestQueueRefuses(t *testing.T) {
	q := NewQueue(QueueConfig{})
	if q.Add(one("s", bus.IntentSpam, "u1", 100, t0), t0) {
		t.Error("spam entered the queue")
	}
	if q.Add(one("old", bus.IntentPrice, "u1", 1, t0), t0.Add(2*time.Minute)) {
		t.Error("a burst two minutes old entered the queue")
	}
	q.Add(one("p", bus.IntentPrice, "u1", 1, t0), t0)
	if b, ok := q.Pop(t0); !ok || b.ID != "p" {
		t.Fatalf("Pop = %v, %v", b.ID, ok)
	}
	if q.Add(one("p", bus.IntentPrice, "u2", 1, t0), t0.Add(time.Second)) {
		t.Error("a later comment of an answered burst entered the queue")
	}
	if q.Len() != 0 || q.Stats().Refused != 3 {
		t.Errorf("len %d, stats %+v", q.Len(), q.Stats())
	}
}

func TestQueueGrowsBurstsFromIntents(t *testing.T) {
	q := NewQueue(QueueConfig{})
	for i := range 10 {
		it := bus.Intent{Event: fmt.Sprint("e-", i), Intent: bus.IntentPurchase, Burst: "b-1",
			Text: "扣1", User: bus.User{ID: fmt.Sprint("u", i%4), Name: "小美"}}
		if !q.Add(FromIntent(it, t0), t0) {
			t.Fatalf("intent %d refused", i)
		}
	}
	if q.Len() != 1 {
		t.Fatalf("len %d, want one burst", q.Len())
	}
	merged := bus.Intent{Event: "e-0", Intent: bus.IntentPurchase, Burst: "b-1", Text: "扣1",
		Count: 300, User: bus.User{ID: "u0"}, Users: make([]bus.User, 20),
		EventIDs: make([]string, 300)}
	q.Add(FromIntent(merged, t0.Add(time.Second)), t0.Add(time.Second))
	b, ok := q.Pop(t0.Add(time.Second))
	if !ok || b.Count != 300 || len(b.EventIDs) != 300 || len(b.Users) != 20 {
		t.Fatalf("popped %v: count %d events %d users %d", ok, b.Count, len(b.EventIDs),
			len(b.Users))
	}
	if !b.LastAt.Equal(t0.Add(time.Second)) || !b.FirstAt.Equal(t0) {
		t.Errorf("first %v last %v", b.FirstAt, b.LastAt)
	}
}

func TestQueueGrowBeforeSummary(t *testing.T) {
	q := NewQueue(QueueConfig{})
	for i := range 4 {
		it := bus.Intent{Event: fmt.Sprint("e-", i), Intent: bus.IntentPrice, Burst: "b-7",
			Text: "多少钱", User: bus.User{ID: fmt.Sprint("u", i%2), FanLevel: i}}
		q.Add(FromIntent(it, t0), t0)
	}
	b, _ := q.Pop(t0)
	want := "count 4 users 2/2 events [e-0 e-1 e-2 e-3] fan 3"
	got := fmt.Sprintf("count %d users %d/%d events %v fan %d", b.Count, len(b.Users),
		b.UserCount, b.EventIDs, b.FanLevel)
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestQueuePerUserLimit(t *testing.T) {
	q := NewQueue(QueueConfig{PerUser: 3})
	for i := range 10 {
		at := t0.Add(time.Duration(i) * time.Second)
		q.Add(one(fmt.Sprint("mine-", i), bus.IntentPrice, "troll", 1, at), at)
	}
	if q.Len() != 3 {
		t.Fatalf("one viewer holds %d places, want 3", q.Len())
	}
	at := t0.Add(10 * time.Second)
	if !q.Add(one("other", bus.IntentPrice, "u2", 1, at), at) {
		t.Fatal("another viewer's burst refused")
	}
	var got []string
	for b, ok := q.Pop(at); ok; b, ok = q.Pop(at) {
		got = append(got, b.ID)
	}
	// The freshest three of the troll's ten are kept.
	if want := "[other mine-9 mine-8 mine-7]"; fmt.Sprint(got) != want {
		t.Errorf("popped %v, want %s", got, want)
	}
}

func TestQueueCooldown(t *testing.T) {
	q := NewQueue(QueueConfig{Cooldown: 30 * time.Second})
	q.Add(one("first", bus.IntentPrice, "u1", 1, t0), t0)
	q.Pop(t0)
	at := t0.Add(10 * time.Second)
	q.Add(one("again", bus.IntentPrice, "u1", 1, at), at)
	q.Add(one("newcomer", bus.IntentPrice, "u2", 1, at), at)
	if b, _ := q.Pop(at); b.ID != "newcomer" {
		t.Errorf("popped %s, want the viewer not answered yet", b.ID)
	}

	later := t0.Add(31 * time.Second)
	q.Add(one("again2", bus.IntentPrice, "u1", 1, later), later)
	q.Add(one("hello", bus.IntentGreeting, "u3", 1, later), later)
	if b, _ := q.Pop(later); b.ID != "again2" {
		t.Errorf("after the cooldown popped %s, want again2", b.ID)
	}
}

func TestQueueBounded(t *testing.T) {
	q := NewQueue(QueueConfig{Capacity: 64})
	for i := range 10_000 {
		at := t0.Add(ms(i))
		intent := bus.IntentGreeting
		if i%1000 == 0 {
			intent = bus.IntentComplaint
		}
		q.Add(one(fmt.Sprint("b", i), intent, fmt.Sprint("u", i), 1, at), at)
		if q.Len() > 64 {
			t.Fatalf("len %d after %d bursts", q.Len(), i+1)
		}
	}
	end := t0.Add(10 * time.Second)
	for i := range 10 {
		b, _ := q.Pop(end)
		if b.Intent != bus.IntentComplaint {
			t.Fatalf("pop %d: %s %s, want the ten complaints first", i, b.ID, b.Intent)
		}
	}
	if s := q.Stats(); s.Queued != 10_000 || s.Dropped+s.Refused == 0 {
		t.Errorf("stats %+v", s)
	}
	if q.Len() != 54 || len(q.answeredUsers) != 10 {
		t.Errorf("len %d, answered users %d", q.Len(), len(q.answeredUsers))
	}
	q.Pop(end.Add(2 * time.Minute))
	if q.Len() != 0 || len(q.answered) != 0 || len(q.answeredUsers) != 0 {
		t.Errorf("after two minutes: len %d answered %d users %d", q.Len(),
			len(q.answered), len(q.answeredUsers))
	}
}

func TestFromIntent(t *testing.T) {
	single := FromIntent(bus.Intent{Event: "e-1", Intent: bus.IntentPrice, Confidence: 0.7,
		Text: "多少钱", User: bus.User{ID: "u1", Name: "小美", FanLevel: 3}}, t0)
	want := "e:e-1 question.price 多少钱 1 [e-1] 1 3 小美"
	got := fmt.Sprint(single.ID, " ", single.Intent, " ", single.Text, " ", single.Count, " ",
		single.EventIDs, " ", single.UserCount, " ", single.FanLevel, " ", single.Viewer())
	if got != want {
		t.Errorf("single: %s\nwant    %s", got, want)
	}
	if (Burst{}).Viewer() != "" {
		t.Error("a burst without viewers names one")
	}
}

// BenchmarkQueue offers a busy room's bursts to a full queue and answers one a
// second.
func BenchmarkQueue(b *testing.B) {
	q := NewQueue(QueueConfig{})
	intents := []string{bus.IntentPrice, bus.IntentGreeting, bus.IntentPurchase,
		bus.IntentPraise, bus.IntentOther, bus.IntentComplaint}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		at := t0.Add(time.Duration(i) * 10 * time.Millisecond)
		q.Add(one(fmt.Sprint("b", i), intents[i%len(intents)], fmt.Sprint("u", i%700), 1, at),
			at)
		if i%100 == 0 {
			q.Pop(at)
		}
		i++
	}
}

func TestQueueSnapshotTakesNothing(t *testing.T) {
	q := NewQueue(QueueConfig{})
	for i, intent := range []string{bus.IntentGreeting, bus.IntentComplaint, bus.IntentPrice} {
		id := fmt.Sprint("b", i)
		if !q.Add(one(id, intent, id, 1, t0), t0) {
			t.Fatalf("Add(%s) refused", id)
		}
	}
	stats := q.Stats()
	top := q.Snapshot(t0, 2)
	if len(top) != 2 || top[0].ID != "b1" || top[1].ID != "b2" {
		t.Fatalf("Snapshot(t0, 2) = %v, want b1 then b2", top)
	}
	if late := q.Snapshot(t0.Add(2*DefaultMaxAge), 0); len(late) != 0 {
		t.Errorf("Snapshot after MaxAge = %d bursts, want none", len(late))
	}
	if q.Len() != 3 || q.Stats() != stats {
		t.Errorf("after Snapshot: Len %d, stats %+v; want 3 and %+v", q.Len(), q.Stats(), stats)
	}
	if b, ok := q.Pop(t0); !ok || b.ID != "b1" {
		t.Errorf("Pop = %v, %v; want b1", b.ID, ok)
	}
}
