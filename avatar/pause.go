package avatar

// Pause detection in synthesized speech: a reply cuts a script line where
// the speaker draws breath, not mid-word.
const (
	// minPauseSamples is the shortest silence that counts as a pause, 60 ms.
	minPauseSamples = sampleRate * 60 / 1000
	// pauseWindow is the granularity of the silence scan, 5 ms.
	pauseWindow = sampleRate * 5 / 1000
	// silenceLevel is the loudest sample a silent window may hold, about -40 dBFS.
	silenceLevel = 330
)

// findPauses returns the frame boundaries of pcm, a clause, at which the
// speech may be cut: each lies inside a silence of at least 60 ms with the
// whole 20 ms packet before it silent too, so the cut is never heard.
func findPauses(pcm []int16) []int {
	var pauses []int
	gap := -1 // start of the current silent run, or -1 in speech
	for off := 0; off < len(pcm); off += pauseWindow {
		end := min(off+pauseWindow, len(pcm))
		if silent(pcm[off:end]) {
			if gap < 0 {
				gap = off
			}
			continue
		}
		pauses = appendPause(pauses, gap, off)
		gap = -1
	}
	if gap >= 0 {
		pauses = appendPause(pauses, gap, len(pcm))
	}
	return pauses
}

// appendPause adds the cut point of the silence [from, to) if it is long
// enough: the first frame boundary a full packet into it.
func appendPause(pauses []int, from, to int) []int {
	if from < 0 || to-from < minPauseSamples {
		return pauses
	}
	cut := (from + frameSamples + frameLen - 1) / frameLen * frameLen
	if cut >= to || cut == 0 {
		return pauses
	}
	return append(pauses, cut)
}

func silent(pcm []int16) bool {
	for _, s := range pcm {
		if s > silenceLevel || s < -silenceLevel {
			return false
		}
	}
	return true
}
