package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two OSV entries as the vulndb module ships them: one for the standard
// library, one affecting a module on two version ranges.
const (
	stdlibEntry = `{"id":"GO-2026-0001","modified":"0001-01-01T00:00:00Z",` +
		`"aliases":["CVE-2026-1"],"affected":[{"package":{"name":"stdlib","ecosystem":"Go"},` +
		`"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.26.9"},` +
		`{"introduced":"1.27.0-0"},{"fixed":"1.27.2"}]}]}]}`
	moduleEntry = `{"id":"GO-2026-0002","modified":"2026-11-06T08:00:00Z",` +
		`"affected":[{"package":{"name":"example.com/m","ecosystem":"Go"},` +
		`"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}`
)

// fakeModule lays out a downloaded vulndb module and returns the JSON that
// `go mod download -json` prints for it.
func fakeModule(t *testing.T, entries map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	osv := filepath.Join(dir, "data", "osv")
	if err := os.MkdirAll(osv, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range entries {
		if err := os.WriteFile(filepath.Join(osv, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	info := filepath.Join(dir, "v.info")
	err := os.WriteFile(info, []byte(`{"Version":"v0.0.0-x","Time":"2026-11-05T23:49:57Z"}`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`{"Path":"golang.org/x/vulndb","Version":"v0.0.0-x","Dir":%q,"Info":%q}`,
		dir, info)
}

func runVulndb(t *testing.T, stdin, out string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run([]string{"-out", out}, strings.NewReader(stdin), &o, &e)
	return code, o.String(), e.String()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRunWritesV1Database(t *testing.T) {
	mod := fakeModule(t, map[string]string{
		"GO-2026-0001.json": stdlibEntry,
		"GO-2026-0002.json": moduleEntry,
		"README.md":         "not an entry",
	})
	out := filepath.Join(t.TempDir(), "db")
	if err := os.MkdirAll(filepath.Join(out, "stale"), 0o755); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runVulndb(t, mod, out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "2 entries on 2 modules, last modified 2026-11-06 08:00 UTC"
	if !strings.Contains(stdout, want) {
		t.Errorf("stdout %q lacks %q", stdout, want)
	}

	files := map[string]string{
		"index/db.json": `{"modified":"2026-11-06T08:00:00Z"}`,
		"index/modules.json": `[{"path":"example.com/m","vulns":[{"id":"GO-2026-0002",` +
			`"modified":"2026-11-06T08:00:00Z"}]},{"path":"stdlib","vulns":[{"id":"GO-2026-0001",` +
			`"modified":"0001-01-01T00:00:00Z","fixed":"1.27.2"}]}]`,
		"index/vulns.json": `[{"id":"GO-2026-0001","modified":"0001-01-01T00:00:00Z",` +
			`"aliases":["CVE-2026-1"]},{"id":"GO-2026-0002","modified":"2026-11-06T08:00:00Z"}]`,
		"ID/GO-2026-0001.json": stdlibEntry,
		"ID/GO-2026-0002.json": moduleEntry,
	}
	for name, w := range files {
		if got := readFile(t, filepath.Join(out, name)); got != w {
			t.Errorf("%s:\n got %s\nwant %s", name, got, w)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "stale")); !os.IsNotExist(err) {
		t.Errorf("the old database was not replaced: stat stale: %v", err)
	}
	if left, _ := filepath.Glob(out + ".tmp-*"); len(left) != 0 {
		t.Errorf("temporary dirs left behind: %v", left)
	}
}

func TestRunDatesDatabaseByModuleTime(t *testing.T) {
	mod := fakeModule(t, map[string]string{"GO-2026-0001.json": stdlibEntry})
	out := filepath.Join(t.TempDir(), "db")
	if code, _, stderr := runVulndb(t, mod, out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var db struct{ Modified string }
	b := readFile(t, filepath.Join(out, "index", "db.json"))
	if err := json.Unmarshal([]byte(b), &db); err != nil {
		t.Fatal(err)
	}
	if want := "2026-11-05T23:49:57Z"; db.Modified != want {
		t.Errorf("modified = %s, want the module's time %s", db.Modified, want)
	}
}

func TestRunFails(t *testing.T) {
	tests := []struct {
		name, stdin, stderr string
	}{
		{"download error", `{"Path":"golang.org/x/vulndb","Error":"403 Forbidden"}`,
			"not downloaded: 403 Forbidden"},
		{"no input", ``, "read go mod download -json output"},
		{"misnamed entry", fakeModule(t, map[string]string{"GO-2026-0009.json": stdlibEntry}),
			`GO-2026-0009.json holds id "GO-2026-0001"`},
		{"no entries", fakeModule(t, nil), "no OSV files"},
	}
	for _, tt := range tests {
		out := filepath.Join(t.TempDir(), "db")
		code, _, stderr := runVulndb(t, tt.stdin, out)
		if code != 1 || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q", tt.name, code, stderr, tt.stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: a database was written: %v", tt.name, err)
		}
	}
}
