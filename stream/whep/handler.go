// Package whep serves a relay's rooms over WHEP (draft-ietf-wish-whep), the HTTP signalling
// that lets a browser or any WHEP player start a WebRTC session with one POST.
package whep

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/pion/sdp/v3"
	"github.com/pion/webrtc/v4"

	"github.com/zhubo-live/zhubo/stream/relay"
)

const (
	sdpType     = "application/sdp"
	trickleType = "application/trickle-ice-sdpfrag"
	// maxBodyBytes caps an offer or a trickle fragment; a browser's offer is a few KiB.
	maxBodyBytes = 64 << 10
	// retryAfterSeconds is what a client of a full room is told to wait.
	retryAfterSeconds = "10"
)

// Config sets up the WHEP handler.
type Config struct {
	// Relay holds the rooms that can be watched.
	Relay *relay.Relay
	// Tokens maps a room to the bearer token its viewers must send; rooms not listed are open.
	Tokens map[string]string
	// Logger receives session logs; nil uses slog.Default.
	Logger *slog.Logger
	// ICEServers are advertised to clients in Link headers (WHEP §4.4), so a player behind a
	// NAT can use the same STUN and TURN servers as the relay.
	ICEServers []webrtc.ICEServer
}

// handler serves the WHEP endpoints of the rooms in a relay.
type handler struct {
	relay  *relay.Relay
	tokens map[string]string
	log    *slog.Logger
	links  []string // Link header values for the ICE servers
}

// NewHandler returns the handler of /whep/{room} (POST an offer: start a session) and
// /whep/{room}/{session} (PATCH trickle candidates, DELETE: end the session), with CORS.
func NewHandler(cfg Config) http.Handler {
	h := &handler{relay: cfg.Relay, tokens: cfg.Tokens, log: cfg.Logger,
		links: iceServerLinks(cfg.ICEServers)}
	if h.log == nil {
		h.log = slog.Default()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /whep/{room}", h.post)
	mux.HandleFunc("OPTIONS /whep/{room}", options)
	mux.HandleFunc("/whep/{room}", notAllowed("POST, OPTIONS"))
	mux.HandleFunc("PATCH /whep/{room}/{session}", h.patch)
	mux.HandleFunc("DELETE /whep/{room}/{session}", h.delete)
	mux.HandleFunc("OPTIONS /whep/{room}/{session}", options)
	mux.HandleFunc("/whep/{room}/{session}", notAllowed("PATCH, DELETE, OPTIONS"))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no WHEP endpoint at "+r.URL.Path)
	})
	return withCORS(mux)
}

func notAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, r.Method+" not allowed; use "+allow)
	}
}

// post starts a viewer's session from its SDP offer (WHEP §4.1).
func (h *handler) post(w http.ResponseWriter, r *http.Request) {
	room, ok := h.room(w, r)
	if !ok {
		return
	}
	body, ok := readBody(w, r, sdpType)
	if !ok {
		return
	}
	if err := checkOffer(body); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}

	answer, id, err := room.AddViewer(r.Context(), string(body))
	if err != nil {
		h.addViewerFailed(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", sdpType)
	hdr.Set("Location", sessionPath(room.Name(), id))
	hdr.Set("ETag", etag(id))
	hdr.Set("Accept-Patch", trickleType)
	for _, l := range h.links {
		hdr.Add("Link", l)
	}
	w.WriteHeader(http.StatusCreated)
	_, _ = io.WriteString(w, answer)
}

func (h *handler) addViewerFailed(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, relay.ErrRoomFull), errors.Is(err, relay.ErrServerFull):
		w.Header().Set("Retry-After", retryAfterSeconds)
		writeError(w, http.StatusServiceUnavailable, err.Error()+"; try again later")
	case errors.Is(err, relay.ErrBadOffer):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, relay.ErrRoomClosed):
		writeError(w, http.StatusNotFound, fmt.Sprintf("room %q has ended", r.PathValue("room")))
	default:
		h.log.Error("whep: add viewer", "room", r.PathValue("room"), "err", err)
		writeError(w, http.StatusInternalServerError, "cannot start the session: "+err.Error())
	}
}

