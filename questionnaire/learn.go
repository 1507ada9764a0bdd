package questionnaire

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/vouchcli/vouch/controls"
)

// LearnOptions are the options of Learn.
type LearnOptions struct {
	ReadOptions
	Now func() time.Time
	// Link returns the control that best matches a question, when confident.
	Link func(question string) (string, bool)
	// IsField reports a form field (a name, an e-mail, a URL, a date): it
	// is learned apart, as a field, never as a claim.
	IsField func(question string) bool
}

// Learn reads an answered questionnaire with the same layout detection as
// Fill and returns each answered question (the answer cell, or a narrative
// alone) as a library entry to merge, with its source file, sheet and row.
func Learn(ctx context.Context, path string, opts LearnOptions) ([]controls.Learned, *Document, error) {
	doc, err := Read(ctx, path, opts.ReadOptions)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	learned := controls.Date{Time: time.Date(now().Year(), now().Month(), now().Day(), 0, 0, 0, 0, time.UTC)}
	var out []controls.Learned
	for _, q := range doc.Questions {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		answer, comment := strings.TrimSpace(q.Answer), strings.TrimSpace(q.Comment)
		if answer == "" && comment == "" {
			continue
		}
		verdict := VerdictOf(answer)
		narrative := comment
		if verdict == "" && narrative == "" {
			narrative = answer // a free-text answer is its own narrative
		}
		l := controls.Learned{
			Question: strings.TrimSpace(q.Text), Verdict: verdict, Answer: answer, Narrative: narrative,
			Source: controls.LibrarySource{File: filepath.Base(path), Sheet: q.Sheet, Row: q.Row, ID: q.ID, Verdict: verdict, Learned: learned},
		}
		if opts.IsField != nil && opts.IsField(q.Text) {
			l.Kind = controls.AnswerField
		} else if opts.Link != nil {
			if id, ok := opts.Link(q.Text); ok {
				l.Control = id
			}
		}
		out = append(out, l)
	}
	resolveSeeAlso(out)
	return out, doc, nil
}

// reSeeAlso is an answer or note that only points at another question:
// "See GNRL-08", "Please refer to DOCU-05.", "As stated in APPL-01".
var reSeeAlso = regexp.MustCompile(`(?i)^\W*(?:please\s+)?(?:see|refer\s+to|reference|as\s+(?:stated|described|answered)\s+in)\s+(?:question\s+|answer\s+(?:to\s+)?|item\s+)?([A-Z]{2,8}-\d{1,3}(?:\.\d+)*)\b\W*(?:above|below)?\W*$`)

// resolveSeeAlso replaces a note that points at another question of the
// same file ("See FIDP-05") by that question's note, and takes its
// verdict when the pointing answer has none, so that the library holds the
// text, not a reference into a file it no longer has.
func resolveSeeAlso(ls []controls.Learned) {
	byID := map[string]int{}
	for i, l := range ls {
		if id := strings.ToUpper(strings.TrimSpace(l.Source.ID)); id != "" {
			if _, dup := byID[id]; !dup {
				byID[id] = i
			}
		}
	}
	target := func(s string) (int, bool) {
		m := reSeeAlso.FindStringSubmatch(strings.TrimSpace(s))
		if m == nil {
			return 0, false
		}
		j, ok := byID[strings.ToUpper(m[1])]
		return j, ok
	}
	for i := range ls {
		l := &ls[i]
		j, ok := target(l.Narrative)
		if !ok || j == i {
			continue
		}
		t := ls[j]
		if _, chained := target(t.Narrative); chained || strings.TrimSpace(t.Narrative) == "" {
			continue // a pointer to a pointer, or to nothing: kept as it is
		}
		l.Narrative = t.Narrative
		if l.Verdict == "" {
			if _, pointer := target(l.Answer); pointer || l.Answer == "" {
				l.Verdict, l.Answer = t.Verdict, t.Answer
				l.Source.Verdict = t.Verdict
			}
		}
	}
}

// reChoiceNumber is the numbering of a dropdown choice: "1) ", "2. ", "(a) ".
var reChoiceNumber = regexp.MustCompile(`^\(?(?:\d{1,2}|[a-z])[).:]\s+`)

// VerdictOf reads a yes/no/partial/na verdict from an answer as people spell
// it ("Yes", "Y", "YES - see notes", "N/A", "Not applicable", "Partially"),
// or "" for anything else (free text, a number, a date).
func VerdictOf(answer string) string {
	a := strings.ToLower(strings.TrimSpace(answer))
	// a numbered choice ("1) Yes", "2. No", "(a) Yes") is its value
	a = strings.TrimSpace(reChoiceNumber.ReplaceAllString(a, ""))
	if a == "" {
		return ""
	}
	first := strings.FieldsFunc(a, func(r rune) bool {
		return r == ' ' || r == ',' || r == '.' || r == ';' || r == ':' || r == '-' || r == '('
	})
	w := a
	if len(first) > 0 {
		w = first[0]
	}
	switch {
	case a == "n/a" || a == "na" || strings.HasPrefix(a, "n/a") || strings.HasPrefix(a, "not applicable") || w == "na":
		return "na"
	case w == "yes" || w == "y" || w == "true":
		return "yes"
	case w == "no" || w == "n" || w == "false":
		return "no"
	case w == "partial" || w == "partially" || strings.HasPrefix(a, "in part"):
		return "partial"
	}
	return ""
}
