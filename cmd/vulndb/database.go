package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// database is the index of a v1 vulnerability database, built up one entry
// at a time; the entries themselves are copied as they are.
type database struct {
	modified time.Time
	modules  map[string]*moduleIndex
	vulns    []vulnIndex
	entries  int
}

// moduleIndex is one element of index/modules.json.
type moduleIndex struct {
	Path  string        `json:"path"`
	Vulns []moduleVulns `json:"vulns"`
}

// moduleVulns is one vulnerability of a module in index/modules.json.
type moduleVulns struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Fixed    string    `json:"fixed,omitempty"`
}

// vulnIndex is one element of index/vulns.json.
type vulnIndex struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases,omitempty"`
}

// build writes the database for src's OSV entries to out, through a
// temporary directory beside it so that out is never left half written.
func build(src *source, out string) (*database, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("create temporary database dir: %w", err)
	}
	defer os.RemoveAll(tmp)

	db := &database{modified: src.time, modules: map[string]*moduleIndex{}}
	if err := db.copyEntries(src.osvDir(), filepath.Join(tmp, "ID")); err != nil {
		return nil, err
	}
	if err := db.writeIndex(filepath.Join(tmp, "index")); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(out); err != nil {
		return nil, fmt.Errorf("replace %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return nil, fmt.Errorf("move database into place: %w", err)
	}
	return db, nil
}

// copyEntries indexes every OSV file of dir and copies it into idDir.
func (db *database) copyEntries(dir, idDir string) error {
	files, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read OSV entries: %w", err)
	}
	if err := os.Mkdir(idDir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", idDir, err)
	}
	for _, f := range files {
		if f.IsDir() || !strings.HasSuffix(f.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			return fmt.Errorf("read OSV entry: %w", err)
		}
		e, err := parseEntry(f.Name(), b)
		if err != nil {
			return err
		}
		db.add(e)
		if err := os.WriteFile(filepath.Join(idDir, f.Name()), b, 0o644); err != nil {
			return fmt.Errorf("write entry %s: %w", e.ID, err)
		}
	}
	if db.entries == 0 {
		return fmt.Errorf("%w: no OSV files in %s", ErrEntry, dir)
	}
	return nil
}

// add indexes e under the database and under each module it affects.
func (db *database) add(e *entry) {
	db.entries++
	if e.Modified.After(db.modified) {
		db.modified = e.Modified
	}
	db.vulns = append(db.vulns, vulnIndex{ID: e.ID, Modified: e.Modified, Aliases: e.Aliases})
	for _, a := range e.Affected {
		m := db.modules[a.Module.Path]
		if m == nil {
			m = &moduleIndex{Path: a.Module.Path}
			db.modules[a.Module.Path] = m
		}
		m.Vulns = append(m.Vulns, moduleVulns{ID: e.ID, Modified: e.Modified, Fixed: a.latestFix()})
	}
}

// writeIndex writes the three index files, sorted so that the same entries
// always give the same bytes.
func (db *database) writeIndex(dir string) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	modules := make([]*moduleIndex, 0, len(db.modules))
	for _, m := range db.modules {
		slices.SortStableFunc(m.Vulns, func(a, b moduleVulns) int {
			return cmp.Compare(a.ID, b.ID)
		})
		modules = append(modules, m)
	}
	slices.SortFunc(modules, func(a, b *moduleIndex) int { return cmp.Compare(a.Path, b.Path) })
	slices.SortFunc(db.vulns, func(a, b vulnIndex) int { return cmp.Compare(a.ID, b.ID) })

	files := map[string]any{
		"db.json": struct {
			Modified time.Time `json:"modified"`
		}{db.modified},
		"modules.json": modules,
		"vulns.json":   db.vulns,
	}
	for name, v := range files {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encode index/%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("write index/%s: %w", name, err)
		}
	}
	return nil
}
