package bus

import (
	"encoding/json"
	"reflect"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// eventDecoderCases are inputs on the edges of what eventDecoder reads itself,
// each checked against encoding/json, and seeds of FuzzEventDecoder.
var eventDecoderCases = []string{
	`{"v":1,"id":"e-1","type":"comment","room":"demo","ts":"2026-12-03T10:00:00.123Z",` +
		`"user":{"id":"u42","name":"小美","fan_level":3},"text":"这个适合干皮吗","count":1,` +
		`"platform":"web"}`,
	` {"ts":"2026-12-03T18:00:00+08:00","type":"gift","count":12} `,
	`{"V":1,"ID":"e","Type":"like","ROOM":"demo","User":{"Id":"u","FAN_LEVEL":2}}`,
	`{"id":"a","id":"b","user":{"id":"u"},"user":{"name":"n"},"user":null}`,
	`{"id":null,"v":null,"ts":null,"type":null,"count":null,"user":{"id":null}}`,
	`{"text":"a\"b\\c\/d\b\f\n\r\t\u00e9\u4F60\ud83d\ude00"}`,
	`{"text":"\ud800\ud800 \udc00 \ud800\u0041 \ud800"}`,
	`{"text":"\u0000"}`, `{"text":"\'"}`, `{"text":"\x"}`, `{"text":"\u12"}`,
	`{"x":[1,-2.5e+3,0.1,1E9,true,false,null,"s\n",{"a":{"b":[]}}],"y":{},"z":[]}`,
	`{"count":-0}`, `{"count":01}`, `{"count":1.0}`, `{"count":1e2}`, `{"count":-}`,
	`{"count":123456789012345678}`, `{"count":1234567890123456789}`,
	`{"count":99999999999999999999}`, `{"v":"1"}`, `{"user":"u"}`, `{"user":[]}`,
	`{"ts":"2026-12-03"}`, `{"ts":1}`, `{"ts":"2026-12-03T10:00:00\u005a"}`,
	`{"uſer":{"id":"u"}}`, `{"\u0069d":"e"}`, `{"tÿpe":"like"}`,
	`{"x":01}`, `{"x":1.}`, `{"x":.1}`, `{"x":1e}`, `{"x":-01}`, `{"x":tru}`, `{"x":nul}`,
	`{"a":1,}`, `{,}`, `{"a" 1}`, `{"a":1`, `{"a":"b`, `{"a":1}}`, `{} {}`, ``, `null`,
	`[]`, `"s"`, `{"a":[1,]}`, `{"a":[1 2]}`, "{\"text\":\"a\tb\"}", "{\t\"v\"\r:\n1}",
	`{"type":"comment"}`, `{"type":"dance"}`, `{"type":"Comment"}`,
	`{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
}

func TestEventDecoderMatchesEncodingJSON(t *testing.T) {
	for _, in := range eventDecoderCases {
		checkEventDecoder(t, []byte(in))
	}
}

// TestEventDecoderReadsItself makes sure the common shapes take the fast path.
func TestEventDecoderReadsItself(t *testing.T) {
	for _, in := range eventDecoderCases[:7] {
		var e Event
		if !decodeEventFast([]byte(in), &e) {
			t.Errorf("decodeEventFast(%s) gave up", in)
		}
	}
}

func TestEventDecoderSharesTypes(t *testing.T) {
	data := []byte(`{"type":"like","count":3,"v":1}`)
	allocs := testing.AllocsPerRun(100, func() {
		var e Event
		decodeEventFast(data, &e)
	})
	if allocs != 0 {
		t.Errorf("decoding a like with no strings but its type: %v allocs, want 0", allocs)
	}
}

// checkEventDecoder fails when decodeEventFast accepts data that json.Unmarshal
// refuses, or reads it differently.
func checkEventDecoder(t *testing.T, data []byte) {
	t.Helper()
	if !utf8.Valid(data) {
		return // DecodeEvent refuses it before decoding
	}
	var fast, std Event
	ok := decodeEventFast(data, &fast)
	err := json.Unmarshal(data, &std)
	switch {
	case ok && err != nil:
		t.Fatalf("%q: fast decoder accepted what encoding/json refuses: %v", data, err)
	case ok && !reflect.DeepEqual(fast, std):
		t.Fatalf("%q: fast decoder read\n%#v\nencoding/json read\n%#v", data, fast, std)
	}
}

// FuzzEventDecoder checks the fast Event decoder against encoding/json: on every
// input it reads itself, the same acceptance and the same Event.
func FuzzEventDecoder(f *testing.F) {
	for _, s := range eventDecoderCases {
		f.Add([]byte(s))
	}
	f.Fuzz(checkEventDecoder)
}

// BenchmarkDecodeEvent decodes and validates one comment, with the fast decoder
// and with encoding/json alone. cpu-ns/op is the process's CPU time per Event:
// on a shared machine, wall-clock time says more about the neighbours.
func BenchmarkDecodeEvent(b *testing.B) {
	data := []byte(eventDecoderCases[0])
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuTime(b)
		for b.Loop() {
			if _, err := DecodeEvent(data); err != nil {
				b.Fatal(err)
			}
		}
		reportCPUPerOp(b, start)
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuTime(b)
		for b.Loop() {
			var e Event
			if err := json.Unmarshal(data, &e); err != nil {
				b.Fatal(err)
			}
			if err := ValidateEvent(&e); err != nil {
				b.Fatal(err)
			}
		}
		reportCPUPerOp(b, start)
	})
}

// cpuTime is the CPU time this process has used, all threads (GC included).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPUPerOp reports the CPU time since start per iteration.
func reportCPUPerOp(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}
