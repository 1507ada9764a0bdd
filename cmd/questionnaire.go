package cmd

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/outfile"
	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/internal/term"
	"github.com/vouchcli/vouch/internal/ui"
	"github.com/vouchcli/vouch/questionnaire"
	"github.com/vouchcli/vouch/questionnaire/match"
)

func init() {
	extraCommands = append(extraCommands, newCmdQuestionnaire)
}

func newCmdQuestionnaire(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "questionnaire",
		Aliases: []string{"q"},
		Short:   "Fill buyers' security questionnaires (.xlsx, .csv) from the catalog",
		Args:    cobra.NoArgs,
	}
	cmd.AddCommand(newCmdQuestionnaireFill(f, nil), newCmdQuestionnaireInspect(f, nil), newCmdQuestionnaireFinalize(f, nil))
	return cmd
}

// LayoutFlags override layout detection (fill, inspect, learn).
type LayoutFlags struct {
	Sheet        string
	HeaderRow    int
	QuestionCol  string
	IDCol        string
	AnswerCol    string
	CommentCol   string
	PasswordFile string
}

func (l *LayoutFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&l.Sheet, "sheet", "", "read only this `SHEET` (default: every sheet that holds questions)")
	fl.IntVar(&l.HeaderRow, "header-row", 0, "the header is on row `N` (1-based; default: detected)")
	fl.StringVar(&l.QuestionCol, "question-col", "", "questions are in column `COL` (letters, e.g. B)")
	fl.StringVar(&l.IDCol, "id-col", "", "question IDs are in column `COL`")
	fl.StringVar(&l.AnswerCol, "answer-col", "", "answers go in column `COL`")
	fl.StringVar(&l.CommentCol, "comment-col", "", "narratives go in column `COL`")
	fl.StringVar(&l.PasswordFile, "password-file", "", "read the password of an encrypted workbook from `FILE`")
}

// validate checks the flags (usage errors) and returns the read options.
func (l *LayoutFlags) validate() (questionnaire.ReadOptions, error) {
	ro := questionnaire.ReadOptions{Sheet: l.Sheet, HeaderRow: l.HeaderRow, QuestionCol: l.QuestionCol, IDCol: l.IDCol, AnswerCol: l.AnswerCol, CommentCol: l.CommentCol}
	if l.HeaderRow < 0 {
		return ro, flagErrorf("--header-row: %d is not a row number: want 1 or more", l.HeaderRow)
	}
	for name, v := range map[string]string{"question-col": l.QuestionCol, "id-col": l.IDCol, "answer-col": l.AnswerCol, "comment-col": l.CommentCol} {
		if v != "" && !isColumn(v) {
			return ro, flagErrorf("--%s: %q is not a column: want letters such as B or AA", name, v)
		}
	}
	if l.PasswordFile != "" {
		b, err := os.ReadFile(l.PasswordFile)
		if err != nil {
			return ro, fmt.Errorf("--password-file: %w", err)
		}
		ro.Password = strings.TrimRight(string(b), "\r\n")
		if ro.Password == "" {
			return ro, flagErrorf("--password-file: %s is empty", l.PasswordFile)
		}
	}
	return ro, nil
}

func isColumn(s string) bool {
	if len(s) == 0 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}

// FillOptions are the options of `questionnaire fill`.
type FillOptions struct {
	Input         string
	Out           string
	Report        string
	MinConfidence float64
	Force         bool
	Overwrite     bool
	Output        string
	FailOn        string
	MaxAge        string
	Layout        LayoutFlags

	format output.Format
	read   questionnaire.ReadOptions
	maxAge controls.Period
}

