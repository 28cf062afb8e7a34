package avatar

import "github.com/zhubo-live/zhubo/avatar/lipsync"

// tracer observes the live loop tick by tick; tests use it to check that
// the mouth shown matches the audio played. lineID is empty and offset -1
// when no line is on air.
type tracer interface {
	audio(tick int64, lineID string, offset int, pcm []int16)
	video(tick int64, lineID string, offset int, mouth lipsync.Frame)
}
