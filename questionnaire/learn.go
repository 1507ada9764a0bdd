package questionnaire

import (
	"context"
	"path/filepath"
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
		if opts.Link != nil {
			if id, ok := opts.Link(q.Text); ok {
				l.Control = id
			}
		}
		out = append(out, l)
	}
	return out, doc, nil
}

// VerdictOf reads a yes/no/partial/na verdict from an answer as people spell
// it ("Yes", "Y", "YES - see notes", "N/A", "Not applicable", "Partially"),
// or "" for anything else (free text, a number, a date).
func VerdictOf(answer string) string {
	a := strings.ToLower(strings.TrimSpace(answer))
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
