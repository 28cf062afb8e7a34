//go:build !linux

package planner

import (
	"testing"
	"time"
)

// threadCPU is not measured off Linux; its percentiles read 0.
func threadCPU(*testing.B) time.Duration { return 0 }

// processCPU is not measured off Linux; cpu-ns/op reads 0.
func processCPU(*testing.B) time.Duration { return 0 }
