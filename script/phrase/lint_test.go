package phrase

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestLintFindsEachRule(t *testing.T) {
	got := Lint([]string{"testdata/bad.yaml", "testdata/missing.yaml"}, LintOptions{})
	want := []struct {
		line int
		rule string
		sev  Severity
	}{
		{0, "schema", SeverityError},
		{16, "schema", SeverityError},
	}
	for _, w := range want {
		if !hasFinding(got, w.line, w.rule, w.sev) {
			t.Errorf("no %s %s finding at line %d in %v", w.sev, w.rule, w.line, got)
		}
	}
	// The schema error rejects the whole file, so lint the valid part alone.
	data := strings.Split(readFile(t, "testdata/bad.yaml"), "  - theme: hook")[0]
	ps, err := Parse([]byte(data), "bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got = LintPhrases(ps, LintOptions{})
	for _, w := range []struct {
		line int
		rule string
		sev  Severity
	}{
		{6, "adlaw", SeverityError},
		{7, "unknown-slot", SeverityError},
		{8, "template", SeverityError},
		{10, "duplicate", SeverityError},
		{11, "near-duplicate", SeverityWarning},
		{12, "long", SeverityWarning},
	} {
		if !hasFinding(got, w.line, w.rule, w.sev) {
			t.Errorf("no %s %s finding at line %d in %v", w.sev, w.rule, w.line, got)
		}
	}
	for _, f := range got {
		if f.Line == 9 || f.Line == 13 {
			t.Errorf("clean line flagged: %v", f)
		}
	}
}

func hasFinding(fs []Finding, line int, rule string, sev Severity) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool {
		return f.Line == line && f.Rule == rule && f.Severity == sev
	})
}

func TestAdLawViolations(t *testing.T) {
	law := DefaultAdLaw()
	tests := []struct {
		text string
		want []string
	}{
		{"最近天气干，最后一步别忘了", nil},
		{"这是最好用的精华", []string{"最"}},
		{"第一次来的宝宝", nil},
		{"销量第一", []string{"第一"}},
		{"100%有效，根治痘痘", []string{"100%", "根治"}},
		{"The best serum", []string{"best"}},
		{"Bestow trust, a cured ham", nil},
		{"PERFECT skin", []string{"perfect"}},
		{"温和保湿，每天都能用", nil},
	}
	for _, tt := range tests {
		got := law.Violations(tt.text)
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Violations(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestAdLawFileMatchesDefault(t *testing.T) {
	file, err := LoadAdLaw("../../configs/adlaw.yaml")
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultAdLaw()
	pairs := [][2][]string{{file.Forbidden, def.Forbidden}, {file.Allowed, def.Allowed}}
	for _, pair := range pairs {
		a, b := slices.Clone(pair[0]), slices.Clone(pair[1])
		sort.Strings(a)
		sort.Strings(b)
		if !slices.Equal(a, b) {
			t.Errorf("configs/adlaw.yaml lists %v, DefaultAdLaw %v", a, b)
		}
	}
}

func TestRunLintExitCode(t *testing.T) {
	var out bytes.Buffer
	if code := RunLint(&out, []string{"testdata/bad.yaml"}, LintOptions{}); code != 1 {
		t.Errorf("bad file: exit %d, want 1; output:\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "testdata/bad.yaml:16: error: schema:") {
		t.Errorf("output lacks a located finding:\n%s", out.String())
	}
}

func configFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../configs/phrases/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no phrase files: %v", err)
	}
	return files
}

func TestConfigPhrasesLintClean(t *testing.T) {
	law, err := LoadAdLaw("../../configs/adlaw.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := RunLint(&out, configFiles(t), LintOptions{AdLaw: &law}); code != 0 {
		t.Errorf("configs/phrases lint exit %d:\n%s", code, out.String())
	}
	t.Log(out.String())
}

func TestConfigPhrasesCoverTaxonomy(t *testing.T) {
	l, err := LoadFiles(configFiles(t)...)
	if err != nil {
		t.Fatal(err)
	}
	perLang := map[string]int{}
	perTheme := map[string]int{}
	for _, p := range l.Phrases() {
		perLang[p.Lang]++
		perTheme[p.Scene+"/"+p.Theme]++
	}
	if perLang["zh"] < 300 || perLang["en"] < 100 {
		t.Errorf("lines per language %v, want zh ≥ 300 and en ≥ 100", perLang)
	}
	for scene, themes := range Themes {
		for _, th := range themes {
			if n := perTheme[scene+"/"+th]; n < 8 {
				t.Errorf("theme %s/%s has %d lines, want ≥ 8", scene, th, n)
			}
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	l, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(l)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
