package relay

import (
	"fmt"
	"net"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"
)

// H.264 as every browser decodes it: constrained baseline, level 3.1, non-interleaved
// packetization (RFC 6184 §6.3), so FU-A and STAP-A packets are allowed.
const h264Fmtp = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"

// Payload types as browsers commonly number these codecs; the answer follows the offer anyway.
const (
	h264PayloadType = 102
	opusPayloadType = 111
)

// Timeouts that drop a vanished viewer within seconds instead of pion's default half minute.
const (
	iceDisconnectedTimeout = 5 * time.Second
	iceFailedTimeout       = 10 * time.Second
	iceKeepAlive           = 2 * time.Second
)

// NetConfig says how viewers' PeerConnections reach the network.
type NetConfig struct {
	// UDPPort, when above 0, serves every viewer on this one UDP port (ICE multiplexing), which
	// is what a firewall or container port mapping wants; 0 gives each peer an ephemeral port.
	// The socket lives as long as the process; set UDPMux to control its lifetime instead.
	UDPPort int
	// UDPMux, when set, is used instead of UDPPort; its owner closes it.
	UDPMux ice.UDPMux
	// IncludeLoopback offers 127.0.0.1 candidates too: for tests and same-host players.
	IncludeLoopback bool
	// NAT1To1IPs are public addresses to advertise as host candidates when the process runs
	// behind a 1:1 NAT (a cloud VM with an elastic IP).
	NAT1To1IPs []string
	// TCPPort, when above 0, also serves ICE over TCP (RFC 6544, passive) on this one port, for
	// viewers behind firewalls that block UDP. The listener lives as long as the process; set
	// TCPListener to control its lifetime instead.
	TCPPort int
	// TCPListener, when set, is used instead of TCPPort; its owner closes it.
	TCPListener net.Listener
	// ICEDisconnectedTimeout and ICEFailedTimeout say how long a viewer may be silent before
	// its connection counts as disconnected and then failed, which drops it; 0 means 5 s and
	// 10 s.
	ICEDisconnectedTimeout, ICEFailedTimeout time.Duration
}

// NewAPI builds the webrtc.API shared by all rooms: a MediaEngine that offers H.264 and Opus
// only, RTCP sender reports, and the network settings of nc. There is no NACK responder
// interceptor: each room answers NACKs from one shared packet history (see Room).
func NewAPI(nc NetConfig) (*webrtc.API, error) {
	me, err := newMediaEngine()
	if err != nil {
		return nil, err
	}

	reg := &interceptor.Registry{}
	if err := webrtc.ConfigureRTCPReports(reg); err != nil {
		return nil, fmt.Errorf("configure rtcp reports: %w", err)
	}

	se, err := newSettingEngine(nc)
	if err != nil {
		return nil, err
	}

	return webrtc.NewAPI(
		webrtc.WithMediaEngine(me),
		webrtc.WithInterceptorRegistry(reg),
		webrtc.WithSettingEngine(se),
	), nil
}

func newMediaEngine() (*webrtc.MediaEngine, error) {
	me := &webrtc.MediaEngine{}
	videoFeedback := []webrtc.RTCPFeedback{
		{Type: webrtc.TypeRTCPFBNACK},
		{Type: webrtc.TypeRTCPFBNACK, Parameter: "pli"},
		{Type: webrtc.TypeRTCPFBCCM, Parameter: "fir"},
	}
	h264 := webrtc.RTPCodecParameters{
		RTPCodecCapability: webrtc.RTPCodecCapability{
			MimeType: webrtc.MimeTypeH264, ClockRate: 90000,
			SDPFmtpLine: h264Fmtp, RTCPFeedback: videoFeedback,
		},
		PayloadType: h264PayloadType,
	}
	if err := me.RegisterCodec(h264, webrtc.RTPCodecTypeVideo); err != nil {
		return nil, fmt.Errorf("register h264: %w", err)
	}
	opus := webrtc.RTPCodecParameters{
		RTPCodecCapability: opusCapability(),
		PayloadType:        opusPayloadType,
	}
	if err := me.RegisterCodec(opus, webrtc.RTPCodecTypeAudio); err != nil {
		return nil, fmt.Errorf("register opus: %w", err)
	}
	return me, nil
}

