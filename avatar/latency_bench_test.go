package avatar

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"
	openai "github.com/sashabaranov/go-openai"

	"github.com/zhubo-live/zhubo/avatar/encode"
	"github.com/zhubo-live/zhubo/avatar/lipsync"
	"github.com/zhubo-live/zhubo/avatar/tts"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/director"
	"github.com/zhubo-live/zhubo/script/personalize"
	"github.com/zhubo-live/zhubo/script/personalize/fakellm"
	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/planner"
	"github.com/zhubo-live/zhubo/script/show"
)

// firstAudio is a tracer that tells, for each line, when its first audio
// packet was written.
type firstAudio struct {
	last  string
	heard chan string
	at    chan time.Time
}

func (f *firstAudio) audio(_ int64, id string, _ int, _ []int16) {
	if id == "" || id == f.last {
		return
	}
	f.last = id
	select {
	case f.heard <- id:
		f.at <- time.Now()
	default:
	}
}

func (f *firstAudio) video(int64, string, int, lipsync.Frame) {}

// answerAfter is a fake model whose answers start streaming after first;
// script lines get no token at all, so the voice is idle between answers.
func answerAfter(first time.Duration, text string) fakellm.Script {
	return func(_ int, req openai.ChatCompletionRequest) fakellm.Reply {
		if !strings.Contains(req.Messages[len(req.Messages)-1].Content, "回答观众的问题") {
			return fakellm.Reply{FirstDelay: time.Hour, Chunks: []string{"。"}}
		}
		return fakellm.Reply{Chunks: fakellm.Chunks(text, 3), FirstDelay: first,
			Delay: 20 * time.Millisecond}
	}
}

// BenchmarkReplyFirstAudio runs a room end to end — embedded NATS, the
// director, a streaming fake LLM whose first token comes after 300 ms, the
// presenter with espeak-ng — and measures, for a viewer's question, the time
// from the first guarded clause's Utterance arriving at the presenter to the
// reply's first audio packet (clause_ms), and from the comment's Intent to
// that packet (comment_ms).
func BenchmarkReplyFirstAudio(b *testing.B) {
	engine, err := tts.NewEspeak(tts.EspeakConfig{})
	if err != nil {
		b.Skipf("no espeak-ng: %v", err)
	}
	nc := benchNATS(b)
	srv := fakellm.New(answerAfter(300*time.Millisecond,
		"宝宝你好呀欢迎你来问，价格就在购物车里，下单前记得领券哦！"))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d, ran := benchDirector(ctx, b, nc, srv.URL())
	defer func() { cancel(); <-ran }()
	fa := &firstAudio{heard: make(chan string, 1), at: make(chan time.Time, 1)}
	p, err := NewPresenter(PresenterConfig{Room: testRoom, Conn: nc, TTS: engine,
		Renderer: &colourRenderer{}, Sink: &recordingSink{},
		Video:  encode.VideoConfig{Width: testWidth, Height: testHeight},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	p.trace = fa
	go func() { _ = p.Run(ctx) }()
	defer p.Close()
	<-p.Ready()
	<-d.Ready()

	var clause, comment []time.Duration
	for i := 0; b.Loop(); i++ {
		sent := time.Now()
		publishBench(b, nc, bus.IntentsSubject(testRoom), bus.Intent{V: 1, Room: testRoom,
			Event: fmt.Sprintf("e-%d", i), Intent: bus.IntentPrice, Text: "这个多少钱",
			User: bus.User{ID: "u1", Name: "小美"}})
		var id string
		select {
		case id = <-fa.heard:
		case <-time.After(10 * time.Second):
			b.Fatal("no reply heard within 10 s")
		}
		comment = append(comment, (<-fa.at).Sub(sent))
		clause = append(clause, p.Stats().ReplyLatency)
		publishBench(b, nc, bus.CuesSubject(testRoom),
			bus.Cue{V: 1, ID: "c-" + id, Type: bus.CueSkip, Room: testRoom})
		for p.Stats().Speaking {
			time.Sleep(5 * time.Millisecond)
		}
	}
	reportPercentiles(b, "clause", clause)
	reportPercentiles(b, "comment", comment)
}

func reportPercentiles(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(ds[len(ds)/2]), name+"_ms_p50")
	b.ReportMetric(ms(ds[(len(ds)*95+99)/100-1]), name+"_ms_p95")
}

func benchNATS(b *testing.B) *nats.Conn {
	e, err := bus.StartEmbedded(bus.EmbeddedConfig{Host: "127.0.0.1", Port: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(e.Close)
	nc, err := nats.Connect(e.URL())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(nc.Close)
	return nc
}

// benchDirector starts the demo show's director with a fake LLM at llmURL;
// ran is closed when its Run returns.
func benchDirector(ctx context.Context, b *testing.B, nc *nats.Conn,
	llmURL string) (d *director.Director, ran chan struct{}) {
	sh, err := show.Load("../configs/shows/demo.yaml")
	if err != nil {
		b.Fatal(err)
	}
	lib, err := phrase.LoadFS(os.DirFS("../configs/phrases"), "*.yaml")
	if err != nil {
		b.Fatal(err)
	}
	pl, err := planner.New(sh, lib, planner.Config{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	llm, err := personalize.New(personalize.LLMConfig{BaseURL: llmURL, Model: "fake",
		FirstToken: time.Hour, Total: time.Hour, Registerer: prometheus.NewRegistry(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	d, err = director.New(director.Config{Room: testRoom, Conn: nc, Planner: pl, Show: sh,
		Personalizer: llm, LLMBudget: time.Hour, ReplyGap: time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	ran = make(chan struct{})
	go func() { _ = d.Run(ctx); close(ran) }()
	return d, ran
}

func publishBench(b *testing.B, nc *nats.Conn, subject string, v any) {
	if err := bus.Publish(nc, subject, v); err != nil {
		b.Fatal(err)
	}
}
