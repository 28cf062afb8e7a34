package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhubo-live/zhubo/interaction/report"
)

// reportServer serves the report routes of srv as the HTTP surface mounts them.
func reportServer(t *testing.T, srv *Server) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("POST /api/rooms/{room}/report", srv.reportHandler())
	mux.Handle("GET /reports/{room}/{stamp}/{file}", srv.reportFiles())
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return hs.URL
}

func postReport(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func TestReportAPIWritesAndServesTheReport(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	srv := startServer(t)
	base := reportServer(t, srv)
	waitArchived(t, srv)

	tests := []struct {
		name, room, token string
		want              int
	}{
		{"no token", "demo", "", http.StatusUnauthorized},
		{"moderator token", "demo", srv.cfg.Console.ModeratorToken, http.StatusUnauthorized},
		{"unknown room", "nope", srv.cfg.Console.Token, http.StatusNotFound},
	}
	for _, tt := range tests {
		code, body := postReport(t, base+"/api/rooms/"+tt.room+"/report", tt.token)
		var e struct{ Error string }
		if code != tt.want || json.Unmarshal(body, &e) != nil || e.Error == "" {
			t.Errorf("%s: %d %s, want %d with a JSON error", tt.name, code, body, tt.want)
		}
	}

	code, body := postReport(t, base+"/api/rooms/demo/report", srv.cfg.Console.Token)
	var links reportLinks
	if code != http.StatusCreated || json.Unmarshal(body, &links) != nil {
		t.Fatalf("report: %d %s, want 201 and its links", code, body)
	}
	html := get(t, base+links.HTML, http.StatusOK, "text/html; charset=utf-8")
	if !strings.Contains(html, "demo") || !strings.HasPrefix(html, "<!doctype html>") {
		t.Errorf("report page does not look like the room's report: %.200s", html)
	}
	var sum report.Summary
	if err := json.Unmarshal([]byte(get(t, base+links.JSON, http.StatusOK,
		"application/json")), &sum); err != nil || sum.Room != "demo" {
		t.Errorf("report JSON: room %q, err %v; want demo's summary", sum.Room, err)
	}

	dir := links.HTML[:strings.LastIndex(links.HTML, "/")]
	for _, bad := range []string{dir + "/report.txt", dir + "/..%2f..%2fdemo",
		"/reports/demo/..%2F..%2F/report.html", "/reports/demo/x.y/report.html",
		"/reports/other/" + filepath.Base(dir) + "/report.html", dir + "x/report.html"} {
		get(t, base+bad, http.StatusNotFound, "application/json")
	}
}

// waitArchived waits until the demo room's first line is in the archive.
func waitArchived(t *testing.T, srv *Server) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		dir := t.TempDir()
		err := report.Run(t.Context(), srv.nc, report.Options{Room: "demo"}, dir)
		if err == nil {
			return
		}
		if !errors.Is(err, report.ErrNoMessages) || time.Now().After(deadline) {
			t.Fatalf("archive: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func get(t *testing.T, url string, want int, ctype string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want || resp.Header.Get("Content-Type") != ctype {
		t.Errorf("GET %s: %d %s, want %d %s", url, resp.StatusCode,
			resp.Header.Get("Content-Type"), want, ctype)
	}
	return string(body)
}

func TestReportFailure(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{fmt.Errorf("report %q: %w", "demo", report.ErrNoMessages), http.StatusConflict},
		{report.ErrNoArchive, http.StatusServiceUnavailable},
		{fmt.Errorf("read archive: %w", context.DeadlineExceeded), http.StatusGatewayTimeout},
		{errors.New("disk full"), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		got, msg := reportFailure("demo", tt.err)
		if got != tt.want || msg == "" {
			t.Errorf("reportFailure(%v) = %d %q, want %d and a message", tt.err, got, msg,
				tt.want)
		}
	}
}

func TestPruneReportsKeepsTheNewest(t *testing.T) {
	dir := t.TempDir()
	var stamps []string
	for i := range 5 {
		stamp := fmt.Sprintf("20261203T10000%dZ-%016x", i, i)
		stamps = append(stamps, stamp)
		if err := os.Mkdir(filepath.Join(dir, stamp), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "other"), 0o755); err != nil {
		t.Fatal(err)
	}
	pruneReports(dir, 2)
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{stamps[3], stamps[4], "other"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("after pruning: %v, want %v", got, want)
	}
}
