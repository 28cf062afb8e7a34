package console

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
)

// tokens holds the digests of the console tokens. Comparing fixed-size
// digests in constant time reveals neither a token's bytes nor its length.
type tokens struct {
	operator, moderator [sha256.Size]byte
	hasModerator        bool
}

func newTokens(operator, moderator string) tokens {
	return tokens{
		operator:     sha256.Sum256([]byte(operator)),
		moderator:    sha256.Sum256([]byte(moderator)),
		hasModerator: moderator != "",
	}
}

// role returns the role the presented token grants, or "" for none.
// Both tokens are always compared so the time taken does not tell which matched.
func (t tokens) role(presented string) Role {
	if presented == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(presented))
	op := subtle.ConstantTimeCompare(sum[:], t.operator[:])
	mod := subtle.ConstantTimeCompare(sum[:], t.moderator[:])
	switch {
	case op == 1:
		return RoleOperator
	case mod == 1 && t.hasModerator:
		return RoleModerator
	}
	return ""
}

// presentedToken reads the token from "Authorization: Bearer …" or, for
// browsers, which cannot set headers on a websocket, from ?token=.
func presentedToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(tok)
		}
		return ""
	}
	return r.URL.Query().Get("token")
}

// originAllowed reports whether a websocket may be opened from the page at the
// request's Origin: the server's own origin, or one the Config allows. A client
// that sends no Origin is not a browser and cannot be the victim of a
// cross-site request, so only its token is checked.
func originAllowed(r *http.Request, allowed []string) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	for _, a := range allowed {
		if strings.EqualFold(strings.TrimRight(a, "/"), origin) {
			return true
		}
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Scheme, requestScheme(r)) && strings.EqualFold(u.Host, r.Host)
}

// requestScheme is the scheme the browser used to reach this server, allowing
// for a TLS-terminating proxy in front of it.
func requestScheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		return p
	}
	return "http"
}
