package fakellm

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// Reply is how the server answers one request.
type Reply struct {
	// Status other than 0 or 200 answers with an OpenAI error body instead.
	Status int
	// Chunks are the content deltas, one chunk.completion.chunk each.
	Chunks []string
	// FirstDelay passes between the response headers and the first chunk.
	FirstDelay time.Duration
	// Delay passes between chunks.
	Delay time.Duration
	// Raw are data payloads written verbatim after the chunks, such as
	// broken JSON.
	Raw []string
	// Finish is the finish reason of the last chunk: "" is "stop", "-" none.
	Finish string
	// NoDone leaves out the closing "data: [DONE]".
	NoDone bool
	// CutAfter closes the connection abruptly after that many chunks; 0 never.
	CutAfter int
	// NoUsage leaves out the usage chunk requested by stream_options.
	NoUsage bool
}

// stream writes the reply as server-sent events, stopping early when the
// client goes away.
func (rp Reply) stream(w http.ResponseWriter, r *http.Request, req openai.ChatCompletionRequest) {
	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flush := func() {
		if flusher != nil {
			flusher.Flush()
		}
	}
	flush()
	id := fmt.Sprintf("chatcmpl-fake-%d", time.Now().UnixNano())
	send := func(payload string) { fmt.Fprintf(w, "data: %s\n\n", payload); flush() }

	send(chunk(id, req.Model, openai.ChatCompletionStreamChoiceDelta{Role: "assistant"}, ""))
	if !wait(r, rp.FirstDelay) {
		return
	}
	completion := 0
	for i, c := range rp.Chunks {
		if i > 0 && !wait(r, rp.Delay) {
			return
		}
		if rp.CutAfter > 0 && i == rp.CutAfter {
			cut(w)
			return
		}
		send(chunk(id, req.Model, openai.ChatCompletionStreamChoiceDelta{Content: c}, ""))
		completion += utf8.RuneCountInString(c)
	}
	for _, raw := range rp.Raw {
		send(raw)
	}
	rp.end(send, id, req, completion)
}

// end writes the finish chunk, the usage chunk and [DONE] as configured.
func (rp Reply) end(send func(string), id string, req openai.ChatCompletionRequest,
	completion int) {
	finish := rp.Finish
	if finish == "" {
		finish = string(openai.FinishReasonStop)
	}
	if finish != "-" {
		send(chunk(id, req.Model, openai.ChatCompletionStreamChoiceDelta{}, finish))
	}
	if req.StreamOptions != nil && req.StreamOptions.IncludeUsage && !rp.NoUsage {
		prompt := 0
		for _, m := range req.Messages {
			prompt += utf8.RuneCountInString(m.Content)
		}
		send(usage(id, req.Model, prompt, completion))
	}
	if !rp.NoDone {
		send("[DONE]")
	}
}

func chunk(id, model string, delta openai.ChatCompletionStreamChoiceDelta, finish string) string {
	resp := openai.ChatCompletionStreamResponse{
		ID: id, Object: "chat.completion.chunk", Created: time.Now().Unix(), Model: model,
		Choices: []openai.ChatCompletionStreamChoice{{
			Index: 0, Delta: delta, FinishReason: openai.FinishReason(finish),
		}},
	}
	out, _ := json.Marshal(resp)
	return string(out)
}

// usage is the last chunk a server sends when asked for usage: no choices.
func usage(id, model string, prompt, completion int) string {
	resp := openai.ChatCompletionStreamResponse{
		ID: id, Object: "chat.completion.chunk", Created: time.Now().Unix(), Model: model,
		Choices: []openai.ChatCompletionStreamChoice{},
		Usage: &openai.Usage{PromptTokens: prompt, CompletionTokens: completion,
			TotalTokens: prompt + completion},
	}
	out, _ := json.Marshal(resp)
	return string(out)
}

// wait lets d pass, or reports false when the client went away first.
func wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return r.Context().Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// cut closes the connection without ending the chunked body, as a crashed
// server or a dropped proxy does.
func cut(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}
