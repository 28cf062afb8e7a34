package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/zhubo-live/zhubo/configs"
)

// maxRoomBody caps the body of POST /api/rooms.
const maxRoomBody = 4 << 10

// newRoom is the body of POST /api/rooms.
type newRoom struct {
	Name string `json:"name"`
	Show string `json:"show"`
	Seed int64  `json:"seed"`
}

// operator lets a request through when it carries the operator token in
// Authorization: Bearer, compared in constant time.
func (s *Server) operator(next http.HandlerFunc) http.HandlerFunc {
	want := sha256.Sum256([]byte(s.cfg.Console.Token))
	return func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		sum := sha256.Sum256([]byte(got))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="zhubo"`)
			writeJSONError(w, http.StatusUnauthorized, "operator token required")
			return
		}
		next(w, r)
	}
}

// listRooms answers GET /api/rooms: every room of this process with its status.
func (s *Server) listRooms(w http.ResponseWriter, _ *http.Request) {
	out := []roomInfo{}
	for _, e := range s.entries() {
		out = append(out, e.info())
	}
	writeJSON(w, http.StatusOK, out)
}

// createRoom answers POST /api/rooms: it starts a room, or puts it on standby
// when another process owns it.
func (s *Server) createRoom(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRoomBody))
	if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
		writeJSONError(w, http.StatusRequestEntityTooLarge, "body over 4 KiB")
		return
	}
	var nr newRoom
	if err == nil {
		err = json.Unmarshal(body, &nr)
	}
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, "body must be {\"name\",\"show\",\"seed\"}")
		return
	}
	if !configs.ValidRoomName(nr.Name) {
		writeJSONError(w, http.StatusBadRequest, "bad room name: use a-z, 0-9, '-' and '_'")
		return
	}
	if s.hasRoom(nr.Name) {
		writeJSONError(w, http.StatusConflict, "room "+nr.Name+" exists")
		return
	}
	if _, err := loadShow(nr.Show); err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	err = s.addRoom(configs.Room{Name: nr.Name, Show: nr.Show, Seed: nr.Seed})
	switch {
	case errors.Is(err, errRoomExists):
		writeJSONError(w, http.StatusConflict, "room "+nr.Name+" exists")
	case errors.Is(err, errClosing):
		writeJSONError(w, http.StatusServiceUnavailable, err.Error())
	case err != nil:
		s.log.Error("room not started", "room", nr.Name, "err", err)
		writeJSONError(w, http.StatusInternalServerError, "room not started: "+err.Error())
	default:
		s.log.Info("room added", "room", nr.Name, "show", nr.Show)
		w.Header().Set("Location", "/rooms/"+nr.Name)
		writeJSON(w, http.StatusCreated, s.roomInfo(nr.Name))
	}
}

// deleteRoom answers DELETE /api/rooms/{room}: it stops the room here and
// releases it, so another process that serves it may take it.
func (s *Server) deleteRoom(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("room")
	if err := s.removeRoom(name); err != nil {
		writeJSONError(w, http.StatusNotFound, "unknown room "+name)
		return
	}
	s.log.Info("room removed", "room", name)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) roomInfo(name string) roomInfo {
	for _, e := range s.entries() {
		if e.cfg.Name == name {
			return e.info()
		}
	}
	return roomInfo{Name: name}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
