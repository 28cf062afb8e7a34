package director

import "errors"

// ErrConfig means a Director was configured without its connection, planner or room.
var ErrConfig = errors.New("room, NATS connection and planner are required")
