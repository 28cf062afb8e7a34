// Package phrase holds the host's phrase library: tagged sales lines with
// named slots, loaded from YAML files, linted against advertising law, picked
// by scene, theme and conditions with weights and cooldowns, and filled from
// a product card.
package phrase

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"gopkg.in/yaml.v3"
)

// Scenes a phrase may belong to: the four of the live-commerce taxonomy plus
// closing lines and replies to viewers.
var Scenes = []string{"opening", "retention", "interaction", "product", "closing", "reply"}

// Langs are the languages a phrase may be written in.
var Langs = []string{"zh", "en"}

// Phrase is one line of the library, with the tags that decide when it fits.
type Phrase struct {
	// ID is unique within a library: "file:line".
	ID    string
	Text  string
	Lang  string
	Scene string
	Theme string
	// Keywords tag what the line talks about; a query naming one prefers it.
	Keywords []string
	When     Conditions
	// Weight is the relative chance of being picked among fitting lines.
	Weight float64
	// Cooldown is how long the line rests after being picked.
	Cooldown time.Duration
	// File and Line locate the phrase in its source file.
	File string
	Line int
}

// Conditions restrict a phrase to moments that fit it. An empty list admits
// anything; a non-empty list must meet the query's value.
type Conditions struct {
	Category    []string `yaml:"category"`
	Positioning []string `yaml:"positioning"`
	// Season is spring, summer, autumn or winter.
	Season []string `yaml:"season"`
	// Region is 北方 or 南方.
	Region []string `yaml:"region"`
	// SkinType must share an entry with the product's suitable skin types.
	SkinType []string `yaml:"skin_type"`
	// PainPoint must share an entry with the product's pain points.
	PainPoint []string `yaml:"pain_point"`
	// Audience must share an entry with the product's audience.
	Audience []string `yaml:"audience"`
	// TimeOfDay is morning, afternoon, evening or night.
	TimeOfDay []string `yaml:"time_of_day"`
	// MinViewers admits the phrase only with at least this many viewers.
	MinViewers int `yaml:"min_viewers"`
	// Coupon, when true, admits the phrase only for a product with a coupon.
	Coupon bool `yaml:"coupon"`
}

// file is the YAML shape of a phrase file: file-wide defaults and groups of
// lines that share their tags.
type file struct {
	Lang     string        `yaml:"lang"`
	Scene    string        `yaml:"scene"`
	Weight   float64       `yaml:"weight"`
	Cooldown time.Duration `yaml:"cooldown"`
	Groups   []group       `yaml:"groups"`
}

type group struct {
	Scene    string        `yaml:"scene"`
	Theme    string        `yaml:"theme"`
	Lang     string        `yaml:"lang"`
	Keywords []string      `yaml:"keywords"`
	When     Conditions    `yaml:"when"`
	Weight   float64       `yaml:"weight"`
	Cooldown time.Duration `yaml:"cooldown"`
	Lines    []yaml.Node   `yaml:"lines"`
}

// Parse decodes one phrase file. Unknown keys, missing or unknown scenes,
// themes and languages, and non-text lines are errors that name the line;
// name labels errors and phrase IDs, usually the file path.
func Parse(data []byte, name string) ([]Phrase, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ParseError{File: name, Msg: "empty file"}
		}
		return nil, errors.Join(yamlErrors(name, err)...)
	}
	if f.Weight < 0 || f.Cooldown < 0 {
		return nil, &ParseError{File: name, Msg: "weight and cooldown must not be negative"}
	}
	var out []Phrase
	var errs []error
	for i := range f.Groups {
		ps, gerrs := f.Groups[i].phrases(&f, name)
		errs = append(errs, gerrs...)
		out = append(out, ps...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// phrases expands a group into its phrases, applying file defaults.
func (g *group) phrases(f *file, name string) ([]Phrase, []error) {
	p := Phrase{Scene: or(g.Scene, f.Scene), Lang: or(g.Lang, f.Lang), Theme: g.Theme,
		Keywords: g.Keywords, When: g.When, Weight: g.Weight, Cooldown: g.Cooldown, File: name}
	if p.Weight == 0 {
		p.Weight = f.Weight
	}
	if p.Weight == 0 {
		p.Weight = 1
	}
	if p.Cooldown == 0 {
		p.Cooldown = f.Cooldown
	}
	line := 0
	if len(g.Lines) > 0 {
		line = g.Lines[0].Line
	}
	if err := p.check(); err != nil {
		return nil, []error{&ParseError{File: name, Line: line, Msg: err.Error()}}
	}
	if len(g.Lines) == 0 {
		return nil, []error{&ParseError{File: name, Msg: fmt.Sprintf(
			"group of theme %s has no lines", p.Theme)}}
	}
	var out []Phrase
	var errs []error
	for _, n := range g.Lines {
		if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || n.Value == "" {
			errs = append(errs, &ParseError{File: name, Line: n.Line,
				Msg: "a line must be non-empty text"})
			continue
		}
		q := p
		q.Text, q.Line, q.ID = n.Value, n.Line, fmt.Sprintf("%s:%d", name, n.Line)
		out = append(out, q)
	}
	return out, errs
}

// check reports the first tag of a group that breaks the schema.
func (p *Phrase) check() error {
	switch {
	case !slices.Contains(Scenes, p.Scene):
		return fmt.Errorf("scene %q is not one of %v", p.Scene, Scenes)
	case !slices.Contains(Langs, p.Lang):
		return fmt.Errorf("lang %q is not one of %v", p.Lang, Langs)
	case p.Theme == "":
		return errors.New("theme is required")
	case !slices.Contains(Themes[p.Scene], p.Theme):
		return fmt.Errorf("theme %q is not a theme of scene %s: %v", p.Theme, p.Scene,
			Themes[p.Scene])
	case p.Weight < 0 || math.IsNaN(p.Weight) || math.IsInf(p.Weight, 0) || p.Cooldown < 0:
		return errors.New("weight and cooldown must be finite and not negative")
	case p.When.MinViewers < 0:
		return errors.New("when.min_viewers must not be negative")
	}
	return nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
