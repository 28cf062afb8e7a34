package show

import "time"

// Parts of the day a schedule may name.
var TimesOfDay = []string{"morning", "afternoon", "evening", "night"}

// Seasons a schedule may name and SeasonAt returns.
const (
	SeasonSpring = "spring"
	SeasonSummer = "summer"
	SeasonAutumn = "autumn"
	SeasonWinter = "winter"
)

// Hemispheres a schedule may name.
const (
	HemisphereNorth = "north"
	HemisphereSouth = "south"
)

// Regions a schedule may name: the phrase library's regional lines speak of
// these two.
var Regions = []string{"北方", "南方"}

// Schedule sets the cadence of the script: how many lines each part of the
// show takes and how often retention and interaction lines are woven in.
type Schedule struct {
	// Region is where most viewers are, "北方" or "南方"; empty if unknown.
	Region string `yaml:"region"`
	// Season overrides the season taken from the date: spring, summer, autumn, winter.
	Season string `yaml:"season"`
	// Hemisphere is "north" (the default) or "south"; it turns the date into a
	// season when Season is unset.
	Hemisphere string `yaml:"hemisphere"`
	// TimeOfDay overrides the part of the day taken from the room's clock:
	// morning, afternoon, evening or night.
	TimeOfDay string `yaml:"time_of_day"`
	// UTCOffsetHours is the room's clock offset from UTC; unset means 8, China time.
	UTCOffsetHours *int `yaml:"utc_offset_hours"`
	// OpeningLines is how many lines open the show.
	OpeningLines int `yaml:"opening_lines"`
	// ProductLines is how many product lines each product block takes.
	ProductLines int `yaml:"product_lines"`
	// RetentionEvery weaves in a retention line after every N product lines.
	RetentionEvery int `yaml:"retention_every"`
	// InteractionEvery weaves in an interaction line after every N product lines.
	InteractionEvery int `yaml:"interaction_every"`
	// LuckyBagEvery ends every Nth product block of a round with a lucky-bag
	// moment, previewed halfway through the block; 0 means none.
	LuckyBagEvery int `yaml:"lucky_bag_every"`
	// ClosingLines is how many lines close one round of the show.
	ClosingLines int `yaml:"closing_lines"`
	// RepliesInARow is how many answers to viewers the host gives in a row
	// while a script line waits; that line is then said whole before the
	// next answer, so a busy chat does not stop the selling.
	RepliesInARow int `yaml:"replies_in_a_row"`
	// Gap is the pause between two lines.
	Gap time.Duration `yaml:"gap"`
	// NextShow announces the next broadcast in closing lines, e.g. "明晚八点".
	NextShow string `yaml:"next_show"`
}

// withDefaults fills the zero fields of a schedule with the show defaults.
func (sc Schedule) withDefaults() Schedule {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&sc.OpeningLines, 3)
	def(&sc.ProductLines, 10)
	def(&sc.RetentionEvery, 3)
	def(&sc.InteractionEvery, 4)
	def(&sc.ClosingLines, 2)
	def(&sc.RepliesInARow, 2)
	if sc.Gap == 0 {
		sc.Gap = 800 * time.Millisecond
	}
	return sc
}

// SeasonAt is the season the host speaks of at t: the schedule's Season when
// set, else the meteorological season of t's month in the room's time zone
// and the show's hemisphere (in the south, July is winter).
func (sc Schedule) SeasonAt(t time.Time) string {
	if sc.Season != "" {
		return sc.Season
	}
	m := int(t.In(sc.Location()).Month())
	if sc.Hemisphere == HemisphereSouth {
		m = (m+5)%12 + 1
	}
	switch m {
	case 3, 4, 5:
		return SeasonSpring
	case 6, 7, 8:
		return SeasonSummer
	case 9, 10, 11:
		return SeasonAutumn
	}
	return SeasonWinter
}

// Location is the time zone of the room's clock. It is unnamed, so that
// the time package hands out one shared zone per whole-hour offset instead of
// allocating one per call: the planner asks for it on every line.
func (sc Schedule) Location() *time.Location {
	hours := 8
	if sc.UTCOffsetHours != nil {
		hours = *sc.UTCOffsetHours
	}
	return time.FixedZone("", hours*3600)
}
