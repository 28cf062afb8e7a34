package main

import (
	"context"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
	"github.com/zhubo-live/zhubo/interaction/report"
)

const (
	// reportTimeout bounds the writing of one report: the archive can hold a
	// week of a room, but a show reads in seconds.
	reportTimeout = 2 * time.Minute
	// reportsKept is how many of a room's reports stay on disk; older ones go
	// when a new one is written.
	reportsKept = 20
	// reportStampTime starts a report's directory name, so names sort by time.
	reportStampTime = "20060102T150405Z"
)

// reportLinks answers POST /api/rooms/{room}/report: where the report is served.
type reportLinks struct {
	HTML string `json:"html"`
	JSON string `json:"json"`
}

// reportRoot is the directory under which the console's reports are written,
// one directory per room and report.
func reportRoot() string { return filepath.Join(os.TempDir(), "zhubo-reports") }

// reportHandler answers POST /api/rooms/{room}/report for operators: it writes
// the post-show report of the room's last show from the archive and answers
// 201 with the URLs of its HTML and JSON. One report is written at a time;
// a second request waits for the first.
func (s *Server) reportHandler() http.Handler {
	sem := make(chan struct{}, 1)
	return s.operator(func(w http.ResponseWriter, r *http.Request) {
		room := r.PathValue("room")
		if !bus.ValidRoom(room) || !s.hasRoom(room) {
			writeJSONError(w, http.StatusNotFound, "unknown room "+room)
			return
		}
		select {
		case sem <- struct{}{}:
			defer func() { <-sem }()
		case <-r.Context().Done():
			return
		}
		s.writeReport(r.Context(), w, room)
	})
}

// writeReport writes a report of room into a fresh directory and answers with
// its links, or with an error that says why there is none.
func (s *Server) writeReport(ctx context.Context, w http.ResponseWriter, room string) {
	stamp := time.Now().UTC().Format(reportStampTime) + "-" + newToken()[:16]
	dir := filepath.Join(reportRoot(), room, stamp)
	ctx, cancel := context.WithTimeout(ctx, reportTimeout)
	defer cancel()
	if err := report.Run(ctx, s.nc, report.Options{Room: room}, dir); err != nil {
		_ = os.RemoveAll(dir)
		code, msg := reportFailure(room, err)
		if code == http.StatusInternalServerError {
			s.log.Error("report not written", "room", room, "err", err)
		}
		writeJSONError(w, code, msg)
		return
	}
	pruneReports(filepath.Join(reportRoot(), room), reportsKept)
	base := "/reports/" + room + "/" + stamp + "/"
	links := reportLinks{HTML: base + report.HTMLFile, JSON: base + report.JSONFile}
	w.Header().Set("Location", links.HTML)
	writeJSON(w, http.StatusCreated, links)
}

// reportFailure is the status and message that answer a report that could not
// be written.
func reportFailure(room string, err error) (int, string) {
	switch {
	case errors.Is(err, report.ErrNoMessages):
		return http.StatusConflict, "nothing to report yet: the archive holds no events, " +
			"lines or cues of room " + room + "; try again once the show has run"
	case errors.Is(err, report.ErrNoArchive):
		return http.StatusServiceUnavailable, "no show archive: the report needs NATS " +
			"with JetStream, where zhubo serve keeps the archive"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout, "the report took too long to write; try again"
	}
	return http.StatusInternalServerError, "report not written: " + err.Error()
}

// pruneReports removes all but the newest keep report directories of a room.
func pruneReports(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var stamps []string
	for _, e := range entries {
		if e.IsDir() && validStamp(e.Name()) {
			stamps = append(stamps, e.Name())
		}
	}
	slices.Sort(stamps)
	for len(stamps) > keep {
		_ = os.RemoveAll(filepath.Join(dir, stamps[0]))
		stamps = stamps[1:]
	}
}

// validStamp reports whether name is a report directory's name as
// writeReport makes it: a UTC time and 16 hex digits, nothing that walks a path.
func validStamp(name string) bool {
	at, random, ok := strings.Cut(name, "-")
	if !ok || len(random) != 16 {
		return false
	}
	if _, err := time.Parse(reportStampTime, at); err != nil {
		return false
	}
	_, err := hex.DecodeString(random)
	return err == nil
}

// reportFiles answers GET /reports/{room}/{stamp}/{file}: the report.html or
// report.json of a report written by reportHandler. The stamp's random part
// makes a report's URL hard to guess, since a new tab cannot send the token.
func (s *Server) reportFiles() http.Handler {
	types := map[string]string{
		report.HTMLFile: "text/html; charset=utf-8",
		report.JSONFile: "application/json",
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		file := r.PathValue("file")
		ctype, known := types[file]
		if !known {
			writeJSONError(w, http.StatusNotFound, "no such report")
			return
		}
		f, st, err := openReport(r.PathValue("room"), r.PathValue("stamp"), file)
		if err != nil {
			writeJSONError(w, http.StatusNotFound, "no such report")
			return
		}
		defer f.Close()
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "private, max-age=3600")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "+
			"img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		http.ServeContent(w, r, file, st.ModTime(), f)
	})
}

// openReport opens one file of a report, refusing names that could leave the
// report directory and, through os.Root, links that lead out of it.
func openReport(room, stamp, file string) (*os.File, fs.FileInfo, error) {
	if !bus.ValidRoom(room) || !validStamp(stamp) {
		return nil, nil, fs.ErrNotExist
	}
	root, err := os.OpenRoot(reportRoot())
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	f, err := root.Open(path.Join(room, stamp, file))
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, fs.ErrNotExist
	}
	return f, st, nil
}
