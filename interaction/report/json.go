package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the Summary as indented JSON, every number of the report
// included; see Summary for the fields.
func WriteJSON(w io.Writer, s *Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("write report json: %w", err)
	}
	return nil
}
