package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Files Run writes into its output directory.
const (
	HTMLFile = "report.html"
	JSONFile = "report.json"
)

// Run collects the room's report from the archive on nc's server and writes
// outDir/report.html and outDir/report.json, creating outDir if needed.
func Run(ctx context.Context, nc *nats.Conn, opts Options, outDir string) error {
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("report: jetstream: %w", err)
	}
	s, err := Collect(ctx, js, opts)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := writeFile(filepath.Join(outDir, HTMLFile), s, WriteHTML); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(outDir, JSONFile), s, WriteJSON); err != nil {
		return err
	}
	slog.Info("report written", "room", opts.Room, "dir", outDir,
		"minutes", len(s.Minutes), "comments", s.Totals.Comments)
	return nil
}

// writeFile renders s and writes it to path; a failed rendering leaves no file.
func writeFile(path string, s *Summary, write func(io.Writer, *Summary) error) error {
	var buf bytes.Buffer
	if err := write(&buf, s); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