// patch applies trickled ICE candidates to a session (WHEP §4.3, RFC 8840 fragments).
func (h *handler) patch(w http.ResponseWriter, r *http.Request) {
	room, ok := h.room(w, r)
	if !ok {
		return
	}
	id := r.PathValue("session")
	if m := r.Header.Get("If-Match"); m != "" && m != "*" && m != etag(id) {
		writeError(w, http.StatusPreconditionFailed, "If-Match does not match the session's ETag")
		return
	}
	body, ok := readBody(w, r, trickleType)
	if !ok {
		return
	}
	err := room.AddICECandidates(id, string(body))
	switch {
	case err == nil:
		w.WriteHeader(http.StatusNoContent)
	case errors.Is(err, relay.ErrUnknownViewer), errors.Is(err, relay.ErrRoomClosed):
		writeError(w, http.StatusNotFound, "unknown session "+id)
	case errors.Is(err, relay.ErrICERestart):
		// RFC 9725 §4.3.2: trickle without ICE restarts answers a restart with 422.
		writeError(w, http.StatusUnprocessableEntity, err.Error()+"; start a new session")
	default:
		writeError(w, http.StatusBadRequest, err.Error())
	}
}

// delete ends a session (WHEP §4.2).
func (h *handler) delete(w http.ResponseWriter, r *http.Request) {
	room, ok := h.room(w, r)
	if !ok {
		return
	}
	id := r.PathValue("session")
	if err := room.RemoveViewer(id); err != nil {
		writeError(w, http.StatusNotFound, "unknown session "+id)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// room finds the request's room and checks its token, answering the request if either fails.
func (h *handler) room(w http.ResponseWriter, r *http.Request) (*relay.Room, bool) {
	name := r.PathValue("room")
	room, ok := h.relay.Room(name)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("%v %q", ErrUnknownRoom, name))
		return nil, false
	}
	want, guarded := h.tokens[name]
	if !guarded || want == "" {
		return room, true
	}
	got, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !found || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="zhubo"`)
		writeError(w, http.StatusUnauthorized, ErrUnauthorized.Error())
		return nil, false
	}
	return room, true
}

// readBody checks the request's content type and reads its body, at most maxBodyBytes,
// answering the request if either fails.
func readBody(w http.ResponseWriter, r *http.Request, contentType string) ([]byte, bool) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != contentType {
		writeError(w, http.StatusUnsupportedMediaType, "Content-Type must be "+contentType)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
			msg := fmt.Sprintf("body over %d KiB", maxBodyBytes>>10)
			writeError(w, http.StatusRequestEntityTooLarge, msg)
			return nil, false
		}
		writeError(w, http.StatusBadRequest, "read body: "+err.Error())
		return nil, false
	}
	return body, true
}

// checkOffer tells an SDP offer from anything else before the relay spends a PeerConnection
// on it.
func checkOffer(body []byte) error {
	if !strings.HasPrefix(strings.TrimLeft(string(body), " \r\n\t"), "v=0") {
		return fmt.Errorf("%w: it must start with v=0", ErrNotSDP)
	}
	var desc sdp.SessionDescription
	if err := desc.UnmarshalString(string(body)); err != nil {
		return fmt.Errorf("%w: %w", ErrNotSDP, err)
	}
	if len(desc.MediaDescriptions) == 0 {
		return fmt.Errorf("%w: it has no media sections", ErrNotSDP)
	}
	return nil
}

// sessionPath is the Location of a session, relative to the server's root.
func sessionPath(room, id string) string {
	return "/whep/" + url.PathEscape(room) + "/" + url.PathEscape(id)
}

func etag(id string) string { return `"` + id + `"` }
