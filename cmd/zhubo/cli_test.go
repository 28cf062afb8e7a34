package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCLIUsageAndPlan(t *testing.T) {
	if code, _, errOut := runCLI(t, "dance"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errOut)
	}
	code, out, errOut := runCLI(t, "plan", "--show", "demo", "--minutes", "3")
	if code != 0 || !strings.Contains(out, "opening") {
		t.Errorf("plan: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, "plan", "--start", "2026-07-15T09:00:00+08:00", "--minutes", "2")
	if code != 0 || !strings.Contains(out, "summer, morning") || strings.Contains(out, "冬") {
		t.Errorf("a July morning plan: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "plan", "--minutes", "0"); code != 2 {
		t.Errorf("plan --minutes 0: exit %d, want 2", code)
	}
}

func TestCLIPhrasesLint(t *testing.T) {
	files, _ := filepath.Glob("../../configs/phrases/*.yaml")
	if code, out, _ := runCLI(t, append([]string{"phrases", "lint"}, files...)...); code != 0 {
		t.Errorf("lint of the shipped library: exit %d\n%s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	data := "lang: zh\nscene: opening\ngroups:\n  - theme: hook\n    lines:\n" +
		"      - \"全网最低价，第一名的{brand}\"\n"
	if err := os.WriteFile(bad, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "phrases", "lint", bad)
	if code == 0 || !strings.Contains(out+errOut, "bad.yaml") {
		t.Errorf("lint of a file with forbidden words: exit %d, %q %q", code, out, errOut)
	}
}

func TestCLIChatAndCueReachARunningRoom(t *testing.T) {
	srv := startServer(t)
	url := srv.NATSURL()
	if code, out, errOut := runCLI(t, "chat", "--nats", url, "--room", "demo", "--user", "小美",
		"这个多少钱"); code != 0 || !strings.Contains(out, "sent") {
		t.Errorf("chat: exit %d, %q %q", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "cue", "--nats", url, "--room", "demo", "say",
		"text=欢迎新来的宝宝"); code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("cue say: exit %d, %q %q", code, out, errOut)
	}
	code, _, errOut := runCLI(t, "cue", "--nats", url, "--room", "demo", "switch_product", "product=nope")
	if code != 1 || !strings.Contains(errOut, `unknown product "nope"`) {
		t.Errorf("cue switch_product nope: exit %d, %q", code, errOut)
	}
	if code, _, _ := runCLI(t, "cue", "--nats", url, "dance"); code != 2 {
		t.Errorf("cue dance: exit %d, want 2", code)
	}
}
