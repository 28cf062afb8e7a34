// Package fakellm is an OpenAI-compatible chat completions server for tests
// and offline evaluation. It speaks the real streaming protocol (server-sent
// events of chat.completion.chunk objects ending in "data: [DONE]"), so a
// client pointed at it runs the same code as against a real endpoint, and
// each reply is scripted: text, delays, HTTP errors, garbage, a cut
// connection.
package fakellm

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	openai "github.com/sashabaranov/go-openai"
)

// Script decides the reply to one request; n counts requests from 0.
type Script func(n int, req openai.ChatCompletionRequest) Reply

// Server is a running fake endpoint. Close it when done.
type Server struct {
	ts *httptest.Server

	mu       sync.Mutex // guards script and requests
	script   Script
	requests []openai.ChatCompletionRequest
}

// New starts a server on a loopback port that answers with script.
func New(script Script) *Server {
	s := &Server{script: script}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.serveChat)
	s.ts = httptest.NewServer(mux)
	return s
}

// URL is the API root to configure as the client's base URL.
func (s *Server) URL() string { return s.ts.URL + "/v1" }

// Close stops the server, cutting streams in progress.
func (s *Server) Close() {
	s.ts.CloseClientConnections()
	s.ts.Close()
}

// SetScript replaces the script for the requests that follow.
func (s *Server) SetScript(script Script) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = script
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []openai.ChatCompletionRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]openai.ChatCompletionRequest(nil), s.requests...)
}

func (s *Server) serveChat(w http.ResponseWriter, r *http.Request) {
	var req openai.ChatCompletionRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return
	}
	if req.Model == "" || len(req.Messages) == 0 {
		writeError(w, http.StatusBadRequest, "model and messages are required")
		return
	}
	if !strings.Contains(r.Header.Get("Accept"), "text/event-stream") || !req.Stream {
		writeError(w, http.StatusBadRequest, "this fake only streams: set stream=true")
		return
	}
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, req)
	script := s.script
	s.mu.Unlock()

	reply := script(n, req)
	if reply.Status != 0 && reply.Status != http.StatusOK {
		writeError(w, reply.Status, errorMessage(reply.Status))
		return
	}
	reply.stream(w, r, req)
}

// writeError answers as the OpenAI API does: {"error":{...}}.
func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"error": map[string]any{
		"message": msg, "type": "server_error", "code": nil,
	}}
	_ = json.NewEncoder(w).Encode(body)
}

func errorMessage(status int) string {
	return "fake error: " + http.StatusText(status)
}
