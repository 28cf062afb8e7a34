package show

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var seasons = []string{"", SeasonSpring, SeasonSummer, SeasonAutumn, SeasonWinter}

// Validate reports every rule the show breaks, joined into one error, or nil.
func (s *Show) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...))
	}
	if s.ID == "" {
		bad("id is required")
	}
	if s.Lang != "zh" && s.Lang != "en" {
		bad("lang %q must be zh or en", s.Lang)
	}
	if s.Brand.Name == "" {
		bad("brand.name is required")
	}
	if s.Persona.Name == "" {
		bad("persona.name is required")
	}
	if s.Persona.Speed != 0 && (s.Persona.Speed < 80 || s.Persona.Speed > 450) {
		bad("persona.speed %d must be within 80..450 words per minute", s.Persona.Speed)
	}
	if s.Persona.Pitch < 0 || s.Persona.Pitch > 99 {
		bad("persona.pitch %d must be within 0..99", s.Persona.Pitch)
	}
	errs = append(errs, s.Schedule.validate()...)
	errs = append(errs, s.validateProducts()...)
	return errors.Join(errs...)
}

// validate reports the rules a schedule breaks.
func (sc *Schedule) validate() []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...))
	}
	if !slices.Contains(seasons, sc.Season) {
		bad("schedule.season %q must be one of spring, summer, autumn, winter", sc.Season)
	}
	if h := sc.Hemisphere; h != "" && h != HemisphereNorth && h != HemisphereSouth {
		bad("schedule.hemisphere %q must be north or south", h)
	}
	if r := sc.Region; r != "" && !slices.Contains(Regions, r) {
		bad("schedule.region %q must be one of %v", r, Regions)
	}
	if t := sc.TimeOfDay; t != "" && !slices.Contains(TimesOfDay, t) {
		bad("schedule.time_of_day %q must be one of %v", t, TimesOfDay)
	}
	if off := sc.UTCOffsetHours; off != nil && (*off < -12 || *off > 14) {
		bad("schedule.utc_offset_hours %d must be within -12..14", *off)
	}
	if min(sc.OpeningLines, sc.ProductLines, sc.RetentionEvery, sc.InteractionEvery,
		sc.ClosingLines, sc.LuckyBagEvery, sc.RepliesInARow) < 0 || sc.Gap < 0 {
		bad("schedule line counts, cadences and gap must not be negative")
	}
	return errs
}

func (s *Show) validateProducts() []error {
	if len(s.Products) == 0 {
		return []error{fmt.Errorf("%w: products: at least one product is required", ErrInvalid)}
	}
	var errs []error
	seen := map[string]bool{}
	for i := range s.Products {
		c := &s.Products[i]
		path := fmt.Sprintf("products[%d]", i)
		errs = append(errs, c.validate(path)...)
		if seen[c.ID] {
			errs = append(errs, fmt.Errorf("%s: %w: duplicate id %q", path, ErrInvalid, c.ID))
		}
		seen[c.ID] = true
	}
	return errs
}

func contains(list []string, v string) bool {
	return slices.Contains(list, v)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
