package bus

import "errors"

// ErrNotReady means the embedded nats-server did not start in time, usually
// because its port is taken by another process.
var ErrNotReady = errors.New("server not ready (is the port already in use? pass --nats to use it)")
