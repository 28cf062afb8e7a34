package render

// Reference art size: art is drawn in these units and scaled to the frame.
const (
	refW = 540
	refH = 960
)

// The host's colours.
var (
	skinLight = hex(0xFEE9DF)
	skinMid   = hex(0xFADBCB)
	skinShade = hex(0xEDBFA9)
	hairDark  = hex(0x2E1D1B)
	hairMid   = hex(0x4A2F29)
	hairLight = hex(0x7B5146)
	lipColor  = hex(0xE26F7C)
	lipDark   = hex(0xB44B5A)
	browColor = hex(0x5E3F36)
	lashColor = hex(0x2A1816)
	irisDark  = hex(0x3B231E)
	irisLight = hex(0x9A6248)
	white     = hex(0xFFFFFF)
	black     = hex(0x000000)
)

// skinPaint is the face's shading; the eyelids use it too so they match.
func skinPaint() paint {
	return radial{cx: 270, cy: 326, rx: 104, ry: 150, soft: true, stops: ramp{
		{0, skinLight}, {0.4, skinMid}, {1, skinShade},
	}}
}

// neckPaint shades the neck darker under the chin.
func neckPaint() paint {
	return linear{x0: 0, y0: 430, x1: 0, y1: 520, stops: ramp{
		{0, skinShade.mix(hex(0xD9A08C), 0.4)}, {0.5, skinMid}, {1, skinMid},
	}}
}
