// Package configs holds zhubo's configuration: the Config type with its
// defaults, the loader (defaults → YAML → ZHUBO_* environment → Validate), and
// the shipped data files (shows, phrase library, intent lexicon) embedded so the
// binary runs from any directory.
package configs

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Config is the whole configuration of a zhubo process.
type Config struct {
	HTTP    HTTP    `yaml:"http"`
	NATS    NATS    `yaml:"nats"`
	Cluster Cluster `yaml:"cluster"`
	Rooms   []Room  `yaml:"rooms"`
	LLM     LLM     `yaml:"llm"`
	TTS     TTS     `yaml:"tts"`
	Video   Video   `yaml:"video"`
	Audio   Audio   `yaml:"audio"`
	WebRTC  WebRTC  `yaml:"webrtc"`
	Console Console `yaml:"console"`
	Log     Log     `yaml:"log"`
}

// HTTP configures the web server: viewer pages, WHEP, console, ingest, metrics.
type HTTP struct {
	Listen string `yaml:"listen"`
	// AllowedOrigins may open the console websocket besides the server's own origin.
	AllowedOrigins []string `yaml:"allowed_origins"`
}

// NATS selects the bus: an existing server or cluster, or the embedded one.
type NATS struct {
	// URL of an existing server or cluster; empty starts the embedded server.
	URL string `yaml:"url"`
	// Listen is the embedded server's address; port 0 picks a free one.
	Listen string `yaml:"listen"`
	// StoreDir holds the embedded server's JetStream data; empty = a temp dir.
	StoreDir string `yaml:"store_dir"`
}

// Cluster configures how processes on one NATS share rooms: each room is owned
// by one process at a time through a lease in JetStream.
type Cluster struct {
	// AdvertiseURL is this process's web server as other processes' viewers reach
	// it, e.g. http://zhubo-2.internal:8080; empty derives it from http.listen.
	AdvertiseURL string `yaml:"advertise_url"`
	// LeaseTTL is how long a room's lease outlives its owner's last renewal: another
	// process takes the room within about LeaseTTL plus a second of its owner's death.
	LeaseTTL time.Duration `yaml:"lease_ttl"`
}

// Room is one live room and the show it runs.
type Room struct {
	Name string `yaml:"name"`
	// Show is a show file; a bare name such as "demo" is a shipped show.
	Show string `yaml:"show"`
	Seed int64  `yaml:"seed"`
	// WHIPURL, when set, pushes the room's stream to an external WHIP endpoint
	// (an SFU or CDN ingest); WHIPToken is its bearer token.
	WHIPURL   string `yaml:"whip_url"`
	WHIPToken string `yaml:"whip_token"`
	// WHEPToken, when set, is the bearer token viewers must present to watch.
	WHEPToken string `yaml:"whep_token"`
}

// LLM configures the optional OpenAI-compatible personalizer.
type LLM struct {
	BaseURL string `yaml:"base_url"`
	Model   string `yaml:"model"`
	APIKey  string `yaml:"api_key"`
}

// TTS configures speech synthesis.
type TTS struct {
	// Engine is "espeak" (espeak-ng) or "openai" (an OpenAI-compatible speech API).
	Engine string `yaml:"engine"`
	// Binary is the espeak-ng program.
	Binary string `yaml:"binary"`
	// BaseURL, Model, Voice and APIKey configure the "openai" engine.
	BaseURL string `yaml:"base_url"`
	Model   string `yaml:"model"`
	Voice   string `yaml:"voice"`
	APIKey  string `yaml:"api_key"`
}

// Video configures the rendered and encoded picture.
type Video struct {
	Width       int `yaml:"width"`
	Height      int `yaml:"height"`
	FPS         int `yaml:"fps"`
	BitrateKbps int `yaml:"bitrate_kbps"`
}

// Audio configures the encoded voice.
type Audio struct {
	BitrateKbps int `yaml:"bitrate_kbps"`
}

// WebRTC configures the viewers' peer connections.
type WebRTC struct {
	// UDPPort, when set, carries every peer's ICE on one UDP port.
	UDPPort int `yaml:"udp_port"`
	// TCPPort, when set, offers ICE over TCP on that port for viewers whose
	// networks block UDP.
	TCPPort    int      `yaml:"tcp_port"`
	NAT1To1IPs []string `yaml:"nat_1to1_ips"`
	ICEServers []string `yaml:"ice_servers"`
	MaxViewers int      `yaml:"max_viewers_per_room"`
	// MaxViewersTotal caps the viewers of all rooms of the process; 0 means no cap.
	MaxViewersTotal int  `yaml:"max_viewers"`
	IncludeLoopback bool `yaml:"include_loopback"`
	// ConnectTimeout drops a viewer that has not connected this long after its offer.
	ConnectTimeout time.Duration `yaml:"connect_timeout"`
}