func newSettingEngine(nc NetConfig) (webrtc.SettingEngine, error) {
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(nc.IncludeLoopback)
	disconnected, failed := iceDisconnectedTimeout, iceFailedTimeout
	if nc.ICEDisconnectedTimeout > 0 {
		disconnected = nc.ICEDisconnectedTimeout
	}
	if nc.ICEFailedTimeout > 0 {
		failed = nc.ICEFailedTimeout
	}
	se.SetICETimeouts(disconnected, failed, min(iceKeepAlive, disconnected/2))
	// A server has no use for mDNS: it offers real addresses and learns a browser's hidden
	// one as a peer-reflexive candidate. Off, each viewer saves a socket and a goroutine.
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	if len(nc.NAT1To1IPs) > 0 {
		rule := webrtc.ICEAddressRewriteRule{
			External: nc.NAT1To1IPs, AsCandidateType: webrtc.ICECandidateTypeHost,
		}
		if err := se.SetICEAddressRewriteRules(rule); err != nil {
			return se, fmt.Errorf("advertise %v: %w", nc.NAT1To1IPs, err)
		}
	}

	udp, err := udpMux(nc)
	if err != nil {
		return se, err
	}
	tcp, err := tcpMux(nc)
	if err != nil {
		return se, err
	}
	var types []webrtc.NetworkType
	if udp != nil {
		se.SetICEUDPMux(udp)
		types = append(types, webrtc.NetworkTypeUDP4, webrtc.NetworkTypeUDP6)
	}
	if tcp != nil {
		se.SetICETCPMux(tcp)
		types = append(types, webrtc.NetworkTypeTCP4, webrtc.NetworkTypeTCP6)
		if udp == nil {
			// Without a UDP mux, viewers still get UDP on ephemeral ports.
			types = append(types, webrtc.NetworkTypeUDP4, webrtc.NetworkTypeUDP6)
		}
	}
	if types != nil {
		se.SetNetworkTypes(types)
	}
	return se, nil
}

// udpMux returns the UDP mux that nc asks for, or nil for ephemeral ports.
func udpMux(nc NetConfig) (ice.UDPMux, error) {
	mux := nc.UDPMux
	if mux == nil && nc.UDPPort > 0 {
		var opts []ice.UDPMuxFromPortOption
		if nc.IncludeLoopback {
			opts = append(opts, ice.UDPMuxFromPortWithLoopback())
		}
		m, err := ice.NewMultiUDPMuxFromPort(nc.UDPPort, opts...)
		if err != nil {
			return nil, fmt.Errorf("listen udp port %d: %w", nc.UDPPort, err)
		}
		mux = m
	}
	return mux, nil
}

// tcpMux returns the ICE-TCP mux that nc asks for, or nil for none.
func tcpMux(nc NetConfig) (ice.TCPMux, error) {
	ln := nc.TCPListener
	if ln == nil && nc.TCPPort > 0 {
		l, err := net.Listen("tcp", fmt.Sprintf(":%d", nc.TCPPort))
		if err != nil {
			return nil, fmt.Errorf("listen tcp port %d: %w", nc.TCPPort, err)
		}
		ln = l
	}
	if ln == nil {
		return nil, nil
	}
	return webrtc.NewICETCPMux(nil, ln, tcpReadBuffer), nil
}

// tcpReadBuffer is how many packets an ICE-TCP connection buffers before its reader takes
// them.
const tcpReadBuffer = 64

func h264Capability() webrtc.RTPCodecCapability {
	return webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeH264, ClockRate: 90000, SDPFmtpLine: h264Fmtp,
	}
}

func opusCapability() webrtc.RTPCodecCapability {
	return webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2,
		SDPFmtpLine: "minptime=10;useinbandfec=1",
	}
}
