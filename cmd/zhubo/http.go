package main

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"slices"

	"github.com/zhubo-live/zhubo/assets"
	"github.com/zhubo-live/zhubo/stream/whep"
)

// routes is the HTTP surface of DESIGN.md.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	web, _ := fs.Sub(assets.Web, "web")
	mux.Handle("GET /web/", http.StripPrefix("/web/", http.FileServerFS(web)))
	mux.HandleFunc("GET /{$}", s.viewerPage(web))
	mux.HandleFunc("GET /rooms/{room}", s.viewerPage(web))
	mux.HandleFunc("GET /healthz", s.healthz)
	wh := whep.NewHandler(whep.Config{Relay: s.relay, Logger: s.log,
		ICEServers: s.iceServers, Tokens: s.whepTokens()})
	mux.Handle("/whep/", wh)
	mux.Handle("POST /whep/{room}", s.whepOwner(wh))
	mux.Handle("/api/rooms/{room}/events", s.events.HTTPHandler())
	mux.HandleFunc("GET /api/rooms", s.operator(s.listRooms))
	mux.HandleFunc("POST /api/rooms", s.operator(s.createRoom))
	mux.HandleFunc("DELETE /api/rooms/{room}", s.operator(s.deleteRoom))
	mux.Handle("GET /api/rooms/{room}/live", s.feed)
	mux.Handle("POST /api/rooms/{room}/report", s.reportHandler())
	mux.Handle("GET /reports/{room}/{stamp}/{file}", s.reportFiles())
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.HandleFunc("GET /console", s.consolePage(web))
	mux.HandleFunc("GET /console/{room}", s.consolePage(web))
	mux.Handle("GET /ws/console/{room}", s.console)
	return mux
}

// whepOwner sends a viewer of a room that another process owns to that process
// with 307 Temporary Redirect, which clients follow with the same method and
// offer; a room running here, or nowhere, is next's to answer.
func (s *Server) whepOwner(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("room")
		if _, here := s.relay.Room(name); !here {
			if base, ok := s.ownerURL(r.Context(), name); ok {
				h := w.Header()
				h.Set("Access-Control-Allow-Origin", "*")
				h.Set("Access-Control-Expose-Headers", "Location")
				to := base + "/whep/" + url.PathEscape(name)
				http.Redirect(w, r, to, http.StatusTemporaryRedirect)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// viewerPage serves the viewer page of a known room ("/" is the first room).
func (s *Server) viewerPage(web fs.FS) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("room")
		if name != "" && !slices.Contains(s.Rooms(), name) {
			writeJSONError(w, http.StatusNotFound, "unknown room "+name)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, web, "viewer.html")
	}
}

// consolePage serves the operator and moderator console of a known room.
func (s *Server) consolePage(web fs.FS) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("room")
		if name != "" && !slices.Contains(s.Rooms(), name) {
			writeJSONError(w, http.StatusNotFound, "unknown room "+name)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, web, "console.html")
	}
}

type healthRoom struct {
	Name     string  `json:"name"`
	Show     string  `json:"show"`
	Viewers  int     `json:"viewers"`
	Speaking bool    `json:"speaking"`
	FPS      float64 `json:"fps"`
}

type health struct {
	Status string       `json:"status"`
	Rooms  []healthRoom `json:"rooms"`
	NATS   string       `json:"nats"`
	TTS    string       `json:"tts"`
	LLM    string       `json:"llm"`
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	h := health{Status: "ok", NATS: s.nc.Status().String(), TTS: s.cfg.TTS.Engine, LLM: "template"}
	if s.cfg.LLM.BaseURL != "" {
		h.LLM = s.cfg.LLM.Model
	}
	for _, r := range s.liveRooms() {
		st := r.presenter.Stats()
		h.Rooms = append(h.Rooms, healthRoom{
			Name: r.name, Show: r.show.Title, Viewers: r.relay.Viewers(),
			Speaking: st.Speaking, FPS: st.FPS,
		})
	}
	code := http.StatusOK
	if !s.nc.IsConnected() {
		h.Status, code = "degraded", http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(h)
}

func writeJSONError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// whepTokens maps each configured room that requires one to its viewers' token.
func (s *Server) whepTokens() map[string]string {
	tokens := map[string]string{}
	for _, r := range s.cfg.Rooms {
		if r.WHEPToken != "" {
			tokens[r.Name] = r.WHEPToken
		}
	}
	return tokens
}
