package whep

import (
	"encoding/json"
	"errors"
	"net/http"
)

var (
	// ErrUnknownRoom answers a request for a room the relay does not hold.
	ErrUnknownRoom = errors.New("unknown room")
	// ErrNotSDP answers an offer whose body is not an SDP session description.
	ErrNotSDP = errors.New("body is not an SDP offer")
	// ErrUnauthorized answers a request without the room's bearer token.
	ErrUnauthorized = errors.New("missing or wrong bearer token")
)

// errorBody is the JSON body of every error response.
type errorBody struct {
	Error string `json:"error"`
}

// writeError answers with status and {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorBody{Error: msg})
}
