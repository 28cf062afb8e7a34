package show

import (
	"strings"
	"testing"
	"time"
)

func TestScheduleSeasonAt(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name       string
		sc         Schedule
		at         time.Time
		wantSeason string
	}{
		{"north december", Schedule{}, time.Date(2026, 12, 3, 20, 0, 0, 0, cst), SeasonWinter},
		{"north july", Schedule{}, time.Date(2026, 7, 15, 20, 0, 0, 0, cst), SeasonSummer},
		{"north april", Schedule{Hemisphere: HemisphereNorth},
			time.Date(2026, 4, 1, 9, 0, 0, 0, cst), SeasonSpring},
		{"north october", Schedule{}, time.Date(2026, 10, 1, 9, 0, 0, 0, cst), SeasonAutumn},
		{"south july", Schedule{Hemisphere: HemisphereSouth},
			time.Date(2026, 7, 15, 20, 0, 0, 0, cst), SeasonWinter},
		{"south january", Schedule{Hemisphere: HemisphereSouth},
			time.Date(2026, 1, 15, 20, 0, 0, 0, cst), SeasonSummer},
		{"south april", Schedule{Hemisphere: HemisphereSouth},
			time.Date(2026, 4, 15, 20, 0, 0, 0, cst), SeasonAutumn},
		{"south october", Schedule{Hemisphere: HemisphereSouth},
			time.Date(2026, 10, 15, 20, 0, 0, 0, cst), SeasonSpring},
		{"override", Schedule{Season: SeasonAutumn},
			time.Date(2026, 7, 15, 20, 0, 0, 0, cst), SeasonAutumn},
		// 23:30 UTC on 31 May is already 1 June in the room's UTC+8 clock.
		{"room clock", Schedule{}, time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC), SeasonSummer},
	}
	for _, tt := range tests {
		if got := tt.sc.SeasonAt(tt.at); got != tt.wantSeason {
			t.Errorf("%s: SeasonAt(%v) = %s, want %s", tt.name, tt.at, got, tt.wantSeason)
		}
	}
}

func TestScheduleFromShowFile(t *testing.T) {
	demo := demoBytes(t)
	july := time.Date(2026, 7, 15, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name, from, to string
		wantRegion     string
		wantSeason     string
		wantOffset     int
	}{
		{"demo", "", "", "北方", SeasonSummer, 8 * 3600},
		{"south region", "region: 北方", "region: 南方", "南方", SeasonSummer, 8 * 3600},
		{"season set", "region: 北方", "region: 北方\n  season: winter", "北方", SeasonWinter,
			8 * 3600},
		{"hemisphere", "region: 北方\n  hemisphere: north", "hemisphere: south", "", SeasonWinter,
			8 * 3600},
		{"offset", "utc_offset_hours: 8", "utc_offset_hours: -5", "北方", SeasonSummer,
			-5 * 3600},
	}
	for _, tt := range tests {
		data := strings.Replace(demo, tt.from, tt.to, 1)
		s, err := Parse([]byte(data), "demo.yaml")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		sc := s.Schedule
		_, offset := july.In(sc.Location()).Zone()
		if sc.Region != tt.wantRegion || sc.SeasonAt(july) != tt.wantSeason ||
			offset != tt.wantOffset {
			t.Errorf("%s: region %q season %s offset %d, want %q %s %d", tt.name, sc.Region,
				sc.SeasonAt(july), offset, tt.wantRegion, tt.wantSeason, tt.wantOffset)
		}
	}
}

func TestScheduleInvalid(t *testing.T) {
	demo := demoBytes(t)
	tests := []struct{ name, from, to, want string }{
		{"hemisphere", "hemisphere: north", "hemisphere: east",
			`schedule.hemisphere "east"`},
		{"region", "region: 北方", "region: 西北", `schedule.region "西北"`},
		{"offset", "utc_offset_hours: 8", "utc_offset_hours: 15", "utc_offset_hours 15"},
		{"negative cadence", "retention_every: 3", "retention_every: -1", "must not be negative"},
		{"negative gap", "gap: 800ms", "gap: -1s", "must not be negative"},
	}
	for _, tt := range tests {
		data := strings.Replace(demo, tt.from, tt.to, 1)
		if data == demo {
			t.Fatalf("%s: %q not in demo show", tt.name, tt.from)
		}
		_, err := Parse([]byte(data), "demo.yaml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}
