package configs

import (
	"embed"
	"io/fs"
)

// data holds the shipped shows, phrase library, intent lexicon and
// advertising-law word list.
//
//go:embed zhubo.yaml shows/*.yaml phrases/*.yaml intents.yaml adlaw.yaml
var data embed.FS

// Show returns a shipped show file by name ("demo").
func Show(name string) ([]byte, error) {
	return data.ReadFile("shows/" + name + ".yaml")
}

// Phrases is the shipped phrase library, files at its root.
func Phrases() fs.FS {
	sub, _ := fs.Sub(data, "phrases")
	return sub
}

// Intents returns the shipped intent lexicon.
func Intents() []byte {
	b, _ := data.ReadFile("intents.yaml")
	return b
}

// AdLaw returns the shipped list of words advertising law forbids.
func AdLaw() []byte {
	b, _ := data.ReadFile("adlaw.yaml")
	return b
}
