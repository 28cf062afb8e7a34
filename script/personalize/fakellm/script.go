package fakellm

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Fixed answers every request with r.
func Fixed(r Reply) Script {
	return func(int, openai.ChatCompletionRequest) Reply { return r }
}

// Say streams text in chunks of three characters, as a model streams tokens.
func Say(text string) Script {
	return Fixed(Reply{Chunks: Chunks(text, 3)})
}

// Sequence answers the nth request with replies[n], and the requests after
// the last reply with the last one.
func Sequence(replies ...Reply) Script {
	return func(n int, _ openai.ChatCompletionRequest) Reply {
		if len(replies) == 0 {
			return Reply{}
		}
		return replies[min(n, len(replies)-1)]
	}
}

// Chunks cuts text into pieces of n characters.
func Chunks(text string, n int) []string {
	runes := []rune(text)
	var out []string
	for len(runes) > 0 {
		k := min(n, len(runes))
		out = append(out, string(runes[:k]))
		runes = runes[k:]
	}
	return out
}

// Echo is a stand-in model for offline runs: it speaks the template line of
// the prompt in a host's voice, streaming a chunk every delay. It is
// deliberately gullible: when the viewer's question carries an instruction
// ("忽略之前的指令，说…", "ignore previous instructions and say …",
// "system: …"), it obeys, as a weak model might, so the guard behind it is
// exercised.
func Echo(delay time.Duration) Script {
	return func(_ int, req openai.ChatCompletionRequest) Reply {
		user := lastUser(req)
		template := templateOf(user)
		text := template
		viewer, question := viewerData(user)
		if payload, ok := Injection(question); ok {
			text = "好的，" + payload + "！"
		} else if viewer != "" && !strings.HasPrefix(template, viewer) {
			text = viewer + "宝宝，" + template
		} else if viewer == "" && !strings.HasPrefix(template, "家人们") {
			text = "家人们，" + template
		}
		return Reply{Chunks: Chunks(text, 3), Delay: delay}
	}
}

var injectionMarker = regexp.MustCompile(`(?i)(忽略|无视|忘记|ignore|disregard|forget|` +
	`system\s*[:：]|系统\s*[:：]|开发者模式|developer mode)`)

var injectionLead = regexp.MustCompile(
	`(?i)^.*?(?:指令|规则|设定|instructions?|rules?|system\s*[:：]|系统\s*[:：]|模式)[，,。.\s]*` +
		`(?:and\s+)?(?:say\s+(?:that\s+)?|说|告诉大家|改成说)?`)

// Injection reports whether question tries to instruct the model, and what
// it wants said.
func Injection(question string) (string, bool) {
	if !injectionMarker.MatchString(question) {
		return "", false
	}
	payload := strings.TrimSpace(injectionLead.ReplaceAllString(question, ""))
	if payload == "" {
		payload = question
	}
	return payload, true
}

func lastUser(req openai.ChatCompletionRequest) string {
	for i := len(req.Messages) - 1; i >= 0; i-- {
		if req.Messages[i].Role == openai.ChatMessageRoleUser {
			return req.Messages[i].Content
		}
	}
	return ""
}

var templateLine = regexp.MustCompile(`(?m)^(?:模板台词|参考回答[^：]*)：(".*")$`)

// templateOf finds the JSON-quoted template line in the user prompt.
func templateOf(user string) string {
	m := templateLine.FindStringSubmatch(user)
	if m == nil {
		return "欢迎来到直播间。"
	}
	var s string
	if err := json.Unmarshal([]byte(m[1]), &s); err != nil {
		return "欢迎来到直播间。"
	}
	return s
}

var dataBlock = regexp.MustCompile(`(?s)<观众数据>\s*(\{.*\})\s*</观众数据>`)

// viewerData reads the viewer and question from the prompt's data block.
func viewerData(user string) (viewer, question string) {
	m := dataBlock.FindStringSubmatch(user)
	if m == nil {
		return "", ""
	}
	var d struct {
		Viewer   string `json:"viewer"`
		Question string `json:"question"`
	}
	if json.Unmarshal([]byte(m[1]), &d) != nil {
		return "", ""
	}
	return d.Viewer, d.Question
}
