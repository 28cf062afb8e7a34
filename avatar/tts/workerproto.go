package tts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The speech worker's protocol on its standard input and output: every
// message is a frame, a little-endian uint32 length and that many bytes.
// The worker first writes a reply frame with no samples (or an error, when
// libespeak-ng cannot load), then answers each synthRequest frame with one
// reply frame, in order.
const (
	// maxRequestFrame bounds a request: a clause is a few hundred bytes.
	maxRequestFrame = 1 << 20
	// maxReplyFrame bounds a reply: ten minutes of 22050 Hz speech fit.
	maxReplyFrame = 64 << 20
)

// Reply kinds, the first byte of a reply frame.
const (
	replyOK    = 0 // then uint32 sample rate, then int16 samples
	replyError = 1 // then the error's message
)

// synthRequest is one clause for the worker to speak.
type synthRequest struct {
	Voice       string
	Rate, Pitch int // espeak-ng words per minute and pitch 0-99
	Text        string
}

// synthReply is the worker's answer to a synthRequest, or its greeting.
type synthReply struct {
	PCM        []int16
	SampleRate int
	Err        string // set when the worker could not speak the request
}

func (r synthRequest) marshal() []byte {
	b := make([]byte, 0, 6+len(r.Voice)+len(r.Text))
	b = binary.LittleEndian.AppendUint16(b, uint16(r.Rate))
	b = binary.LittleEndian.AppendUint16(b, uint16(r.Pitch))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(r.Voice)))
	b = append(b, r.Voice...)
	return append(b, r.Text...)
}

func parseSynthRequest(b []byte) (synthRequest, error) {
	if len(b) < 6 {
		return synthRequest{}, fmt.Errorf("%w: short request", ErrWorkerProtocol)
	}
	n := int(binary.LittleEndian.Uint16(b[4:6]))
	if len(b) < 6+n {
		return synthRequest{}, fmt.Errorf("%w: short request", ErrWorkerProtocol)
	}
	return synthRequest{
		Rate:  int(binary.LittleEndian.Uint16(b[0:2])),
		Pitch: int(binary.LittleEndian.Uint16(b[2:4])),
		Voice: string(b[6 : 6+n]),
		Text:  string(b[6+n:]),
	}, nil
}

func (r synthReply) marshal() []byte {
	if r.Err != "" {
		return append([]byte{replyError}, r.Err...)
	}
	b := make([]byte, 5, 5+2*len(r.PCM))
	b[0] = replyOK
	binary.LittleEndian.PutUint32(b[1:5], uint32(r.SampleRate))
	for _, s := range r.PCM {
		b = binary.LittleEndian.AppendUint16(b, uint16(s))
	}
	return b
}

func parseSynthReply(b []byte) (synthReply, error) {
	switch {
	case len(b) == 1 && b[0] == replyError:
		return synthReply{Err: "unexplained failure"}, nil
	case len(b) > 1 && b[0] == replyError:
		return synthReply{Err: string(b[1:])}, nil
	case len(b) < 5 || b[0] != replyOK || (len(b)-5)%2 != 0:
		return synthReply{}, fmt.Errorf("%w: malformed reply", ErrWorkerProtocol)
	}
	r := synthReply{SampleRate: int(binary.LittleEndian.Uint32(b[1:5]))}
	r.PCM = make([]int16, (len(b)-5)/2)
	for i := range r.PCM {
		r.PCM[i] = int16(binary.LittleEndian.Uint16(b[5+2*i:]))
	}
	return r, nil
}

// writeFrame writes body as one frame.
func writeFrame(w io.Writer, body []byte) error {
	b := make([]byte, 4, 4+len(body))
	binary.LittleEndian.PutUint32(b, uint32(len(body)))
	_, err := w.Write(append(b, body...))
	return err
}

// readFrame reads one frame of at most limit bytes. A stream that ends
// between frames yields io.EOF; one that ends inside a frame, io.ErrUnexpectedEOF.
func readFrame(r io.Reader, limit int) ([]byte, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint32(head[:])
	if uint64(n) > uint64(limit) {
		return nil, fmt.Errorf("%w: frame of %d bytes, limit %d", ErrWorkerProtocol, n, limit)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return b, nil
}
