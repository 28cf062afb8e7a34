package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// chatLoad publishes viewers' events on a room's events subject at a steady
// rate, in the mix of a busy live room: 扣1 waves, the same questions again
// and again, greetings, gifts, likes, spam, and malformed events.
type chatLoad struct {
	s    *soak
	nc   *nats.Conn
	room string
	seq  int
	// wave is how many more events belong to the current 扣1 wave.
	wave int
}

// Comment texts the load draws from.
var soakQuestions = []string{"这个适合干皮吗", "多少钱", "怎么用啊", "敏感肌能用吗", "有什么成分",
	"什么时候发货", "多大容量", "还有货吗", "孕妇可以用吗", "油皮用会闷痘吗"}

var soakGreetings = []string{"主播好", "来了来了", "晚上好呀", "第一次来", "主播好美"}

var soakPraise = []string{"好用！", "回购第三次了", "已经下单了", "质地好舒服", "哈哈哈"}

var soakSpam = []string{"加微信领福利 vx123456", "低价代购 点我主页", "http://spam.example 免费领",
	"刷刷刷刷刷刷刷刷刷刷"}

var soakKou1 = []string{"1", "扣1", "111", "1111", "扣1扣1"}

// run publishes until ctx ends, in 100 ms steps carrying the fractional rate over.
func (c *chatLoad) run(ctx context.Context, perSecond float64) {
	if perSecond <= 0 {
		return
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var due float64
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		due += perSecond / 10
		for ; due >= 1; due-- {
			c.publishOne()
		}
	}
}

// publishOne publishes the next event of the mix, counting it by kind.
func (c *chatLoad) publishOne() {
	c.seq++
	kind, data := c.next()
	c.s.tally.add(groupEvent, kind, 1)
	if err := c.nc.Publish(bus.EventsSubject(c.room), data); err != nil {
		c.s.tally.add(groupError, "publish event: "+errKind(err), 1)
	}
}

// next draws one event: kind names it in the counts.
func (c *chatLoad) next() (kind string, data []byte) {
	if c.wave > 0 {
		c.wave--
		return "kou1", c.comment(pick(c, soakKou1))
	}
	r := c.s.intn(100)
	switch {
	case r < 3:
		c.wave = 10 + c.s.intn(30)
		return "kou1", c.comment("扣1")
	case r < 25:
		return "question", c.comment(pick(c, soakQuestions))
	case r < 33:
		return "greeting", c.comment(pick(c, soakGreetings))
	case r < 40:
		return "praise", c.comment(pick(c, soakPraise))
	case r < 45:
		return "spam", c.comment(pick(c, soakSpam))
	case r < 65:
		return "like", c.event(bus.EventLike, "", 1+c.s.intn(20))
	case r < 71:
		return "gift", c.event(bus.EventGift, "小心心", 1+c.s.intn(5))
	case r < 82:
		return "enter", c.event(bus.EventEnter, "", 1)
	case r < 86:
		return "follow", c.event(bus.EventFollow, "", 1)
	case r < 88:
		return "purchase", c.event(bus.EventPurchase, "", 1)
	case r < 90:
		return "viewers", c.event(bus.EventViewers, "", 100+c.s.intn(900))
	}
	return c.malformed()
}

func (c *chatLoad) comment(text string) []byte { return c.event(bus.EventComment, text, 1) }

// event encodes a valid Event from one of 400 viewers.
func (c *chatLoad) event(t bus.EventType, text string, count int) []byte {
	u := c.s.intn(400)
	ev := bus.Event{V: bus.SchemaVersion, ID: fmt.Sprintf("soak-%d", c.seq), Type: t,
		Room: c.room, TS: time.Now().UTC(), Text: text, Count: count, Platform: "soak",
		User: bus.User{ID: fmt.Sprintf("soak-u%d", u), Name: fmt.Sprintf("观众%d", u),
			FanLevel: u % 8}}
	data, _ := json.Marshal(ev)
	return data
}

// malformed draws one of the broken events a real adapter lets through.
func (c *chatLoad) malformed() (string, []byte) {
	switch c.s.intn(5) {
	case 0:
		return "malformed_json", []byte(`{"v":1,"type":"comment","text":"半截`)
	case 1:
		return "malformed_type", c.retype("teleport")
	case 2:
		return "malformed_oversize", c.comment(strings.Repeat("长", bus.MaxEventBytes))
	case 3:
		data := c.comment("坏字节")
		return "malformed_utf8", append(data[:len(data)-2], 0xff, 0xfe, '}')
	}
	return "malformed_version", []byte(`{"v":99,"id":"x","type":"comment","room":"` + c.room +
		`","user":{"id":"u"},"text":"未来版本"}`)
}

// retype is a valid comment with its type replaced.
func (c *chatLoad) retype(t string) []byte {
	var m map[string]any
	_ = json.Unmarshal(c.comment("类型不对"), &m)
	m["type"] = t
	data, _ := json.Marshal(m)
	return data
}

func pick(c *chatLoad, xs []string) string { return xs[c.s.intn(len(xs))] }
