package match

import (
	"regexp"
	"strings"
	"time"
)

// reDateField is a date form field: "Date", "Date completed", "Today's
// date", "Completion date", "Date of submission". s is clean text.
var reDateField = regexp.MustCompile(`^\W*(?:date|today'?s date|current date|date (?:completed|of completion|submitted|of submission|filled|filled in)|(?:completion|submission) date)\W*$`)

// IsDateField reports a date form field, the date the questionnaire is
// answered on.
func IsDateField(text string) bool {
	// every date field names a date; an entity may spell one ("&#100;ate")
	if !containsFold(text, "date") && !strings.Contains(text, "&") {
		return false
	}
	return reDateField.MatchString(clean(text))
}

// containsFold reports whether s holds word (lower-case ASCII) in any case.
func containsFold(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// dateField answers a date field with today's date (Options.AsOf), in ISO
// 8601: the questionnaire package writes it as a real date where the cell
// is date-formatted.
func (e *Engine) dateField(cl string) (Result, bool) {
	if !reDateField.MatchString(cl) {
		return Result{}, false
	}
	today := e.asOf
	if today.IsZero() {
		today = time.Now()
	}
	return Result{Status: StatusAnswered, Verdict: VerdictYes, Answer: today.Format("2006-01-02"), Confidence: 0.9, Controls: []string{},
		Reasons: []string{"form field (date) filled with today's date"}}, true
}
