package relay

import (
	"fmt"
	"strings"

	"github.com/pion/stun/v4"
	"github.com/pion/webrtc/v4"
)

// ParseICEServers turns configuration strings into STUN and TURN servers: "stun:host:3478",
// "turn:user:pass@host:3478", "turns:user:pass@host:5349?transport=tcp". Credentials go into
// the server's Username and Credential, out of its URL (RFC 7064, RFC 7065).
func ParseICEServers(specs []string) ([]webrtc.ICEServer, error) {
	servers := make([]webrtc.ICEServer, 0, len(specs))
	for _, spec := range specs {
		s, err := parseICEServer(strings.TrimSpace(spec))
		if err != nil {
			return nil, err
		}
		servers = append(servers, s)
	}
	return servers, nil
}

func parseICEServer(spec string) (webrtc.ICEServer, error) {
	scheme, rest, ok := strings.Cut(spec, ":")
	scheme = strings.ToLower(scheme)
	if !ok || rest == "" {
		return webrtc.ICEServer{}, fmt.Errorf("ice server %q: %w", spec, ErrBadICEServer)
	}
	switch scheme {
	case "stun", "stuns":
		if strings.Contains(rest, "@") {
			return webrtc.ICEServer{}, fmt.Errorf("ice server %q: %w: stun takes no credentials",
				spec, ErrBadICEServer)
		}
		return checkedICEServer(spec, webrtc.ICEServer{URLs: []string{scheme + ":" + rest}})
	case "turn", "turns":
	default:
		return webrtc.ICEServer{}, fmt.Errorf("ice server %q: %w: scheme must be stun, stuns, "+
			"turn or turns", spec, ErrBadICEServer)
	}
	userinfo, hostport, found := strings.Cut(rest, "@")
	if !found {
		return webrtc.ICEServer{}, fmt.Errorf("ice server %q: %w: turn needs user:pass@",
			spec, ErrBadICEServer)
	}
	user, pass, _ := strings.Cut(userinfo, ":")
	if user == "" || hostport == "" {
		return webrtc.ICEServer{}, fmt.Errorf("ice server %q: %w: empty user or host",
			spec, ErrBadICEServer)
	}
	s := webrtc.ICEServer{
		URLs: []string{scheme + ":" + hostport}, Username: user, Credential: pass,
		CredentialType: webrtc.ICECredentialTypePassword,
	}
	return checkedICEServer(spec, s)
}

// checkedICEServer returns s if its URL parses as a STUN or TURN URI.
func checkedICEServer(spec string, s webrtc.ICEServer) (webrtc.ICEServer, error) {
	if _, err := stun.ParseURI(s.URLs[0]); err != nil {
		return webrtc.ICEServer{}, fmt.Errorf("ice server %q: %w: %w", spec, ErrBadICEServer, err)
	}
	return s, nil
}