func newCmdQuestionnaireFill(f *Factory, runF func(*FillOptions) error) *cobra.Command {
	opts := &FillOptions{}
	cmd := &cobra.Command{
		Use:   "fill FILE",
		Short: "Fill a buyer's questionnaire from the catalog into a copy",
		Long: `Fill a buyer's security questionnaire (.xlsx or .csv) from the catalog.

vouch finds each sheet's header row and its question, ID, answer and comment
columns, reads the dropdown values of the answer cells, matches every
question against the answer library and the controls, and writes a copy:
answers spelled as the dropdown spells them, narratives in the comment
column, cells for review highlighted with a note, and a "vouch review" sheet.
The input is never modified. Questions already answered are skipped unless
--overwrite. Below --min-confidence a question goes to review with its top
candidates instead of being answered.

The report (--report FILE, or -o json) is a stable contract: summary counts
and one item per question (sheet, row, id, question, status, verdict, answer,
comment, controls, library, confidence, reasons).

When the layout is not found, say where it is with --sheet, --header-row,
--question-col, --answer-col, --comment-col and --id-col.

EXIT STATUS
  0 success; 1 bad input or unwritable output; 2 usage error;
  3 --fail-on review and at least one question is for review`,
		Example: `  vouch questionnaire fill buyer.xlsx
  vouch questionnaire fill buyer.xlsx --out out.xlsx --report report.json --min-confidence 0.6
  vouch questionnaire fill buyer.csv --out out.csv
  vouch questionnaire fill buyer.xlsx -o json
  vouch q fill buyer.xlsx --sheet "Vendor Response" --header-row 4 --question-col C --answer-col D`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Input = args[0]
			if err := opts.validate(cmd); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return fillRun(cmd, f, opts)
		},
	}
	addOutputFlag(cmd, &opts.Output)
	cmd.Flags().StringVar(&opts.Out, "out", "", "write the filled copy to `PATH`, a file or a folder (default: <name>.filled.<ext> beside the input)")
	cmd.Flags().StringVar(&opts.Report, "report", "", "write the JSON report to `FILE`")
	cmd.Flags().Float64Var(&opts.MinConfidence, "min-confidence", 0.5, "below this confidence (0..1) a question goes to review")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace an existing --out or --report file")
	cmd.Flags().BoolVar(&opts.Overwrite, "overwrite", false, "replace answers already in the questionnaire")
	cmd.Flags().StringVar(&opts.FailOn, "fail-on", "", "exit 3 when a question is for review: review")
	cmd.Flags().StringVar(&opts.MaxAge, "max-age", "", "send library answers learned longer ago than `PERIOD` (18m, 1y, 90d) to review")
	opts.Layout.register(cmd)
	_ = cmd.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"review"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func (o *FillOptions) validate(cmd *cobra.Command) error {
	var err error
	if o.format, err = outputFormat(cmd, o.Output); err != nil {
		return err
	}
	// NaN fails every comparison and would pass a range check written as
	// "below 0 or above 1"; 0 would mean "answer whatever came closest" and
	// the matcher reads it as its default: both are refused.
	if !(o.MinConfidence > 0 && o.MinConfidence <= 1) {
		return flagErrorf("--min-confidence: %v is out of range: want a number above 0 and at most 1 (default 0.5)", o.MinConfidence)
	}
	if o.FailOn != "" && o.FailOn != "review" {
		return flagErrorf("--fail-on: invalid value %q: want review", o.FailOn)
	}
	if o.MaxAge != "" {
		if o.maxAge, err = controls.ParsePeriod(o.MaxAge); err != nil || o.maxAge.N <= 0 {
			return flagErrorf("--max-age: %q is not a period (18m, 1y, 90d, 6w)", o.MaxAge)
		}
	}
	if o.read, err = o.Layout.validate(); err != nil {
		return err
	}
	return nil
}

func fillRun(cmd *cobra.Command, f *Factory, opts *FillOptions) error {
	ctx := cmd.Context()
	if err := checkInput(opts.Input); err != nil {
		return err
	}
	out := opts.Out
	if out == "" {
		out = questionnaire.DefaultOut(opts.Input)
	} else if info, err := os.Stat(out); err == nil && info.IsDir() {
		out = filepath.Join(out, filepath.Base(questionnaire.DefaultOut(opts.Input))) // --out FOLDER
	}
	// Every output is checked before anything is written: the copy and
	// the report are one file however they are spelled (./r.xlsx, a
	// symlink, a hard link) when they are the same file on disk.
	if err := questionnaire.CheckOut(opts.Input, out, opts.Force); err != nil {
		return err
	}
	if opts.Report != "" {
		if outfile.Same(opts.Report, out) {
			return flagErrorf("--report %s and --out %s are the same file: give the report another name", opts.Report, out)
		}
		if err := questionnaire.CheckOut(opts.Input, opts.Report, opts.Force); err != nil {
			return err
		}
	}
	// The copy and the report go to temporary files beside their names,
	// under a lock that a second vouch writing the same output fails on,
	// and are moved into place together: both or neither.
	set := outfile.NewSet(opts.Force)
	defer set.Abort()
	tmpOut, err := set.Add(ctx, out)
	if err != nil {
		return err
	}
	var tmpReport string
	if opts.Report != "" {
		if tmpReport, err = set.Add(ctx, opts.Report); err != nil {
			return err
		}
	}
	cat, err := f.Catalog(ctx)
	if err != nil {
		return err
	}
	noteCatalog(f, cat)
	eng := match.New(cat, match.Options{MinConfidence: opts.MinConfidence, AsOf: f.now(), MaxAge: opts.maxAge})
	bar := newProgress(f.IOStreams)
	rep, err := questionnaire.Fill(ctx, opts.Input, eng, questionnaire.FillOptions{
		ReadOptions: opts.read, Out: tmpOut, Overwrite: opts.Overwrite, Progress: bar.update,
	})
	bar.done()
	if err != nil {
		return renamed(err, tmpOut, out)
	}
	rep.Output = out
	if tmpReport != "" {
		if err := outfile.WriteTemp(tmpReport, func(w io.Writer) error { return output.EncodeJSON(w, rep) }); err != nil {
			return fmt.Errorf("cannot write %s: %w", opts.Report, err)
		}
	}
	// A signal during the long steps is acted on here at the latest:
	// nothing is moved into place.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := set.Commit(); err != nil {
		return err
	}
	if err := writeFillReport(f.IOStreams, opts.format, rep); err != nil {
		return err
	}
	if opts.FailOn == "review" && rep.Summary.Review > 0 {
		return &FoundError{Msg: fmt.Sprintf("%d questions for review (--fail-on review)", rep.Summary.Review)}
	}
	return nil
}

