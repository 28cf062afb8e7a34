package ingest

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

func TestAppendIntentMatchesEncodingJSON(t *testing.T) {
	tests := []bus.Intent{
		{},
		{V: 1, Event: "e-1", Room: "demo", Intent: bus.IntentPrice, Confidence: 0.87,
			Burst: "b-3", Text: "多少钱？", User: bus.User{ID: "u1", Name: "小美", FanLevel: 3}},
		{V: 1, Event: "e", Intent: bus.IntentPurchase, Confidence: 1, Count: 300,
			Users:    []bus.User{{ID: "a"}, {ID: "b", Name: "<b>&</b>"}},
			EventIDs: []string{"e1", "e2", "e3"}},
		{Text: "q\"b\\s/\b\f\n\r\t\x00\x1f\x7f<>&\u2028\u2029\xff\xfe end", Confidence: 1e-7},
		{Confidence: -0.5}, {Confidence: 1e21}, {Confidence: 123456.789}, {Count: -2},
		{Users: []bus.User{}, EventIDs: []string{}},
	}
	for _, it := range tests {
		checkAppendIntent(t, it)
	}
	for _, c := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := appendIntent(nil, &bus.Intent{Confidence: c}); err == nil {
			t.Errorf("confidence %v encoded without error", c)
		}
	}
}

// checkAppendIntent fails when appendIntent writes other bytes than json.Marshal.
func checkAppendIntent(t *testing.T, it bus.Intent) {
	t.Helper()
	want, err := json.Marshal(it)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	got, err := appendIntent([]byte("prefix"), &it)
	if err != nil || string(got) != "prefix"+string(want) {
		t.Fatalf("appendIntent(%+v) =\n%s, %v\nwant\n%s", it, got, err, want)
	}
}

// FuzzAppendIntent checks the Intent encoder against encoding/json on any text.
func FuzzAppendIntent(f *testing.F) {
	f.Add("e-1", "多少钱<>&", "小美", 0.87, 3, 2)
	f.Add("\xff", "\u2028\x00\"", "", 1e-9, 0, 0)
	f.Fuzz(func(t *testing.T, id, text, name string, conf float64, count, users int) {
		if math.IsInf(conf, 0) || math.IsNaN(conf) {
			return
		}
		it := bus.Intent{V: 1, Event: id, Room: name, Intent: text, Confidence: conf,
			Burst: id, Text: text, User: bus.User{ID: id, Name: name, FanLevel: count},
			Count: count}
		for i := range min(max(users, 0), 3) {
			it.Users = append(it.Users, bus.User{ID: text, Name: name, FanLevel: i})
			it.EventIDs = append(it.EventIDs, id)
		}
		checkAppendIntent(t, it)
	})
}
