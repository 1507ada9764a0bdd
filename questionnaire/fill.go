package questionnaire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/atomicfile"
	"github.com/vouchcli/vouch/internal/outfile"
	"github.com/vouchcli/vouch/questionnaire/match"
	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// ReviewSheet is the name of the sheet Fill appends to a workbook.
const ReviewSheet = "vouch review"

// reviewFill is the fill color of cells for review.
const reviewFill = "FFF2CC"

// DefaultOut returns the default output path: <name>.filled.<ext> beside in.
func DefaultOut(in string) string {
	ext := filepath.Ext(in)
	return strings.TrimSuffix(in, ext) + ".filled" + ext
}

// CheckOut refuses an output path that is the input itself (also through a
// symlink or another relative spelling) or that exists without force.
func CheckOut(in, out string, force bool) error {
	if outfile.Same(in, out) {
		return fmt.Errorf("%s: the output is the input file: vouch never modifies its input, choose another --out", out)
	}
	info, err := os.Stat(out)
	switch {
	case err == nil && info.IsDir():
		return fmt.Errorf("%s: is a directory: give a file name for --out", out)
	case err == nil && !force:
		return fmt.Errorf("%s already exists: use --force to replace it", out)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", out, err)
	}
	dir := filepath.Dir(out)
	if di, err := os.Stat(dir); err != nil || !di.IsDir() {
		return fmt.Errorf("%s: the output folder %s does not exist", out, dir)
	}
	return nil
}

// checkOutFormat refuses an output name whose extension says another format:
// the copy is written in the input's format.
// A macro-enabled workbook ("xlsm") stays .xlsm: under an .xlsx name Excel
// refuses to open it, and dropping its macros would change the buyer's file.
func checkOutFormat(out, kind string) error {
	ext := strings.ToLower(filepath.Ext(out))
	ok := map[string][]string{"xlsx": {".xlsx"}, "xlsm": {".xlsm"}, "csv": {".csv", ".txt", ".tsv"}}[kind]
	for _, e := range ok {
		if ext == e {
			return nil
		}
	}
	return fmt.Errorf("%s: the filled copy keeps the input's format (%s): give the output a %s name", out, kind, ok[0])
}

// AtomicWrite writes a file through a temporary file in the same folder and
// a rename, so that a failure leaves nothing half-written.
func AtomicWrite(path string, write func(io.Writer) error) error {
	if err := atomicfile.Write(path, 0o644, true, write); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, outfile.PathErr(err))
	}
	return nil
}

// Fill reads the questionnaire in, answers each question with a, writes the
// filled copy to opts.Out (default: DefaultOut(in); a folder: the default
// name inside it) and returns the report.
// The input is never modified; the output is written atomically.
func Fill(ctx context.Context, in string, a Answerer, opts FillOptions) (*Report, error) {
	if a == nil {
		return nil, errors.New("fill: no answerer")
	}
	out := opts.Out
	if out == "" {
		out = DefaultOut(in)
	}
	kind, err := sniff(in, opts.ReadOptions)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		out = filepath.Join(out, filepath.Base(DefaultOut(in))) // --out FOLDER
	}
	format := kind
	if kind == "xlsx" && xlsx.IsZip(in) && xlsx.MacroEnabled(in, DefaultMaxUnzipBytes) {
		format = "xlsm"
	}
	if err := checkOutFormat(out, format); err != nil {
		return nil, err
	}
	if err := CheckOut(in, out, opts.Force); err != nil {
		return nil, err
	}
	var (
		doc *Document
		xf  *excelize.File
	)
	if kind == "csv" {
		doc, err = readCSV(ctx, in, opts.ReadOptions)
	} else {
		doc, xf, err = readXLSX(ctx, in, opts.ReadOptions)
	}
	if err != nil {
		return nil, err
	}
	if xf != nil {
		defer xf.Close()
	}
	rep := &Report{Input: in, Output: out}
	for _, l := range doc.Layouts {
		if len(l.FormulaFed) > 0 {
			rep.elsewhere += len(l.FormulaFed)
			rep.elsewhereSheets++
		}
	}
	if rep.Items, err = answerAll(ctx, doc.Questions, a, opts); err != nil {
		return nil, err
	}
	sortItems(rep.Items, doc)
	rep.Summary = summarize(rep.Items)
	if kind == "csv" {
		err = writeCSV(ctx, out, doc, rep.Items)
	} else {
		limit := unzipLimit(in, opts.ReadOptions)
		_, err = writeWorkbook(ctx, in, xf, out, doc, rep.Items, limit)
	}
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// answerOne answers one question, keeping any dropdown's spelling.
// ConcurrentAnswerer is an Answerer that may be called from several
// goroutines at once (*match.Engine is one); Fill then answers on every CPU.
type ConcurrentAnswerer interface {
	Answerer
	ConcurrentSafe() bool
}

