package report

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// showStart is when the synthetic show begins: 20:00 in Shanghai.
var showStart = time.Date(2024, 12, 3, 12, 0, 0, 0, time.UTC)

// hostile is a comment that must reach the page as text, never as markup.
const hostile = "<script>document.title='pwned'</script>假货"

// item is one message of the synthetic show and the subject it goes to.
type item struct {
	subject string
	msg     Message
}

// show builds a 20-minute show in room: viewers, likes and comments every
// minute, three products, questions, complaints, a purchase wave in minute 10
// after a welfare cue, and cues with and without acks. Its numbers are the
// ones the tests assert.
type show struct {
	room  string
	items []item
	seq   int
}

func newShow(room string) *show {
	s := &show{room: room}
	for m := range 20 {
		s.minute(m)
	}
	s.cue(8, 0, bus.CueSwitchProduct, map[string]string{"product": "sun-cream"}, "ok")
	s.cue(9, 40, bus.CueWelfare, map[string]string{"kind": "coupon", "text": "满199减30"}, "ok")
	s.say(9, 41, bus.SourceCue, "", 6000, "宝宝们满199减30的券已经上架啦")
	s.cue(14, 30, bus.CueSay, map[string]string{"text": "欢迎新来的宝宝"}, "ok")
	s.say(14, 31, bus.SourceCue, "", 3000, "欢迎新来的宝宝")
	s.cue(17, 10, bus.CueSwitchProduct, map[string]string{"product": "x"},
		`unknown product "x"`)
	s.cue(19, 0, bus.CuePause, nil, "")
	slices.SortStableFunc(s.items, func(a, b item) int { return a.msg.At.Compare(b.msg.At) })
	return s
}

// at is the time of minute m, second sec of the show.
func at(m, sec int) time.Time {
	return showStart.Add(time.Duration(m)*time.Minute + time.Duration(sec)*time.Second)
}

// minute adds minute m's viewers, likes, comments and lines.
func (s *show) minute(m int) {
	s.event(at(m, 0), bus.EventViewers, "", 100+10*m)
	s.event(at(m, 30), bus.EventLike, "", 20)
	var cs []comment
	for _, it := range []string{bus.IntentGreeting, bus.IntentOther, bus.IntentPraise} {
		cs = append(cs, comment{it, baseText[it]})
	}
	cs = append(cs, scripted[m]...)
	for i, c := range cs {
		s.comment(at(m, 10+2*i), c)
	}
	if m == 10 {
		for i := range 5 {
			s.event(at(10, 31+i), bus.EventLike, "", 40)
		}
	}
	if m == 3 {
		s.add(bus.IntentsSubject(s.room), at(3, 40), &bus.Intent{V: 1, Room: s.room,
			Intent: bus.IntentSuitability, Text: "敏感肌能用吗", Count: 4,
			EventIDs: []string{"e-x1", "e-x2", "e-x3", "e-x4"}})
	}
	s.lines(m)
}

// lines adds minute m's scripted lines and replies.
func (s *show) lines(m int) {
	product := ""
	switch {
	case m >= 15:
		product = "mask"
	case m >= 8:
		product = "sun-cream"
	case m >= 1:
		product = "night-serum"
	}
	s.say(m, 5, bus.SourceScript, product, 24000, "第一句")
	s.say(m, 35, bus.SourceScript, product, 24000, "第二句")
	if slices.Contains([]int{3, 4, 6, 10, 12, 13}, m) {
		s.say(m, 50, bus.SourceReply, "", 8000, "回复")
	}
}

type comment struct{ intent, text string }

var baseText = map[string]string{
	bus.IntentGreeting: "主播晚上好", bus.IntentOther: "今天下雨了", bus.IntentPraise: "主播好美",
}

// scripted are the comments of each minute beyond the three everyday ones.
var scripted = map[int][]comment{
	2: repeat(1, bus.IntentPurchase, "想要"),
	3: append(repeat(1, bus.IntentPurchase, "已拍"),
		repeat(4, bus.IntentSuitability, "敏感肌能用吗")...),
	4: append(append(repeat(1, bus.IntentPurchase, "想要"),
		repeat(3, bus.IntentPrice, "多少钱")...), repeat(2, bus.IntentPrice, "这个多少钱？")...),
	5: repeat(1, bus.IntentPurchase, "想要"),
	6: append(append(repeat(1, bus.IntentPurchase, "拍了"),
		repeat(2, bus.IntentComplaint, "用了过敏了")...), repeat(1, bus.IntentComplaint, "脸上起疹子")...),
	7: repeat(1, bus.IntentPurchase, "想要"),
	9: repeat(2, bus.IntentPurchase, "扣1"),
	10: append(repeat(15, bus.IntentPurchase, "要要要"),
		repeat(3, bus.IntentSuitability, "干皮可以用吗")...),
	11: repeat(2, bus.IntentPurchase, "已拍"),
	12: append(repeat(2, bus.IntentShipping, "什么时候发货"), repeat(1, bus.IntentComplaint, "快递太慢")...),
	13: append(repeat(1, bus.IntentIngredients, "有酒精吗"),
		repeat(1, bus.IntentComplaint, hostile)...),
	14: repeat(1, bus.IntentEfficacy, "这个怎么样呢"),
	16: repeat(3, bus.IntentPurchase, "想要"),
	17: repeat(3, bus.IntentPurchase, "想要"),
	18: repeat(1, bus.IntentComplaint, "主播好敷衍"),
}

