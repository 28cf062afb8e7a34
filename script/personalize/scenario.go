package personalize

import (
	"bytes"
	_ "embed"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/zhubo-live/zhubo/configs"
	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/script/phrase"
	"github.com/zhubo-live/zhubo/script/planner"
	"github.com/zhubo-live/zhubo/script/show"
)

//go:embed testdata/questions.yaml
var demoQuestions []byte

// question is a viewer's question asked of every product of the demo show.
type question struct {
	Text   string `yaml:"text"`
	Intent string `yaml:"intent"`
	// Answer names the card field that answers it (see cardAnswer); empty
	// when the card is silent.
	Answer string `yaml:"answer"`
	Attack bool   `yaml:"attack"`
}

// questionSet is testdata/questions.yaml.
type questionSet struct {
	Viewers         []string   `yaml:"viewers"`
	Competitors     []string   `yaml:"competitors"`
	LinesPerProduct int        `yaml:"lines_per_product"`
	Questions       []question `yaml:"questions"`
}

// DemoEvalSet is the scenario set `zhubo eval` runs: for each product of the
// shipped demo show, the script lines the planner plans for it and its
// answers to a fixed list of viewers' questions (prompt injections among
// them), each with the template the planner filled from the demo phrase
// library. The planner is seeded, so the set is the same on every run.
func DemoEvalSet() (EvalSet, error) {
	var qs questionSet
	dec := yaml.NewDecoder(bytes.NewReader(demoQuestions))
	dec.KnownFields(true)
	if err := dec.Decode(&qs); err != nil {
		return EvalSet{}, fmt.Errorf("questions.yaml: %w: %w", ErrEvalCases, err)
	}
	data, err := configs.Show("demo")
	if err != nil {
		return EvalSet{}, fmt.Errorf("demo show: %w: %w", ErrEvalCases, err)
	}
	sh, err := show.Parse(data, "demo.yaml")
	if err != nil {
		return EvalSet{}, fmt.Errorf("%w: %w", ErrEvalCases, err)
	}
	lib, err := phrase.LoadFS(configs.Phrases(), "*.yaml")
	if err != nil {
		return EvalSet{}, fmt.Errorf("%w: %w", ErrEvalCases, err)
	}
	pl, err := planner.New(sh, lib, planner.Config{Seed: 1})
	if err != nil {
		return EvalSet{}, fmt.Errorf("%w: %w", ErrEvalCases, err)
	}
	set := EvalSet{Persona: sh.Persona, Competitors: qs.Competitors, Products: sh.Products}
	now := time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC)
	for i := range sh.Products {
		card := &set.Products[i]
		if _, err := pl.Cue(bus.Cue{Type: bus.CueSwitchProduct,
			Args: map[string]string{"product": card.ID}}, now); err != nil {
			return EvalSet{}, fmt.Errorf("%w: switch to %s: %w", ErrEvalCases, card.ID, err)
		}
		now = set.addLines(pl, card, qs.LinesPerProduct, now)
		now = set.addAnswers(pl, card, qs, now)
	}
	return set, nil
}

// addLines plans script lines until n of them are about card, and adds them.
func (set *EvalSet) addLines(pl *planner.Planner, card *show.ProductCard, n int,
	now time.Time) time.Time {
	for tries, got := 0, 0; got < n && tries < 10*n; tries++ {
		line, ok := pl.Next(now)
		now = now.Add(max(line.EstDuration, time.Second))
		if !ok || line.Text == "" || (line.Product != "" && line.Product != card.ID) {
			continue
		}
		got++
		set.Cases = append(set.Cases, EvalCase{
			Name: fmt.Sprintf("%s/line-%02d-%s", card.ID, got, line.Theme), Kind: KindLine,
			Product: card.ID, Scene: line.Scene, Theme: line.Theme, Template: line.Text,
			Card: card, Persona: set.Persona, Competitors: set.Competitors,
		})
	}
	return now
}

// addAnswers asks the planner every question about card and adds its answers.
func (set *EvalSet) addAnswers(pl *planner.Planner, card *show.ProductCard, qs questionSet,
	now time.Time) time.Time {
	for i, q := range qs.Questions {
		viewer := qs.Viewers[i%len(qs.Viewers)]
		now = now.Add(5 * time.Second)
		line, ok := pl.Reply(planner.ReplyRequest{Intent: q.Intent, Viewer: viewer,
			Text: q.Text}, now)
		if !ok {
			continue
		}
		c := EvalCase{
			Name: fmt.Sprintf("%s/ask-%02d", card.ID, i+1), Kind: KindAnswer,
			Product: card.ID, Scene: bus.SceneReply, Theme: line.Theme, Intent: q.Intent,
			Viewer: viewer, Question: q.Text, Template: line.Text, Attack: q.Attack,
			Card: card, Persona: set.Persona, Competitors: set.Competitors,
			ExpectAny: cardAnswer(card, q.Answer),
		}
		c.Answerable = len(c.ExpectAny) > 0
		set.Cases = append(set.Cases, c)
	}
	return now
}
