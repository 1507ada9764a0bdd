package match

import (
	"regexp"
	"time"
)

// reDateField is a date form field: "Date", "Date completed", "Today's
// date", "Completion date", "Date of submission". s is clean text.
var reDateField = regexp.MustCompile(`^\W*(?:date|today'?s date|current date|date (?:completed|of completion|submitted|of submission|filled|filled in)|(?:completion|submission) date)\W*$`)

// IsDateField reports a date form field, the date the questionnaire is
// answered on.
func IsDateField(text string) bool { return reDateField.MatchString(clean(text)) }

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
