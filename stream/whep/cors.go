package whep

import "net/http"

// CORS lets a viewer page served from another origin play: the WHEP client reads Location to
// find its session and sends an Authorization header when the room has a token.
const (
	allowMethods  = "POST, PATCH, DELETE, OPTIONS"
	allowHeaders  = "Content-Type, Authorization, If-Match"
	exposeHeaders = "Location, ETag, Accept-Patch, Accept-Post, Link"
)

// withCORS adds the CORS response headers to every answer of next.
func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", allowMethods)
		h.Set("Access-Control-Allow-Headers", allowHeaders)
		h.Set("Access-Control-Expose-Headers", exposeHeaders)
		next.ServeHTTP(w, r)
	})
}

// options answers a CORS preflight and tells a WHEP client what the endpoint accepts.
func options(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Max-Age", "86400")
	if r.PathValue("session") == "" {
		h.Set("Accept-Post", sdpType)
	} else {
		h.Set("Accept-Patch", trickleType)
	}
	w.WriteHeader(http.StatusNoContent)
}
