package configs

import (
	"embed"
	"io/fs"
)

// data holds the shipped shows, phrase library and intent lexicon.
//
//go:embed zhubo.yaml shows/*.yaml phrases/*.yaml intents.yaml
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