// answerAll answers every question, in order, on as many goroutines as
// there are CPUs when the answerer allows it. Progress is reported from
// the calling goroutine only.
func answerAll(ctx context.Context, qs []Question, a Answerer, opts FillOptions) ([]Item, error) {
	items := make([]Item, len(qs))
	total := len(qs)
	workers := 1
	if ca, ok := a.(ConcurrentAnswerer); ok && ca.ConcurrentSafe() {
		workers = min(runtime.GOMAXPROCS(0), max(1, total/64))
	}
	if workers <= 1 {
		for i, q := range qs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			items[i] = answerOne(q, a, opts.Overwrite)
			if opts.Progress != nil {
				opts.Progress(i+1, total)
			}
		}
		return items, nil
	}
	var next atomic.Int64
	done := make(chan int, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			for {
				i := int(next.Add(1) - 1)
				if i >= total || ctx.Err() != nil {
					break
				}
				items[i] = answerOne(qs[i], a, opts.Overwrite)
				if n++; n%32 == 0 {
					done <- 32
				}
			}
			done <- n % 32
		}()
	}
	go func() { wg.Wait(); close(done) }()
	count := 0
	for d := range done {
		count += d
		if opts.Progress != nil && d > 0 {
			opts.Progress(count, total)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return items, nil
}

func answerOne(q Question, a Answerer, overwrite bool) Item {
	it := Item{Sheet: q.Sheet, Row: q.Row, ID: q.ID, Question: q.Text, Controls: []string{}, Reasons: []string{}}
	// A row whose answer or comment cell holds something is answered: learn
	// reads it so, and without --overwrite neither cell is written over.
	if (q.Answer != "" || strings.TrimSpace(q.Comment) != "") && !overwrite {
		it.Status = StatusSkipped
		it.Answer, it.Comment = "", ""
		if q.Answer == "" {
			it.Reasons = append(it.Reasons, "already answered (its comment cell is filled)")
		} else {
			it.Reasons = append(it.Reasons, "already answered")
		}
		return it
	}
	res := a.Answer(match.Query{ID: q.ID, Text: q.Text, Section: q.Section, Allowed: q.Allowed, Keys: q.ChoiceKeys, HasComment: q.CommentCell != ""})
	it.Verdict, it.Answer, it.Comment, it.Library, it.Confidence = res.Verdict, res.Answer, res.Comment, res.Library, res.Confidence
	it.Status = res.Status
	if res.Controls != nil {
		it.Controls = append(it.Controls, res.Controls...)
	}
	if res.Reasons != nil {
		it.Reasons = append(it.Reasons, res.Reasons...)
	}
	it.candidates = res.Candidates
	if it.Status != StatusAnswered && it.Status != StatusReview {
		if it.Answer != "" && it.Status == "" {
			it.Status = StatusAnswered
		} else {
			it.Status = StatusReview
		}
	}
	if it.Answer != "" && len(q.Allowed) > 0 {
		if v, ok := allowedSpelling(it.Answer, q.Allowed); ok {
			it.Answer = v
		} else {
			it.Reasons = append(it.Reasons, fmt.Sprintf("answer %q is not among the dropdown values (%s): left empty", it.Answer, strings.Join(q.Allowed, ", ")))
			it.Answer = ""
			it.Status = StatusReview
		}
	}
	if q.Merged != "" {
		it.Status = StatusReview
		it.Reasons = append(it.Reasons, q.Merged+": vouch cannot write this answer")
		if it.Answer != "" && it.Comment == "" {
			it.Comment = "Suggested answer: " + it.Answer
		}
		it.Answer = ""
	}
	if it.Status == StatusAnswered && it.Answer == "" && (it.Comment == "" || q.CommentCell == "") {
		it.Status = StatusReview
		it.Reasons = append(it.Reasons, "no answer to write")
	}
	return it
}

// allowedSpelling finds v among the allowed values, ignoring case, spaces and slashes.
func allowedSpelling(v string, allowed []string) (string, bool) {
	norm := func(s string) string {
		return strings.NewReplacer("/", "", " ", "", ".", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	}
	for _, a := range allowed {
		if a == v {
			return a, true
		}
	}
	for _, a := range allowed {
		if norm(a) == norm(v) {
			return a, true
		}
	}
	// Yes/Y, No/N, N/A/NA/Not applicable: the same verdict spelled otherwise.
	if cv := canonical(norm(v)); cv != "" {
		for _, a := range allowed {
			if canonical(norm(a)) == cv {
				return a, true
			}
		}
	}
	return "", false
}

func canonical(s string) string {
	switch s {
	case "yes", "y", "true", "ja", "oui", "sí", "si":
		return "yes"
	case "no", "n", "false", "nein", "non":
		return "no"
	case "na", "notapplicable", "n.a", "nichtzutreffend":
		return "na"
	}
	return ""
}

func sortItems(items []Item, doc *Document) {
	order := map[string]int{}
	for i, s := range doc.Sheets {
		order[s.Name] = i
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Sheet != items[j].Sheet {
			return order[items[i].Sheet] < order[items[j].Sheet]
		}
		return items[i].Row < items[j].Row
	})
}

func summarize(items []Item) Summary {
	var s Summary
	idx := map[string]int{}
	for _, it := range items {
		i, ok := idx[it.Sheet]
		if !ok {
			i = len(s.Sheets)
			idx[it.Sheet] = i
			s.Sheets = append(s.Sheets, SheetSummary{Sheet: it.Sheet})
		}
		s.add(it.Status)
		s.Sheets[i].add(it.Status)
	}
	return s
}
