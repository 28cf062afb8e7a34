// Package stream carries a room's encoded avatar media to its viewers.
//
// The relay sub-package fans one room's H.264 and Opus samples out to every viewer's WebRTC
// PeerConnection; the whep sub-package exposes the relay over HTTP with the WHEP signalling
// protocol (draft-ietf-wish-whep) so a browser or any WHEP player can watch.
package stream
