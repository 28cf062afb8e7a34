package report

import "time"

// Who wrote the interpretation of the peak minute.
const (
	InterpretedByTemplate = "template"
	InterpretedByFunc     = "interpret"
)

// Summary is everything a post-show report says, computed from the archive.
// Shares are percentages rounded to one decimal; times are UTC, to the second.
type Summary struct {
	Room  string    `json:"room"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Zone names the time zone clock times in the HTML report are shown in.
	Zone       string           `json:"zone"`
	Totals     Totals           `json:"totals"`
	Minutes    []Minute         `json:"minutes"`
	Intents    []IntentCount    `json:"intents"`
	Questions  []Topic          `json:"top_questions"`
	Complaints []Topic          `json:"top_complaints"`
	Products   []ProductAirtime `json:"products"`
	Blocks     []Block          `json:"blocks"`
	Peak       *Peak            `json:"peak"`
	Sources    []SourceCount    `json:"utterances_by_source"`
	Cues       []CueRecord      `json:"cues"`

	// loc is the time zone named by Zone, when Build had it.
	loc *time.Location
}

// location is the time zone of the report's clock times.
func (s *Summary) location() *time.Location {
	if s.loc != nil {
		return s.loc
	}
	if loc, err := time.LoadLocation(s.Zone); err == nil {
		return loc
	}
	return time.UTC
}

// Totals are the show's counts over the whole report.
type Totals struct {
	Messages        int `json:"messages"`
	Comments        int `json:"comments"`
	Likes           int `json:"likes"`
	Gifts           int `json:"gifts"`
	Follows         int `json:"follows"`
	Shares          int `json:"shares"`
	Enters          int `json:"enters"`
	Purchases       int `json:"purchases"`
	PeakViewers     int `json:"peak_viewers"`
	Intents         int `json:"intents"`
	PurchaseIntents int `json:"purchase_intents"`
	Questions       int `json:"questions"`
	Complaints      int `json:"complaints"`
	Utterances      int `json:"utterances"`
	SpokenMS        int `json:"spoken_ms"`
	Cues            int `json:"cues"`
	CuesRejected    int `json:"cues_rejected"`
	CuesUnanswered  int `json:"cues_unanswered"`
}

// Minute is one minute of the show. Viewers is the highest viewers count
// reported in the minute, or the last one before it when none was.
type Minute struct {
	Minute   int       `json:"minute"`
	At       time.Time `json:"at"`
	Comments int       `json:"comments"`
	Likes    int       `json:"likes"`
	Viewers  int       `json:"viewers"`
}

// IntentCount is how many comments had one intent, and their share of all
// classified comments.
type IntentCount struct {
	Intent string  `json:"intent"`
	Label  string  `json:"label"`
	Count  int     `json:"count"`
	Share  float64 `json:"share_pct"`
}

// Topic is a group of questions or complaints about one thing: a keyword of
// the report's topic lists, or else the same comment text.
type Topic struct {
	Label   string `json:"label"`
	LabelEN string `json:"label_en,omitempty"`
	// Intent is the most common intent of the topic's comments.
	Intent string `json:"intent"`
	Count  int    `json:"count"`
	// Share is of all questions, or of all complaints.
	Share    float64  `json:"share_pct"`
	Examples []string `json:"examples"`
}

// ProductAirtime is how long the host spoke while a product was on air, and how
// many purchase comments came meanwhile.
type ProductAirtime struct {
	Product    string `json:"product"`
	Name       string `json:"name,omitempty"`
	Utterances int    `json:"utterances"`
	AirtimeMS  int    `json:"airtime_ms"`
	// OnAirMS is the length of the product's blocks, from the switch to it
	// until the switch away.
	OnAirMS         int     `json:"on_air_ms"`
	PurchaseIntents int     `json:"purchase_intents"`
	PerAirMinute    float64 `json:"purchase_intents_per_airtime_minute"`
}

// Block is a stretch of the show with one product on air, from the utterance
// that switched to it to the one that switched away.
type Block struct {
	Product         string    `json:"product"`
	Start           time.Time `json:"start"`
	End             time.Time `json:"end"`
	Utterances      int       `json:"utterances"`
	AirtimeMS       int       `json:"airtime_ms"`
	PurchaseIntents int       `json:"purchase_intents"`
}

// Peak is the minute with the most comments and likes, and what drove it.
type Peak struct {
	Minute   int           `json:"minute"`
	At       time.Time     `json:"at"`
	Comments int           `json:"comments"`
	Likes    int           `json:"likes"`
	Intents  []IntentCount `json:"intents"`
	Product  string        `json:"product,omitempty"`
	Name     string        `json:"product_name,omitempty"`
	// Cue is the last cue in the minutes before the peak, if any.
	Cue            *CueRecord `json:"cue,omitempty"`
	Interpretation string     `json:"interpretation"`
	InterpretedBy  string     `json:"interpreted_by"`
}

// SourceCount is how many utterances came from one source, and how long they were.
type SourceCount struct {
	Source     string `json:"source"`
	Label      string `json:"label"`
	Utterances int    `json:"utterances"`
	DurationMS int    `json:"duration_ms"`
	ByLLM      int    `json:"by_llm"`
}

// CueRecord is a cue and the acks it got.
type CueRecord struct {
	ID    string            `json:"id"`
	Type  string            `json:"type"`
	Label string            `json:"label"`
	By    string            `json:"by,omitempty"`
	Args  map[string]string `json:"args,omitempty"`
	At    time.Time         `json:"at"`
	Acks  []AckRecord       `json:"acks"`
}

// AckRecord is one component's answer to a cue.
type AckRecord struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	By    string `json:"by,omitempty"`
}
