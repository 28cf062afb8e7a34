package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/zhubo-live/zhubo/script/phrase"
)

// runPhrases checks phrase files: `zhubo phrases lint FILE...`.
func runPhrases(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "lint" {
		fmt.Fprintln(stderr, "usage: zhubo phrases lint [--max-chars N] [--max-words N] [--adlaw FILE] FILE...")
		return 2
	}
	fs := flag.NewFlagSet("phrases lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	maxChars := fs.Int("max-chars", 60, "longest Chinese line, in characters, said in one breath")
	maxWords := fs.Int("max-words", 30, "longest English line, in words")
	adlaw := fs.String("adlaw", "", "forbidden-word list (default: the shipped list)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "zhubo phrases lint: no files")
		return 2
	}
	opts := phrase.LintOptions{MaxChars: *maxChars, MaxWords: *maxWords}
	if *adlaw != "" {
		law, err := phrase.LoadAdLaw(*adlaw)
		if err != nil {
			fmt.Fprintf(stderr, "zhubo phrases lint: %v\n", err)
			return 2
		}
		opts.AdLaw = &law
	}
	return phrase.RunLint(stdout, fs.Args(), opts)
}
