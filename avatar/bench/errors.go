package bench

import "errors"

// ErrConfig means a RenderConfig cannot be run.
var ErrConfig = errors.New("bench: invalid config")
