// Package show models a live-commerce show: the brand, the host persona, the
// schedule that sets the script's cadence, and the product cards the host sells.
// A show is one YAML file under configs/shows/.
package show

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"

	"gopkg.in/yaml.v3"
)

// Show is everything the script planner needs to run one live room.
type Show struct {
	// ID names the show in logs and reports, e.g. "demo".
	ID string `yaml:"id"`
	// Title is the room title shown to viewers.
	Title string `yaml:"title"`
	// Lang is the main language of the show, "zh" or "en".
	Lang     string        `yaml:"lang"`
	Brand    Brand         `yaml:"brand"`
	Persona  Persona       `yaml:"persona"`
	Schedule Schedule      `yaml:"schedule"`
	Products []ProductCard `yaml:"products"`
}

// Brand is the seller the host speaks for.
type Brand struct {
	Name   string `yaml:"name"`
	NameEN string `yaml:"name_en"`
	// Endorsement is a short, checkable trust statement, e.g. "品牌官方旗舰店".
	Endorsement string `yaml:"endorsement"`
}

// Persona is the host's character: how it sounds and what it likes to say.
type Persona struct {
	Name   string `yaml:"name"`
	NameEN string `yaml:"name_en"`
	// Tone is a free description of the speaking style, e.g. "亲切、专业、有活力".
	Tone string `yaml:"tone"`
	// Speed is the speech rate in words per minute as espeak-ng takes it.
	Speed int `yaml:"speed"`
	// Pitch is the espeak-ng pitch, 0 to 99.
	Pitch int `yaml:"pitch"`
	// Catchphrases are the host's signature interjections.
	Catchphrases []string `yaml:"catchphrases"`
	Lang         string   `yaml:"lang"`
}

// Product looks up a product card by its id.
func (s *Show) Product(id string) (*ProductCard, bool) {
	for i := range s.Products {
		if s.Products[i].ID == id {
			return &s.Products[i], true
		}
	}
	return nil, false
}

// Load reads, parses and validates the show file at path.
func Load(path string) (*Show, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load show: %w", err)
	}
	return Parse(data, path)
}

// Parse decodes a show from YAML, fills schedule defaults and validates it.
// Unknown keys are rejected with their path and line; name labels errors,
// usually the file path.
func Parse(data []byte, name string) (*Show, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: %w: empty document", name, ErrSyntax)
		}
		return nil, fmt.Errorf("%s: %w: %w", name, ErrSyntax, err)
	}
	if err := checkKeys(&root, reflect.TypeFor[Show](), ""); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, ErrSyntax, err)
	}
	var s Show
	if err := root.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, ErrSyntax, err)
	}
	s.Schedule = s.Schedule.withDefaults()
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &s, nil
}
