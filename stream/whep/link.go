package whep

import (
	"strconv"

	"github.com/pion/webrtc/v4"
)

// iceServerLinks returns one Link header value per ICE server URL, as WHEP §4.4 and the
// WHIP RFC 9725 §4.6 write them: rel="ice-server", with username and credential for TURN.
func iceServerLinks(servers []webrtc.ICEServer) []string {
	var links []string
	for _, s := range servers {
		cred, _ := s.Credential.(string)
		for _, u := range s.URLs {
			l := "<" + u + `>; rel="ice-server"`
			if s.Username != "" {
				l += "; username=" + strconv.Quote(s.Username) +
					"; credential=" + strconv.Quote(cred) + `; credential-type="password"`
			}
			links = append(links, l)
		}
	}
	return links
}
