package main

import "errors"

var (
	// ErrDownload means the vulnerability database module was not downloaded.
	ErrDownload = errors.New("vulndb module not downloaded")
	// ErrEntry means an OSV file is not a usable vulnerability entry.
	ErrEntry = errors.New("bad OSV entry")
)
