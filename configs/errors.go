package configs

import "errors"

// Errors returned by Load and Validate.
var (
	ErrUnknownKey      = errors.New("unknown key")
	ErrNoRooms         = errors.New("at least one room is required")
	ErrBadRoomName     = errors.New("room names use only a-z, 0-9, '-' and '_'")
	ErrDuplicateRoom   = errors.New("duplicate room")
	ErrBadVideoSize    = errors.New("width and height must be positive and even")
	ErrBadFPS          = errors.New("fps must be 1 to 60")
	ErrBadLogFormat    = errors.New("log format must be text or json")
	ErrBadEnv          = errors.New("bad environment value")
	ErrBadDuration     = errors.New("duration must be positive, e.g. 10s")
	ErrBadLeaseTTL     = errors.New("lease ttl must be at least 1s, e.g. 3s")
	ErrBadAdvertiseURL = errors.New("advertise url must be http:// or https:// and a host")
	ErrBadTTSEngine    = errors.New("tts engine must be espeak or openai")
)
