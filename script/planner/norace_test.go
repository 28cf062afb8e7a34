//go:build !race

package planner

// raceEnabled is set when the tests run under the race detector.
const raceEnabled = false
