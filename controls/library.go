package controls

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/internal/atomicfile"
)

// Learned is one answered question read from a filled questionnaire.
type Learned struct {
	Question  string
	Verdict   string // yes, no, partial, na, or "" for free text
	Answer    string // the value as answered
	Narrative string
	Control   string // best-matching control, when confident
	Source    LibrarySource
}

// Conflict is a question answered differently in two places.
type Conflict struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Message  string `json:"message"`
}

// MergeResult says what a merge did.
type MergeResult struct {
	Library   []Answer   `json:"-"`
	Added     int        `json:"added"`
	Merged    int        `json:"merged"`
	Conflicts []Conflict `json:"conflicts"`
}

// MergeLibrary adds learned answers to a library. A learned question that
// same() finds equal to an entry (or to one learned before it) is merged
// into it as one more source; when the two verdicts differ, the entry is
// marked as a conflict (fill then sends it to review) and reported. New
// entries get the next free LIB-NNNN id.
func MergeLibrary(lib []Answer, learned []Learned, same func(a, b string) bool) MergeResult {
	out := make([]Answer, len(lib))
	copy(out, lib)
	next := 1
	for _, a := range out {
		var n int
		if _, err := fmt.Sscanf(a.ID, "LIB-%d", &n); err == nil && n >= next {
			next = n + 1
		}
	}
	res := MergeResult{Conflicts: []Conflict{}}
	conflicted := map[string]bool{}
	for _, l := range learned {
		l.Question = strings.TrimSpace(l.Question)
		if l.Question == "" {
			continue
		}
		idx := -1
		for i := range out {
			if same(out[i].Question, l.Question) {
				idx = i
				break
			}
		}
		if idx < 0 {
			out = append(out, Answer{
				ID: fmt.Sprintf("LIB-%04d", next), Question: l.Question, Verdict: l.Verdict, Answer: l.Answer,
				Narrative: l.Narrative, Control: l.Control, Sources: []LibrarySource{l.Source},
			})
			next++
			res.Added++
			continue
		}
		a := &out[idx]
		dupSource := false
		for _, s := range a.Sources {
			if s.File == l.Source.File && s.Sheet == l.Source.Sheet && s.Row == l.Source.Row {
				dupSource = true
			}
		}
		if !dupSource {
			a.Sources = append(a.Sources, l.Source)
		}
		res.Merged++
		if a.Narrative == "" {
			a.Narrative = l.Narrative
		}
		if a.Control == "" {
			a.Control = l.Control
		}
		if a.Verdict != l.Verdict && a.Verdict != "" && l.Verdict != "" {
			a.Conflict = fmt.Sprintf("answered %s in %s, %s in %s", a.Verdict, describeSource(a.Sources[0]), l.Verdict, describeSource(l.Source))
			if !conflicted[a.ID] {
				conflicted[a.ID] = true
				res.Conflicts = append(res.Conflicts, Conflict{ID: a.ID, Question: a.Question, Message: a.Conflict})
			}
		} else if a.Verdict == "" {
			a.Verdict, a.Answer = l.Verdict, l.Answer
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return lessID(out[i].ID, out[j].ID) })
	res.Library = out
	return res
}

func describeSource(s LibrarySource) string {
	parts := []string{filepath.Base(s.File)}
	if s.Sheet != "" {
		parts = append(parts, s.Sheet)
	}
	if s.Row > 0 {
		parts = append(parts, fmt.Sprintf("row %d", s.Row))
	}
	return strings.Join(parts, " ")
}

const libraryHeader = `# The answer library: questions and answers learned from answered
# questionnaires (vouch questionnaire learn). vouch fill prefers a close
# library match to a control match. Entries with a conflict go to review.
`

// SaveLibrary replaces dir/library.yaml with the answers, atomically, after
// checking that the catalog stays valid with them.
func SaveLibrary(ctx context.Context, dir string, answers []Answer) error {
	var buf bytes.Buffer
	buf.WriteString(libraryHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(struct {
		Answers []Answer `yaml:"answers"`
	}{answers}); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	overlay := overlayFS{base: os.DirFS(dir), name: LibraryFile, data: buf.Bytes()}
	if _, err := Load(ctx, overlay, dir); err != nil {
		return fmt.Errorf("the learned library would make the catalog invalid: %w", err)
	}
	return atomicfile.WriteFile(filepath.Join(dir, LibraryFile), buf.Bytes(), 0o644, true)
}
