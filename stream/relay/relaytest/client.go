package relaytest

import (
	"fmt"
	"strings"
	"sync"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"
)

// ClientConfig says what a viewer-side API does besides receiving H.264 and Opus.
type ClientConfig struct {
	// NACK adds the NACK generator and receiver reports that browsers have.
	NACK bool
	// DropEvery, when above 0, loses every DropEvery-th video packet on arrival (each
	// sequence number at most once), before the NACK generator sees it.
	DropEvery int
	// UDPMux, when set, carries every viewer's ICE over this one socket, so closing it makes
	// them all vanish at once.
	UDPMux ice.UDPMux
	// TCPOnly gathers only ICE-TCP (active) candidates.
	TCPOnly bool
}

// NewClientAPI builds the API of test viewers: H.264 and Opus with NACK and PLI feedback,
// loopback candidates, and what cfg adds.
func NewClientAPI(cfg ClientConfig) (*webrtc.API, error) {
	me := &webrtc.MediaEngine{}
	if err := me.RegisterDefaultCodecs(); err != nil {
		return nil, fmt.Errorf("register codecs: %w", err)
	}
	reg := &interceptor.Registry{}
	if cfg.DropEvery > 0 {
		reg.Add(&dropFactory{every: cfg.DropEvery})
	}
	if cfg.NACK {
		if err := webrtc.ConfigureNack(me, reg); err != nil {
			return nil, fmt.Errorf("configure nack: %w", err)
		}
		if err := webrtc.ConfigureRTCPReports(reg); err != nil {
			return nil, fmt.Errorf("configure rtcp reports: %w", err)
		}
	}
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	if cfg.UDPMux != nil {
		se.SetICEUDPMux(cfg.UDPMux)
	}
	if cfg.DropEvery > 0 {
		// The packets are lost after SRTP has seen them, so their retransmissions would be
		// replays to it.
		se.DisableSRTPReplayProtection(true)
	}
	if cfg.TCPOnly {
		se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeTCP4})
	}
	return webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(reg),
		webrtc.WithSettingEngine(se)), nil
}

// dropFactory makes the interceptor that loses video packets on arrival.
type dropFactory struct{ every int }

func (f *dropFactory) NewInterceptor(string) (interceptor.Interceptor, error) {
	return &dropper{every: f.every}, nil
}

// dropper loses every n-th incoming video packet, never the same sequence number twice.
type dropper struct {
	interceptor.NoOp
	every int
}

func (d *dropper) BindRemoteStream(info *interceptor.StreamInfo,
	reader interceptor.RTPReader,
) interceptor.RTPReader {
	if !strings.HasPrefix(strings.ToLower(info.MimeType), "video/") {
		return reader
	}
	var mu sync.Mutex // guards n and dropped
	n := 0
	dropped := map[uint16]bool{}
	return interceptor.RTPReaderFunc(func(b []byte, a interceptor.Attributes) (int,
		interceptor.Attributes, error,
	) {
		for {
			i, attr, err := reader.Read(b, a)
			if err != nil || i < 4 {
				return i, attr, err
			}
			seq := uint16(b[2])<<8 | uint16(b[3])
			mu.Lock()
			n++
			drop := n%d.every == 0 && !dropped[seq]
			if drop {
				dropped[seq] = true
			}
			mu.Unlock()
			if !drop {
				return i, attr, nil
			}
		}
	})
}
