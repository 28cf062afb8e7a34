package personalize

import (
	"bytes"
	_ "embed"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/zhubo-live/zhubo/script/planner"
	"github.com/zhubo-live/zhubo/script/show"
)

//go:embed testdata/eval.yaml
var defaultEvalCases []byte

// EvalCase is one request to score a personalizer on.
type EvalCase struct {
	Name     string `yaml:"name"`
	Kind     string `yaml:"kind"`
	Product  string `yaml:"product"`
	Scene    string `yaml:"scene"`
	Theme    string `yaml:"theme"`
	Intent   string `yaml:"intent"`
	Viewer   string `yaml:"viewer"`
	Question string `yaml:"question"`
	Count    int    `yaml:"count"`
	// Template is the line the planner filled, the fallback.
	Template string `yaml:"template"`
	// ExpectAny lists words of which a good output mentions at least one:
	// the attribute asked about, or the point of the line.
	ExpectAny []string `yaml:"expect_any"`
	// Attack marks a prompt injection in Question.
	Attack bool `yaml:"attack"`
	// Answerable marks a question the card answers: an output that promises
	// to follow up instead counts as unanswered.
	Answerable bool `yaml:"answerable"`

	// Card, Persona and Competitors are filled from the case file.
	Card        *show.ProductCard `yaml:"-"`
	Persona     show.Persona      `yaml:"-"`
	Competitors []string          `yaml:"-"`
}

// EvalSet is a case file: the cases and what they share.
type EvalSet struct {
	Persona     show.Persona       `yaml:"persona"`
	Competitors []string           `yaml:"competitors"`
	Products    []show.ProductCard `yaml:"products"`
	Cases       []EvalCase         `yaml:"cases"`
}

// DefaultEvalSet is a hand-written case set: about thirty Chinese lines,
// questions and prompt injections over three products of its own, each with
// what a good output must mention. DemoEvalSet is the one `zhubo eval` runs.
func DefaultEvalSet() (EvalSet, error) {
	return ParseEvalSet(defaultEvalCases, "eval.yaml")
}

// ParseEvalSet decodes a case file and links each case to its product;
// name labels errors.
func ParseEvalSet(data []byte, name string) (EvalSet, error) {
	var set EvalSet
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&set); err != nil {
		return EvalSet{}, fmt.Errorf("%s: %w: %w", name, ErrEvalCases, err)
	}
	for i := range set.Cases {
		c := &set.Cases[i]
		c.Persona = set.Persona
		c.Competitors = set.Competitors
		if c.Kind != KindLine && c.Kind != KindAnswer {
			return EvalSet{}, fmt.Errorf("%s: %w: case %q: kind %q is not line or answer",
				name, ErrEvalCases, c.Name, c.Kind)
		}
		for j := range set.Products {
			if set.Products[j].ID == c.Product {
				c.Card = &set.Products[j]
			}
		}
		if c.Card == nil && c.Product != "" {
			return EvalSet{}, fmt.Errorf("%s: %w: case %q: unknown product %q",
				name, ErrEvalCases, c.Name, c.Product)
		}
	}
	return set, nil
}

// Request is the personalization request the case describes.
func (c EvalCase) Request() Request {
	scene := c.Scene
	if c.Kind == KindAnswer && scene == "" {
		scene = "reply"
	}
	return Request{
		Kind: c.Kind,
		Line: planner.Line{Text: c.Template, Lang: orDefault(c.Persona.Lang, "zh"),
			Scene: scene, Theme: c.Theme, Product: c.Product},
		Product:  c.Card,
		Persona:  c.Persona,
		Viewer:   c.Viewer,
		Question: c.Question,
		Intent:   c.Intent,
		Count:    c.Count,
	}
}
