package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// source is the downloaded golang.org/x/vulndb module, as `go mod download
// -json` describes it.
type source struct {
	Path    string
	Version string
	Dir     string // the extracted module in the module cache
	Info    string // the .info file, which holds the version's commit time
	Error   string // set when the download failed
	time    time.Time
}

// osvDir is where the module keeps one OSV JSON file per vulnerability.
func (s *source) osvDir() string {
	return filepath.Join(s.Dir, "data", "osv")
}

// readSource decodes the download's description and reads the commit time
// of its version: the database's entries carry no times of their own.
func readSource(r io.Reader) (*source, error) {
	var s source
	if err := json.NewDecoder(r).Decode(&s); err != nil {
		return nil, fmt.Errorf("read go mod download -json output: %w", err)
	}
	if s.Error != "" {
		return nil, fmt.Errorf("%w: %s", ErrDownload, s.Error)
	}
	if s.Dir == "" || s.Info == "" {
		return nil, fmt.Errorf("%w: no Dir or Info for %s@%s", ErrDownload, s.Path, s.Version)
	}

	b, err := os.ReadFile(s.Info)
	if err != nil {
		return nil, fmt.Errorf("read module info: %w", err)
	}
	var info struct{ Time time.Time }
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("decode module info %s: %w", s.Info, err)
	}
	s.time = info.Time.UTC()
	return &s, nil
}