// progress draws a progress bar on a terminal stderr for large inputs.
type progress struct {
	ios  *term.IOStreams
	last int
	on   bool
}

// progressMin is the number of questions above which a bar is drawn.
const progressMin = 300

func newProgress(ios *term.IOStreams) *progress { return &progress{ios: ios, last: -1} }

func (p *progress) update(done, total int) {
	if total <= progressMin || !p.ios.IsStderrTTY() {
		return
	}
	pct := done * 100 / total
	if pct == p.last {
		return
	}
	p.last, p.on = pct, true
	const width = 30
	n := pct * width / 100
	fmt.Fprintf(p.ios.ErrOut, "\rfilling [%s%s] %3d%% %d/%d", strings.Repeat("#", n), strings.Repeat(" ", width-n), pct, done, total)
}

func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.ios.ErrOut, "\r\033[K")
	}
}

// fillItems is the report's items as a table (csv).
type fillItems struct{ rep *questionnaire.Report }

func (t fillItems) Grid() output.Grid {
	g := output.Grid{Header: []string{"sheet", "row", "id", "question", "status", "verdict", "answer", "comment", "controls", "library", "confidence", "reasons"}, StatusCol: 4}
	for _, it := range t.rep.Items {
		g.Rows = append(g.Rows, []string{it.Sheet, strconv.Itoa(it.Row), it.ID, it.Question, it.Status, it.Verdict, it.Answer, it.Comment,
			strings.Join(it.Controls, " "), it.Library, strconv.FormatFloat(it.Confidence, 'f', 2, 64), strings.Join(it.Reasons, "; ")})
	}
	return g
}

// reviewRows is the review items as the terminal summary shows them.
type reviewRows struct {
	rep   *questionnaire.Report
	limit int // rows shown at most; 0 for all
}

