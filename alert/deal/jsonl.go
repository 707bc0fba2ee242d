package deal

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/dealwatch/dealwatch/schemas"
)

// ReadEvents reads DealEvents as JSON lines (the output of `dealwatch
// extract`), validating each against the event schema. Blank lines are
// skipped; an invalid line is an error naming its line number.
func ReadEvents(r io.Reader, v *schemas.Validator) ([]schemas.DealEvent, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	var out []schemas.DealEvent
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		e, err := v.DealEvent(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return out, nil
}
