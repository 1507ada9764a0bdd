package match

import (
	"strings"
	"testing"
	"time"
)

func TestLongInputIsFast(t *testing.T) {
	e := testEngine(t)
	for _, text := range []string{
		strings.Repeat("encrypt data at rest all every third party annual ", 2000),
		strings.Repeat("a", 200000),
		strings.Repeat("<b>", 30000),
		strings.Repeat("1.", 50000),
	} {
		start := time.Now()
		e.Answer(Query{Text: text, Allowed: yesNoNA, HasComment: true})
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Answer on %d bytes took %v", len(text), d)
		}
	}
}