func (t reviewRows) Grid() output.Grid {
	g := output.Grid{Header: []string{"sheet", "row", "id", "question", "confidence", "best candidate"}, StatusCol: -1}
	for _, it := range t.rep.Items {
		if it.Status != questionnaire.StatusReview {
			continue
		}
		best := ""
		if cs := it.Candidates(); len(cs) > 0 {
			best = strings.TrimSpace(cs[0].ID + " " + cs[0].Title)
		}
		if t.limit > 0 && len(g.Rows) == t.limit {
			break
		}
		g.Rows = append(g.Rows, []string{it.Sheet, strconv.Itoa(it.Row), it.ID, truncate(oneLine(it.Question), 70), strconv.FormatFloat(it.Confidence, 'f', 2, 64), truncate(best, 40)})
	}
	return g
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func writeFillReport(ios *term.IOStreams, format output.Format, rep *questionnaire.Report) error {
	switch format {
	case output.JSON, output.YAML:
		return output.Write(ios, format, rep)
	case output.CSV:
		return output.Write(ios, format, fillItems{rep})
	}
	st := ui.New(ios)
	s := rep.Summary
	review := fmt.Sprint(s.Review)
	if s.Review > 0 {
		review = st.Warn.Render(review)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", st.Title.Render(fmt.Sprintf("%d questions found in %s", s.Questions, rep.Input)))
	fmt.Fprintf(&b, "  answered %s, for review %s, skipped %s\n", st.OK.Render(fmt.Sprint(s.Answered)), review, fmt.Sprint(s.Skipped))
	if len(s.Sheets) > 1 {
		for _, sh := range s.Sheets {
			fmt.Fprintf(&b, "  %s: %d questions, %d answered, %d for review, %d skipped\n", sh.Sheet, sh.Questions, sh.Answered, sh.Review, sh.Skipped)
		}
	}
	if cells, sheets := rep.AnsweredElsewhere(); cells > 0 {
		fmt.Fprintf(&b, "  answered elsewhere: %d answer cells on %d sheets are formulas (not written; see inspect)\n", cells, sheets)
	}
	fmt.Fprintf(&b, "  written to %s\n", rep.Output)
	if _, err := io.WriteString(ios.Out, b.String()); err != nil {
		return err
	}
	if s.Review == 0 {
		return nil
	}
	if _, err := io.WriteString(ios.Out, "\n"+st.Label.Render("For review:")+"\n"); err != nil {
		return err
	}
	// A terminal shows the first rows; a pipe gets them all.
	limit := 0
	if ios.IsStdoutTTY() {
		limit = 25
	}
	if err := output.Write(ios, output.Table, reviewRows{rep, limit}); err != nil {
		return err
	}
	if limit > 0 && s.Review > limit {
		where := fmt.Sprintf("the %q sheet of %s, or -o json", questionnaire.ReviewSheet, rep.Output)
		if strings.EqualFold(filepath.Ext(rep.Output), ".csv") {
			where = "--report FILE or -o json"
		}
		_, err := fmt.Fprintf(ios.Out, "%s\n", st.Dim.Render(fmt.Sprintf("… and %d more: see %s", s.Review-limit, where)))
		return err
	}
	return nil
}

// InspectOptions are the options of `questionnaire inspect`.
type InspectOptions struct {
	Input  string
	Output string
	Layout LayoutFlags

	format output.Format
	read   questionnaire.ReadOptions
}

func newCmdQuestionnaireInspect(f *Factory, runF func(*InspectOptions) error) *cobra.Command {
	opts := &InspectOptions{}
	cmd := &cobra.Command{
		Use:   "inspect FILE",
		Short: "Show what vouch sees in a questionnaire: sheets, columns, dropdowns, questions",
		Long: `Show what vouch sees in a questionnaire (.xlsx or .csv) before filling it:
its sheets (hidden or not, used or why not), each used sheet's header row,
question, ID, answer and comment columns, the dropdown values of the answer
cells, the number of questions, and what was guessed or is missing.
-o csv lists the questions themselves.

EXIT STATUS
  0 success; 1 bad input (not a spreadsheet, no question column, ...); 2 usage error`,
		Example: `  vouch questionnaire inspect buyer.xlsx
  vouch q inspect buyer.xlsx -o json
  vouch q inspect buyer.xlsx --sheet "Vendor Response" --header-row 4`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Input = args[0]
			var err error
			if opts.format, err = outputFormat(cmd, opts.Output); err != nil {
				return err
			}
			if opts.read, err = opts.Layout.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			if err := checkInput(opts.Input); err != nil {
				return err
			}
			doc, err := questionnaire.Read(cmd.Context(), opts.Input, opts.read)
			if err != nil {
				return err
			}
			return writeInspect(f.IOStreams, opts.format, doc)
		},
	}
	addOutputFlag(cmd, &opts.Output)
	opts.Layout.register(cmd)
	return cmd
}

// docQuestions is the questions of a document as a table (csv).
type docQuestions struct{ doc *questionnaire.Document }

func (t docQuestions) Grid() output.Grid {
	g := output.Grid{Header: []string{"sheet", "row", "id", "section", "question", "answer_cell", "comment_cell", "allowed", "answer", "comment"}, StatusCol: -1}
	for _, q := range t.doc.Questions {
		g.Rows = append(g.Rows, []string{q.Sheet, strconv.Itoa(q.Row), q.ID, q.Section, q.Text, q.AnswerCell, q.CommentCell, strings.Join(q.Allowed, " | "), q.Answer, q.Comment})
	}
	return g
}

// fedCells lists formula-fed answer cells as "C13:C21 <- START HERE!C13:C21":
// runs of cells in one column that copy a run of cells are one range.
func fedCells(fed []questionnaire.FedCell) string {
	var parts []string
	for i := 0; i < len(fed); {
		j := i + 1
		for j < len(fed) && next(fed[j-1].Cell, fed[j].Cell) && fed[j].From != "" && next(fed[j-1].From, fed[j].From) {
			j++
		}
		from := fed[i].From
		if from == "" {
			from = "=" + strings.TrimPrefix(fed[i].Formula, "=")
		}
		if j-i == 1 {
			parts = append(parts, fed[i].Cell+" <- "+from)
		} else {
			_, last, _ := strings.Cut(fed[j-1].From, "!")
			parts = append(parts, fed[i].Cell+":"+fed[j-1].Cell+" <- "+from+":"+last)
		}
		i = j
	}
	return strings.Join(parts, ", ")
}

// next says whether cell b is the cell below a ("C13", "C14"; "S!C13", "S!C14").
func next(a, b string) bool {
	sa, ca, okA := strings.Cut(a, "!")
	sb, cb, okB := strings.Cut(b, "!")
	if !okA {
		ca, sa = sa, ""
	}
	if !okB {
		cb, sb = sb, ""
	}
	split := func(c string) (string, int) {
		k := strings.IndexAny(c, "0123456789")
		if k <= 0 {
			return "", -1
		}
		n, err := strconv.Atoi(c[k:])
		if err != nil {
			return "", -1
		}
		return c[:k], n
	}
	colA, rowA := split(ca)
	colB, rowB := split(cb)
	return sa == sb && colA != "" && colA == colB && rowA >= 0 && rowB == rowA+1
}

// docSheets is the sheets of a document as a table.
type docSheets struct{ doc *questionnaire.Document }

func (t docSheets) Grid() output.Grid {
	g := output.Grid{Header: []string{"sheet", "hidden", "rows", "used"}, StatusCol: -1}
	for _, s := range t.doc.Sheets {
		used := "yes"
		if !s.Used {
			used = "no: " + s.Reason
		}
		hidden := ""
		if s.Hidden {
			hidden = "hidden"
		}
		g.Rows = append(g.Rows, []string{s.Name, hidden, strconv.Itoa(s.Rows), used})
	}
	return g
}

func writeInspect(ios *term.IOStreams, format output.Format, doc *questionnaire.Document) error {
	switch format {
	case output.JSON, output.YAML:
		return output.Write(ios, format, doc)
	case output.CSV:
		return output.Write(ios, format, docQuestions{doc})
	}
	st := ui.New(ios)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", st.Title.Render(fmt.Sprintf("%s (%s): %d questions", doc.Path, doc.Format, len(doc.Questions))))
	none := func(s string) string {
		if s == "" {
			return st.Dim.Render("none")
		}
		return s
	}
	for _, l := range doc.Layouts {
		fmt.Fprintf(&b, "\n%s %s\n", st.Label.Render("sheet"), l.Sheet)
		fmt.Fprintf(&b, "  header row   %d\n", l.HeaderRow)
		fmt.Fprintf(&b, "  questions    column %s, %d questions\n", l.QuestionCol, l.Questions)
		if len(l.Sections) > 0 {
			fmt.Fprintf(&b, "  sections     %d: %s\n", len(l.Sections), truncate(strings.Join(l.Sections, "; "), 160))
		}
		if len(l.FormulaFed) > 0 {
			fmt.Fprintf(&b, "  formula-fed  %d answer cells, answered elsewhere (not written): %s\n", len(l.FormulaFed), truncate(fedCells(l.FormulaFed), 160))
		}
		fmt.Fprintf(&b, "  id           %s\n", none(l.IDCol))
		fmt.Fprintf(&b, "  answer       %s\n", none(l.AnswerCol))
		fmt.Fprintf(&b, "  comment      %s\n", none(l.CommentCol))
		if l.SectionCol != "" {
			fmt.Fprintf(&b, "  section      %s\n", l.SectionCol)
		}
		if l.ChoicesCol != "" {
			fmt.Fprintf(&b, "  choices      %s\n", l.ChoicesCol)
		}
		allowed := 0
		for _, q := range doc.Questions {
			if q.Sheet == l.Sheet && len(q.Allowed) > 0 {
				allowed++
			}
		}
		fmt.Fprintf(&b, "  dropdowns    %d answer cells with a list", allowed)
		if len(l.Dropdowns) > 0 {
			fmt.Fprintf(&b, ": %s", truncate(strings.Join(l.Dropdowns, "; "), 160))
		}
		b.WriteString("\n")
		for _, n := range l.Notes {
			fmt.Fprintf(&b, "  %s %s\n", st.Warn.Render("note"), n)
		}
	}
	if doc.Format == "xlsx" {
		b.WriteString("\n")
	}
	if _, err := io.WriteString(ios.Out, b.String()); err != nil {
		return err
	}
	if doc.Format == "xlsx" {
		return output.Write(ios, output.Table, docSheets{doc})
	}
	return nil
}
