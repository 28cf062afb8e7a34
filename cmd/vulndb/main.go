// Command vulndb builds a Go vulnerability database that govulncheck reads
// offline, from the OSV entries shipped in a golang.org/x/vulndb module, so
// that `make vuln` needs the Go module proxy and nothing else.
//
// It reads the JSON that `go mod download -json` prints for that module and
// writes the database in the v1 layout of https://go.dev/security/vuln/database
// (index/db.json, index/modules.json, index/vulns.json, ID/<id>.json):
//
//	go mod download -json golang.org/x/vulndb@VERSION | vulndb -out DIR
//	govulncheck -db file://$PWD/DIR ./...
//
// It is a build tool of this repository; the zhubo binary does not use it.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vulndb", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory to write the database to (replaced if present)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: go mod download -json golang.org/x/vulndb@VERSION |"+
			" vulndb -out DIR")
		return 2
	}

	src, err := readSource(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "vulndb: %v\n", err)
		return 1
	}
	db, err := build(src, *out)
	if err != nil {
		fmt.Fprintf(stderr, "vulndb: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "vulndb: %s@%s: %d entries on %d modules, last modified %s\n",
		src.Path, src.Version, db.entries, len(db.modules),
		db.modified.Format("2006-01-02 15:04 MST"))
	return 0
}
