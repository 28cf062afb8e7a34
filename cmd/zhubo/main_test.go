package main

import (
	"os"
	"testing"
)

// TestMain runs `zhubo` itself when a test starts this binary as a child process
// with ZHUBO_TEST_MAIN=1, so that signals can be tested on a real process.
func TestMain(m *testing.M) {
	if os.Getenv("ZHUBO_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}
