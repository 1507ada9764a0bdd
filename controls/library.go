package controls

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	Kind      string // "" for a claim, AnswerField for a form field
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
	Merged    int        `json:"merged"`    // learned again elsewhere: one more source
	Unchanged int        `json:"unchanged"` // learned before from the same file, sheet and row
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
				ID: fmt.Sprintf("LIB-%04d", next), Question: l.Question, Kind: l.Kind, Verdict: l.Verdict, Answer: l.Answer,
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
		if dupSource {
			res.Unchanged++ // learning the same file twice changes nothing
		} else {
			a.Sources = append(a.Sources, l.Source)
			res.Merged++
		}
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

// SameQuestion reports two questions with the same words, ignoring case,
// white space and trailing punctuation: one library entry.
func SameQuestion(a, b string) bool {
	norm := func(s string) string {
		return strings.TrimRight(strings.ToLower(strings.Join(strings.Fields(s), " ")), " ?.:*")
	}
	return norm(a) == norm(b)
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

// SaveLibrary writes the answers to dir/library.yaml, atomically (through a
// symlink, to the file it points to), after checking that the catalog stays
// valid with them. An existing file is edited in place: only the entries
// that were added, changed or dropped change; its comments and the other
// entries stay byte for byte.
func SaveLibrary(ctx context.Context, dir string, answers []Answer) error {
	file := filepath.Join(dir, LibraryFile)
	src, err := readFile(file)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var out []byte
	if exists && len(bytes.TrimSpace(src)) > 0 {
		out, err = editLibrary(src, answers)
	} else {
		out, err = encodeLibrary(answers)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	overlay := overlayFS{base: os.DirFS(dir), name: LibraryFile, data: out}
	if _, err := Load(ctx, overlay, dir); err != nil {
		return fmt.Errorf("the learned library would make the catalog invalid: %w", err)
	}
	if exists {
		return writeThrough(file, out)
	}
	return atomicfile.WriteFile(file, out, 0o644, false)
}

func encodeLibrary(answers []Answer) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(libraryHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(struct {
		Answers []Answer `yaml:"answers"`
	}{answers}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// editLibrary turns the library file src into one holding answers, entry
// by entry (matched by id).
func editLibrary(src []byte, answers []Answer) ([]byte, error) {
	var old struct {
		Answers []Answer `yaml:"answers"`
	}
	if err := yaml.Unmarshal(src, &old); err != nil {
		return nil, err
	}
	e, err := newYAMLEdit(src)
	if err != nil {
		return nil, err
	}
	root := e.root()
	if root == nil {
		return encodeLibrary(answers)
	}
	at := map[string]int{}
	for i, a := range old.Answers {
		at[a.ID] = i
	}
	keep := map[string]bool{}
	var added []*yaml.Node
	for _, a := range answers {
		keep[a.ID] = true
		n, err := answerNode(a)
		if err != nil {
			return nil, err
		}
		i, ok := at[a.ID]
		if !ok {
			added = append(added, n)
			continue
		}
		if o, _ := answerNode(old.Answers[i]); !sameNode(o, n) {
			e.replaceItem(root, "answers", i, n)
		}
	}
	for i := len(old.Answers) - 1; i >= 0; i-- {
		if !keep[old.Answers[i].ID] {
			e.deleteItem(root, "answers", i)
		}
	}
	e.appendItems(root, "answers", nil, added...)
	return e.Bytes()
}

func answerNode(a Answer) (*yaml.Node, error) {
	var n yaml.Node
	err := n.Encode(a)
	return &n, err
}

// sameNode reports whether two nodes encode to the same YAML.
func sameNode(a, b *yaml.Node) bool {
	x, errA := yaml.Marshal(a)
	y, errB := yaml.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(x, y)
}

// RemoveAnswers returns the library without the entries of the ids
// (case-insensitive), and the ids it does not hold.
func RemoveAnswers(lib []Answer, ids []string) (out []Answer, missing []string) {
	drop := map[string]bool{}
	for _, id := range ids {
		drop[strings.ToUpper(strings.TrimSpace(id))] = true
	}
	found := map[string]bool{}
	for _, a := range lib {
		if drop[strings.ToUpper(a.ID)] {
			found[strings.ToUpper(a.ID)] = true
			continue
		}
		out = append(out, a)
	}
	for _, id := range ids {
		if !found[strings.ToUpper(strings.TrimSpace(id))] {
			missing = append(missing, id)
		}
	}
	return out, missing
}

// maxImport bounds what ImportAnswers reads.
const maxImport = 16 << 20

// ImportAnswers reads answers to import into a library: another catalog's
// library.yaml (answers: [...], strictly), or a CSV with a question column
// and answer and comment (or narrative, notes) columns. Each answer becomes
// a Learned with the file as its source, so MergeLibrary merges it as it
// merges a learned questionnaire.
func ImportAnswers(name string, data []byte, learned Date) ([]Learned, error) {
	if len(data) > maxImport {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, maxImport>>20)
	}
	base := filepath.Base(name)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		var doc struct {
			Answers []Answer `yaml:"answers"`
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: not a library.yaml: %w", name, err)
		}
		var out []Learned
		for _, a := range doc.Answers {
			src := LibrarySource{File: base, ID: a.ID, Verdict: a.Verdict, Learned: learned}
			if len(a.Sources) > 0 {
				src = a.Sources[len(a.Sources)-1]
			}
			out = append(out, Learned{Question: a.Question, Kind: a.Kind, Verdict: a.Verdict, Answer: a.Answer, Narrative: a.Narrative, Source: src})
		}
		return out, nil
	case ".csv":
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(rows) == 0 {
			return nil, fmt.Errorf("%s: empty", name)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[strings.ToLower(strings.TrimSpace(h))] = i
		}
		q, ok := col["question"]
		if !ok {
			return nil, fmt.Errorf("%s: no question column (the header needs question, answer and comment)", name)
		}
		get := func(row []string, keys ...string) string {
			for _, k := range keys {
				if i, ok := col[k]; ok && i < len(row) {
					return strings.TrimSpace(row[i])
				}
			}
			return ""
		}
		var out []Learned
		for n, row := range rows[1:] {
			if q >= len(row) || strings.TrimSpace(row[q]) == "" {
				continue
			}
			ans := get(row, "answer", "response")
			note := get(row, "comment", "comments", "narrative", "notes", "additional information")
			if ans == "" && note == "" {
				continue
			}
			v := strings.ToLower(get(row, "verdict"))
			out = append(out, Learned{Question: strings.TrimSpace(row[q]), Verdict: v, Answer: ans, Narrative: note,
				Source: LibrarySource{File: base, Row: n + 2, ID: get(row, "id"), Verdict: v, Learned: learned}})
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: import reads a library.yaml or a .csv with question, answer and comment columns", name)
}