// Console holds the console tokens; empty ones are generated at start.
type Console struct {
	Token          string `yaml:"token"`
	ModeratorToken string `yaml:"moderator_token"`
}

// Log configures structured logging.
type Log struct {
	Format string `yaml:"format"`
	Level  string `yaml:"level"`
}

// Default is the configuration of `zhubo serve` with no flags and no file.
func Default() Config {
	return Config{
		HTTP:    HTTP{Listen: ":8080"},
		NATS:    NATS{Listen: "127.0.0.1:4222"},
		Cluster: Cluster{LeaseTTL: 3 * time.Second},
		Rooms:   []Room{{Name: "demo", Show: "demo", Seed: 1}},
		TTS:     TTS{Engine: "espeak", Binary: "espeak-ng"},
		Video:   Video{Width: 540, Height: 960, FPS: 25, BitrateKbps: 1200},
		Audio:   Audio{BitrateKbps: 48},
		WebRTC:  WebRTC{ConnectTimeout: 30 * time.Second},
		Log:     Log{Format: "text", Level: "info"},
	}
}

// Validate reports the first setting that cannot work, naming its key.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.HTTP.Listen); err != nil {
		return fmt.Errorf("http.listen %q: %w", c.HTTP.Listen, err)
	}
	if c.NATS.URL == "" {
		if _, _, err := net.SplitHostPort(c.NATS.Listen); err != nil {
			return fmt.Errorf("nats.listen %q: %w", c.NATS.Listen, err)
		}
	}
	if err := c.Cluster.validate(); err != nil {
		return err
	}
	if c.WebRTC.ConnectTimeout <= 0 {
		return fmt.Errorf("webrtc.connect_timeout %v: %w", c.WebRTC.ConnectTimeout, ErrBadDuration)
	}
	if len(c.Rooms) == 0 {
		return fmt.Errorf("rooms: %w", ErrNoRooms)
	}
	seen := map[string]bool{}
	for i, r := range c.Rooms {
		if !ValidRoomName(r.Name) {
			return fmt.Errorf("rooms[%d].name %q: %w", i, r.Name, ErrBadRoomName)
		}
		if seen[r.Name] {
			return fmt.Errorf("rooms[%d].name %q: %w", i, r.Name, ErrDuplicateRoom)
		}
		seen[r.Name] = true
	}
	if c.Video.Width%2 != 0 || c.Video.Height%2 != 0 || c.Video.Width <= 0 || c.Video.Height <= 0 {
		return fmt.Errorf("video: %dx%d: %w", c.Video.Width, c.Video.Height, ErrBadVideoSize)
	}
	if c.Video.FPS < 1 || c.Video.FPS > 60 {
		return fmt.Errorf("video.fps %d: %w", c.Video.FPS, ErrBadFPS)
	}
	switch c.TTS.Engine {
	case "espeak", "openai":
	default:
		return fmt.Errorf("tts.engine %q: %w", c.TTS.Engine, ErrBadTTSEngine)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return fmt.Errorf("log.format %q: %w", c.Log.Format, ErrBadLogFormat)
	}
	return nil
}

// ValidRoomName reports whether name can be a room: it appears in NATS subjects
// and URL paths, so only lower-case letters, digits, '-' and '_' are allowed.
func ValidRoomName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	return strings.IndexFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) < 0
}

func (c *Cluster) validate() error {
	if c.LeaseTTL < time.Second {
		return fmt.Errorf("cluster.lease_ttl %v: %w", c.LeaseTTL, ErrBadLeaseTTL)
	}
	if c.AdvertiseURL == "" {
		return nil
	}
	u, err := url.Parse(c.AdvertiseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("cluster.advertise_url %q: %w", c.AdvertiseURL, ErrBadAdvertiseURL)
	}
	return nil
}

// AdvertisedURL is the base URL other processes send this process's viewers to:
// cluster.advertise_url, or one made from http.listen (an empty host is this
// machine's name).
func (c *Config) AdvertisedURL(hostname string) string {
	if c.Cluster.AdvertiseURL != "" {
		return strings.TrimRight(c.Cluster.AdvertiseURL, "/")
	}
	host, port, err := net.SplitHostPort(c.HTTP.Listen)
	if err != nil {
		return ""
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = hostname
	}
	return "http://" + net.JoinHostPort(host, port)
}
