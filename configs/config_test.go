package configs

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSampleConfigEqualsDefaults(t *testing.T) {
	data, err := os.ReadFile("zhubo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var got Config
	if err := Parse(data, &got); err != nil {
		t.Fatal(err)
	}
	want := Default()
	// Empty YAML lists decode as empty, not nil, slices.
	got.HTTP.AllowedOrigins, got.WebRTC.NAT1To1IPs, got.WebRTC.ICEServers = nil, nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("configs/zhubo.yaml differs from Default():\n got %+v\nwant %+v", got, want)
	}
}

func TestUnknownKeyNamesItsPath(t *testing.T) {
	tests := []struct {
		yaml, want string
	}{
		{"http:\n  listn: ':1'\n", "http.listn"},
		{"rooms:\n  - name: a\n    shw: x\n", "rooms[0].shw"},
		{"nope: 1\n", "nope"},
	}
	for _, tt := range tests {
		cfg := Default()
		err := Parse([]byte(tt.yaml), &cfg)
		if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want unknown key %s", tt.yaml, err, tt.want)
		}
	}
}

func TestEnvOverrides(t *testing.T) {
	env := map[string]string{
		"ZHUBO_LLM_BASE_URL":      "http://127.0.0.1:9/v1",
		"ZHUBO_VIDEO_FPS":         "30",
		"ZHUBO_CONSOLE_TOKEN":     "op",
		"ZHUBO_MODERATOR_TOKEN":   "mod",
		"ZHUBO_CLUSTER_LEASE_TTL": "5s",
	}
	cfg := Default()
	err := ApplyEnv(&cfg, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.LLM.BaseURL != env["ZHUBO_LLM_BASE_URL"] || cfg.Video.FPS != 30 ||
		cfg.Console.Token != "op" || cfg.Console.ModeratorToken != "mod" ||
		cfg.Cluster.LeaseTTL != 5*time.Second {
		t.Errorf("env not applied: %+v", cfg)
	}
	bad := func(k string) (string, bool) { return "x", k == "ZHUBO_VIDEO_FPS" }
	if err := ApplyEnv(&cfg, bad); !errors.Is(err, ErrBadEnv) {
		t.Errorf("ZHUBO_VIDEO_FPS=x: got %v, want ErrBadEnv", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		want   error
	}{
		{"default", func(*Config) {}, nil},
		{"room name", func(c *Config) { c.Rooms[0].Name = "a.b" }, ErrBadRoomName},
		{"no rooms", func(c *Config) { c.Rooms = nil }, ErrNoRooms},
		{"dup room", func(c *Config) { c.Rooms = append(c.Rooms, c.Rooms[0]) }, ErrDuplicateRoom},
		{"odd size", func(c *Config) { c.Video.Width = 541 }, ErrBadVideoSize},
		{"fps", func(c *Config) { c.Video.FPS = 0 }, ErrBadFPS},
		{"log", func(c *Config) { c.Log.Format = "xml" }, ErrBadLogFormat},
		{"lease ttl", func(c *Config) { c.Cluster.LeaseTTL = 0 }, ErrBadLeaseTTL},
		{"advertise", func(c *Config) { c.Cluster.AdvertiseURL = "ftp://x" }, ErrBadAdvertiseURL},
		{"connect timeout", func(c *Config) { c.WebRTC.ConnectTimeout = -1 }, ErrBadDuration},
	}
	for _, tt := range tests {
		cfg := Default()
		tt.mutate(&cfg)
		if err := cfg.Validate(); !errors.Is(err, tt.want) {
			t.Errorf("%s: Validate() = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestAdvertisedURL(t *testing.T) {
	tests := []struct {
		listen, advertise, want string
	}{
		{":8080", "", "http://host-1:8080"},
		{"127.0.0.1:9000", "", "http://127.0.0.1:9000"},
		{"[::]:8080", "", "http://host-1:8080"},
		{":8080", "https://zhubo.example/", "https://zhubo.example"},
	}
	for _, tt := range tests {
		cfg := Default()
		cfg.HTTP.Listen, cfg.Cluster.AdvertiseURL = tt.listen, tt.advertise
		if got := cfg.AdvertisedURL("host-1"); got != tt.want {
			t.Errorf("AdvertisedURL(listen %q, advertise %q) = %q, want %q",
				tt.listen, tt.advertise, got, tt.want)
		}
	}
}
