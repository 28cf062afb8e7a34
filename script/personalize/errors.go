package personalize

import "errors"

// Sentinel errors of the personalizer; callers test them with errors.Is.
var (
	// ErrNoEndpoint marks an LLM configuration without a base URL or model.
	ErrNoEndpoint = errors.New("llm endpoint not configured")
	// ErrGuard marks text the compliance guard refuses; the *Violation that
	// wraps it names the rule.
	ErrGuard = errors.New("compliance guard")
	// ErrCircuitOpen marks a request refused because the endpoint failed
	// too often lately.
	ErrCircuitOpen = errors.New("llm circuit open")
	// ErrFirstTokenTimeout marks a stream whose first token came too late.
	ErrFirstTokenTimeout = errors.New("llm first token timeout")
	// ErrTotalTimeout marks a stream that did not finish in time.
	ErrTotalTimeout = errors.New("llm total timeout")
	// ErrMalformed marks a stream the client could not decode.
	ErrMalformed = errors.New("llm stream malformed")
	// ErrEvalCases marks an eval case file that cannot be used.
	ErrEvalCases = errors.New("eval cases")
)
