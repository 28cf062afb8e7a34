package phrase

import (
	"fmt"
	"strings"
)

// Fill replaces every {slot} in text with its value from slots. A slot with
// no value, or an empty one, is an error wrapping ErrMissingSlot, so the
// caller can try another line rather than say a hole; unbalanced braces and
// bad slot names wrap ErrTemplate.
func Fill(text string, slots map[string]string) (string, error) {
	var b strings.Builder
	b.Grow(len(text) + 16)
	err := walk(text, func(lit string) { b.WriteString(lit) }, func(name string) error {
		v := slots[name]
		if v == "" {
			return fmt.Errorf("%w: {%s}", ErrMissingSlot, name)
		}
		b.WriteString(v)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("fill %q: %w", text, err)
	}
	return b.String(), nil
}

// SlotNames lists the slots text uses, in order of first use.
func SlotNames(text string) ([]string, error) {
	var names []string
	seen := map[string]bool{}
	err := walk(text, func(string) {}, func(name string) error {
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("slots of %q: %w", text, err)
	}
	return names, nil
}

// walk splits text into literal runs and slot names.
func walk(text string, lit func(string), slot func(string) error) error {
	for text != "" {
		open := strings.IndexAny(text, "{}")
		if open < 0 {
			lit(text)
			return nil
		}
		if text[open] == '}' {
			return fmt.Errorf("%w: '}' without '{'", ErrTemplate)
		}
		lit(text[:open])
		end := strings.IndexAny(text[open+1:], "{}")
		if end < 0 || text[open+1+end] != '}' {
			return fmt.Errorf("%w: '{' without '}'", ErrTemplate)
		}
		name := text[open+1 : open+1+end]
		if !validSlotName(name) {
			return fmt.Errorf("%w: bad slot name %q", ErrTemplate, name)
		}
		if err := slot(name); err != nil {
			return err
		}
		text = text[open+1+end+1:]
	}
	return nil
}

func validSlotName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if (r < 'a' || r > 'z') && r != '_' && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