func repeat(n int, intent, text string) []comment {
	out := make([]comment, n)
	for i := range out {
		out[i] = comment{intent, text}
	}
	return out
}

func (s *show) id(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s-%d", prefix, s.seq)
}

func (s *show) add(subject string, t time.Time, v any) {
	m := Message{At: t}
	switch v := v.(type) {
	case *bus.Event:
		m.Event = v
	case *bus.Intent:
		m.Intent = v
	case *bus.Utterance:
		m.Utterance = v
	case *bus.Cue:
		m.Cue = v
	case *bus.Ack:
		m.Ack = v
	}
	s.items = append(s.items, item{subject, m})
}

func (s *show) event(t time.Time, typ bus.EventType, text string, count int) *bus.Event {
	e := &bus.Event{V: 1, ID: s.id("e"), Type: typ, Room: s.room, TS: t,
		User: bus.User{ID: "u" + fmt.Sprint(s.seq%37), Name: "观众"}, Text: text, Count: count}
	if typ == bus.EventViewers {
		e.User = bus.User{}
	}
	s.add(bus.EventsSubject(s.room), t, e)
	return e
}

func (s *show) comment(t time.Time, c comment) {
	e := s.event(t, bus.EventComment, c.text, 0)
	s.add(bus.IntentsSubject(s.room), t, &bus.Intent{V: 1, Event: e.ID, Room: s.room,
		Intent: c.intent, Confidence: 0.9, Text: c.text, User: e.User})
}

// cue adds a cue after an arrival at the same second, which gives the cue its
// place on the show's clock, and the cue's ack unless ack is "".
func (s *show) cue(m, sec int, typ bus.CueType, args map[string]string, ack string) {
	t := at(m, sec)
	s.event(t, bus.EventEnter, "", 0)
	id := s.id("c")
	s.add(bus.CuesSubject(s.room), t, &bus.Cue{V: 1, ID: id, Type: typ, Room: s.room,
		By: "mod-1", Args: args})
	switch ack {
	case "":
	case "ok":
		s.add(bus.AcksSubject(s.room), t, &bus.Ack{V: 1, Cue: id, OK: true, By: "director"})
	default:
		s.add(bus.AcksSubject(s.room), t, &bus.Ack{V: 1, Cue: id, Error: ack, By: "director"})
	}
}

var productNames = map[string]string{
	"night-serum": "夜间修护精华", "sun-cream": "清透防晒霜", "mask": "补水面膜",
}

func (s *show) say(m, sec int, source, product string, ms int, text string) {
	t := at(m, sec)
	u := &bus.Utterance{V: 1, ID: s.id("u"), Room: s.room, Seq: int64(s.seq), Text: text,
		Lang: "zh", Scene: bus.SceneProduct, Product: product, Source: source,
		PersonalizedBy: bus.ByTemplate, StartedAt: t, DurationMS: ms,
		ProductName: productNames[product]}
	if source == bus.SourceReply && (m == 10 || m == 12) {
		u.PersonalizedBy = bus.ByLLM
	}
	if product == "" && m == 0 {
		u.Scene = bus.SceneOpening
	}
	s.add(bus.UtterancesSubject(s.room), t, u)
}

// messages are the show's messages as Build takes them.
func (s *show) messages() []Message {
	out := make([]Message, len(s.items))
	for i, it := range s.items {
		out[i] = it.msg
	}
	return out
}

// publish stores the show in the archive, in time order, each message acked.
func (s *show) publish(ctx context.Context, t *testing.T, js jetstream.JetStream) {
	t.Helper()
	for _, it := range s.items {
		var v any
		switch m := it.msg; {
		case m.Event != nil:
			v = m.Event
		case m.Intent != nil:
			v = m.Intent
		case m.Utterance != nil:
			v = m.Utterance
		case m.Cue != nil:
			v = m.Cue
		default:
			v = m.Ack
		}
		data, err := bus.Encode(v)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		if _, err := js.Publish(ctx, it.subject, data); err != nil {
			t.Fatalf("publish %s: %v", it.subject, err)
		}
	}
}

// archive starts an in-process nats-server with JetStream and the archive stream.
func archive(t *testing.T) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, js := jetStreamServer(t)
	if _, err := bus.EnsureArchive(t.Context(), js, bus.ArchiveConfig{}); err != nil {
		t.Fatalf("EnsureArchive: %v", err)
	}
	return nc, js
}

// jetStreamServer starts an in-process nats-server with JetStream, no streams.
func jetStreamServer(t *testing.T) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	srv, err := server.NewServer(&server.Options{
		Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true,
	})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	t.Cleanup(func() {
		srv.Shutdown()
		srv.WaitForShutdown()
	})
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("jetstream: %v", err)
	}
	return nc, js
}

// shanghai is the time zone of the synthetic show's clock times.
func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skipf("no tzdata: %v", err)
	}
	return loc
}
