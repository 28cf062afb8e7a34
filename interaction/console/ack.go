package console

import (
	"fmt"
	"time"

	"github.com/zhubo-live/zhubo/interaction/bus"
)

// Answers the console gives for cues the room never saw or never answered.
const (
	msgNoAnswer     = "no room component answered: is the room running?"
	msgDisconnected = "cue not delivered: the server has lost its message bus; send it again " +
		"when the room is back"
)

// handle acts on one message from the console.
func (s *session) handle(data []byte) {
	m, err := DecodeClientMessage(data)
	if err != nil {
		s.answer("", fmt.Sprintf("could not read the message: %v", err))
		return
	}
	cue, err := buildCue(*m.Cue, s.role, s.room, s.id)
	if err != nil {
		s.log.Info("cue refused", "cue", cue.ID, "type", clip(string(cue.Type)), "err", err)
		s.answer(cue.ID, err.Error())
		return
	}
	if err := s.publish(cue); err != nil {
		s.log.Warn("cue not published", "cue", cue.ID, "type", cue.Type, "err", err)
		s.answer(cue.ID, err.Error())
	}
}

// publish sends cue to the room and starts waiting for its Ack.
func (s *session) publish(cue bus.Cue) error {
	if !s.nc.IsConnected() {
		return refuse(ErrNotDelivered, msgDisconnected)
	}
	if err := s.await(cue.ID); err != nil {
		return err
	}
	if err := bus.Publish(s.nc, bus.CuesSubject(s.room), cue); err != nil {
		s.resolve(cue.ID)
		return &refusal{msg: msgDisconnected, err: fmt.Errorf("%w: %w", ErrNotDelivered, err)}
	}
	s.log.Info("cue sent", "cue", cue.ID, "type", cue.Type)
	return nil
}

// await starts the Ack timeout of cue id.
func (s *session) await(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
		return refuse(ErrNotDelivered, "cue not delivered: the console is closing")
	default:
	}
	if _, dup := s.pending[id]; dup {
		return refuse(ErrBadArg, fmt.Sprintf("cue %s is already awaiting an answer", id))
	}
	if len(s.pending) >= maxPending {
		return refuse(ErrTooManyPending, fmt.Sprintf(
			"%d cues are still awaiting an answer; wait for them", len(s.pending)))
	}
	s.pending[id] = time.AfterFunc(s.h.cfg.AckTimeout, func() {
		if s.resolve(id) {
			s.log.Warn("cue unanswered", "cue", id, "after", s.h.cfg.AckTimeout)
			s.answer(id, msgNoAnswer)
		}
	})
	return nil
}

// resolve stops waiting for the Ack of cue id and reports whether it was waited for.
func (s *session) resolve(id string) bool {
	if id == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.pending[id]
	if ok {
		t.Stop()
		delete(s.pending, id)
	}
	return ok
}

// answer sends the console a negative Ack for cue id.
func (s *session) answer(id, reason string) {
	msg, err := encodeMessage(MessageAck, bus.Ack{V: bus.SchemaVersion, Cue: id, Error: reason})
	if err == nil {
		s.sendCtrl(msg)
	}
}
