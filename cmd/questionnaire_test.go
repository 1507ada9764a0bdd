package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/term"
	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/questionnaire"
)

// questionBook writes a small buyer workbook: a title row, a header, an
// inline dropdown on the answers and n extra filler questions.
func questionBook(t *testing.T, dir string, extra int) string {
	t.Helper()
	data := [][]any{
		{"Buyer security questionnaire"},
		{"ID", "Question", "Answer", "Comments"},
		{"Q1", "Do you encrypt customer data at rest?", "", ""},
		{"Q2", "Do you hold a FedRAMP High authorization?", "", ""},
		{"Q3", "Do you enforce multi-factor authentication for administrators?", "", ""},
	}
	for i := 0; i < extra; i++ {
		data = append(data, []any{fmt.Sprintf("X%d", i), fmt.Sprintf("Do you review firewall rule set number %d?", i), "", ""})
	}
	p := filepath.Join(dir, "buyer.xlsx")
	writeBook(t, p, "Sheet1", data, fmt.Sprintf("C3:C%d", len(data)))
	return p
}

// writeBook writes a one-sheet workbook named sheet holding rows, with a
// Yes/No/N/A dropdown on the cells of sqref.
func writeBook(t *testing.T, path, sheet string, rows [][]any, sqref string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	dv.Type = "list"
	dv.Formula1 = `"Yes,No,N/A"`
	if err := f.AddDataValidation(sheet, dv); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestQuestionnaireFill(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 0)
	report := filepath.Join(dir, "report.json")
	r := run(t, "questionnaire", "fill", in, "--report", report)
	if r.code != 0 {
		t.Fatalf("code %d: %s", r.code, r.err)
	}
	out := filepath.Join(dir, "buyer.filled.xlsx")
	for _, want := range []string{"3 questions found in " + in, "for review", "written to " + out} {
		if !strings.Contains(r.out, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.out)
		}
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Input   string
		Output  string
		Summary struct{ Questions, Answered, Review, Skipped int }
		Items   []struct {
			Row     int
			Status  string
			Answer  string
			Reasons []string
		}
	}
	b, _ := os.ReadFile(report)
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, b)
	}
	if rep.Summary.Questions != 3 || len(rep.Items) != 3 || rep.Items[0].Row != 3 || rep.Output != out {
		t.Errorf("report %+v", rep)
	}
	// FedRAMP is not in the catalog: never answered.
	if it := rep.Items[1]; it.Status != "review" || it.Answer != "" {
		t.Errorf("FedRAMP item %+v", it)
	}
	for _, it := range rep.Items {
		if it.Answer != "" && it.Answer != "Yes" && it.Answer != "No" && it.Answer != "N/A" {
			t.Errorf("row %d answer %q outside the dropdown", it.Row, it.Answer)
		}
	}

	// No overwriting without --force; the report file too.
	r = run(t, "q", "fill", in)
	if r.code != 1 || !strings.Contains(r.err, "buyer.filled.xlsx already exists: use --force") {
		t.Errorf("second fill: %d %s", r.code, r.err)
	}
	r = run(t, "q", "fill", in, "--out", filepath.Join(dir, "o2.xlsx"), "--report", report)
	if r.code != 1 || !strings.Contains(r.err, "report.json already exists") {
		t.Errorf("report exists: %d %s", r.code, r.err)
	}
	if _, err := os.Stat(filepath.Join(dir, "o2.xlsx")); err == nil {
		t.Error("an output was written although the report could not be")
	}
	// -o json prints the report; --fail-on review exits 3.
	r = run(t, "q", "fill", in, "--force", "-o", "json", "--fail-on", "review")
	if r.code != 3 || !strings.Contains(r.err, "questions for review (--fail-on review)") {
		t.Errorf("--fail-on review: %d %s", r.code, r.err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(r.out), &m); err != nil || m["summary"] == nil || m["items"] == nil {
		t.Errorf("-o json: %v\n%s", err, r.out)
	}
	if r := run(t, "q", "fill", in, "--force", "-o", "csv"); r.code != 0 || !strings.HasPrefix(r.out, "sheet,row,id,question,status") {
		t.Errorf("-o csv: %d %s", r.code, r.out)
	}
}

func TestQuestionnaireUsageAndBadInput(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 0)
	junk := filepath.Join(dir, "notes.txt")
	os.WriteFile(junk, []byte("\x00\x01binary"), 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"questionnaire", "fill"}, 2, "accepts 1 arg(s), received 0"},
		{[]string{"q", "fill", in, "--min-confidence", "1.5"}, 2, "--min-confidence: 1.5 is out of range"},
		{[]string{"q", "fill", in, "--fail-on", "gaps"}, 2, `--fail-on: invalid value "gaps"`},
		{[]string{"q", "fill", in, "--question-col", "12"}, 2, `--question-col: "12" is not a column`},
		{[]string{"q", "fill", in, "-o", "xml"}, 2, "invalid output format"},
		{[]string{"q", "inspect", in, "--header-row", "-1"}, 2, "--header-row"},
		{[]string{"q", "fill", junk}, 1, "notes.txt: not an .xlsx or .csv file"},
		{[]string{"q", "fill", dir}, 1, "is a directory, not a questionnaire"},
		{[]string{"q", "fill", in, "--out", in}, 1, "the output is the input file"},
		{[]string{"q", "inspect", filepath.Join(dir, "missing.xlsx")}, 1, "missing.xlsx: no such file"},
		{[]string{"q", "fill", in, "--password-file", filepath.Join(dir, "nope")}, 1, "--password-file"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := run(t, tt.args...)
			if r.code != tt.code || !strings.Contains(r.err, tt.want) {
				t.Errorf("code %d, stderr %q; want %d and %q", r.code, r.err, tt.code, tt.want)
			}
			if first := strings.SplitN(r.err, "\n", 2)[0]; !strings.HasPrefix(first, "error: ") {
				t.Errorf("first line %q", first)
			}
		})
	}
	if got := testutil.ListDir(t, dir); strings.Join(got, ",") != "buyer.xlsx,notes.txt" {
		t.Errorf("folder holds %v: something was written", got)
	}
}

func TestQuestionnaireInspect(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 0)
	r := run(t, "questionnaire", "inspect", in)
	if r.code != 0 {
		t.Fatalf("%d %s", r.code, r.err)
	}
	for _, want := range []string{"3 questions", "header row   2", "questions    column B, 3 questions", "id           A", "answer       C", "comment      D", "3 answer cells with a list: Yes | No | N/A", "Sheet1\t\t5\tyes"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("inspect lacks %q:\n%s", want, r.out)
		}
	}
	r = run(t, "q", "inspect", in, "-o", "json")
	var doc struct {
		Format  string
		Layouts []struct {
			AnswerCol string `json:"answer_col"`
		}
		Questions []struct{ Allowed []string }
	}
	if err := json.Unmarshal([]byte(r.out), &doc); err != nil || doc.Format != "xlsx" || doc.Layouts[0].AnswerCol != "C" || len(doc.Questions[0].Allowed) != 3 {
		t.Errorf("-o json: %v %+v", err, doc)
	}
	r = run(t, "q", "inspect", in, "-o", "csv")
	if !strings.HasPrefix(r.out, "sheet,row,id,section,question") || strings.Count(r.out, "\n") != 4 {
		t.Errorf("-o csv:\n%s", r.out)
	}
	// Overrides are honoured.
	r = run(t, "q", "inspect", in, "--header-row", "2", "--question-col", "B", "--answer-col", "D", "--comment-col", "C", "--id-col", "A", "-o", "json")
	if !strings.Contains(r.out, `"answer_col": "D"`) || !strings.Contains(r.out, `"comment_col": "C"`) {
		t.Errorf("overrides:\n%s", r.out)
	}
}

// TestQuestionnaireProgress: a bar on a terminal stderr above 300 questions,
// none when stderr is piped.
func TestQuestionnaireProgress(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 320)
	for _, tty := range []bool{true, false} {
		ios, _, _, errOut := term.Test()
		ios.SetTTY(false, false, tty)
		f := &Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
		t.Setenv("VOUCH_CATALOG", "")
		t.Setenv("XDG_CONFIG_HOME", t.TempDir())
		code := Run(context.Background(), f, []string{"q", "fill", in, "--force"})
		if code != 0 {
			t.Fatalf("code %d: %s", code, errOut)
		}
		if has := strings.Contains(errOut.String(), "filling ["); has != tty {
			t.Errorf("tty=%v: progress shown=%v: %q", tty, has, errOut.String())
		}
	}
}

func TestQuestionnaireFlagsParsed(t *testing.T) {
	ios, _, _, _ := term.Test()
	f := &Factory{IOStreams: ios}
	var got *FillOptions
	cmd := newCmdQuestionnaireFill(f, func(o *FillOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"b.xlsx", "--out", "o.xlsx", "--report", "r.json", "--min-confidence", "0.6", "--force", "--overwrite",
		"--sheet", "S", "--header-row", "4", "--question-col", "c", "--answer-col", "D", "--comment-col", "E", "--id-col", "A", "--fail-on", "review"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Input != "b.xlsx" || got.Out != "o.xlsx" || got.Report != "r.json" || got.MinConfidence != 0.6 || !got.Force || !got.Overwrite ||
		got.read.Sheet != "S" || got.read.HeaderRow != 4 || got.read.QuestionCol != "c" || got.read.AnswerCol != "D" || got.read.CommentCol != "E" ||
		got.read.IDCol != "A" || got.FailOn != "review" {
		t.Errorf("options %+v", got)
	}
}

func TestQuestionnaireEncrypted(t *testing.T) {
	dir := t.TempDir()
	plain := questionBook(t, dir, 0)
	f, err := excelize.OpenFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	enc := filepath.Join(dir, "secret.xlsx")
	if err := f.SaveAs(enc, excelize.Options{Password: "hunter2"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := run(t, "q", "inspect", enc)
	if r.code != 1 || !strings.Contains(r.err, "secret.xlsx: the workbook is encrypted (password-protected): give its password with --password-file") {
		t.Errorf("no password: %d %s", r.code, r.err)
	}
	pw := filepath.Join(dir, "pw.txt")
	os.WriteFile(pw, []byte("hunter2\n"), 0o600)
	r = run(t, "q", "fill", enc, "--password-file", pw, "--out", filepath.Join(dir, "out.xlsx"))
	if r.code != 0 || !strings.Contains(r.out, "3 questions found") {
		t.Errorf("with password: %d %s %s", r.code, r.out, r.err)
	}
	os.WriteFile(pw, []byte("wrong\n"), 0o600)
	r = run(t, "q", "inspect", enc, "--password-file", pw)
	if r.code != 1 || !strings.Contains(r.err, "the password given does not open it") {
		t.Errorf("wrong password: %d %s", r.code, r.err)
	}
}

func TestQuestionnaireTTYColor(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 0)
	ios, _, out, errOut := term.Test()
	ios.SetTTY(false, true, false)
	ios.SetColor(true)
	f := &Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }}
	t.Setenv("VOUCH_CATALOG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if code := Run(context.Background(), f, []string{"q", "fill", in}); code != 0 {
		t.Fatalf("code %d: %s", code, errOut)
	}
	if !strings.Contains(out.String(), "\x1b[") || !strings.Contains(out.String(), "For review:") {
		t.Errorf("terminal summary without color or review rows:\n%s", out)
	}
}

// TestFedCells: formula-fed answer cells print as ranges where a run of
// cells copies a run of cells; a formula vouch cannot follow prints as is.
func TestFedCells(t *testing.T) {
	var fed []questionnaire.FedCell
	for r := 13; r <= 21; r++ {
		fed = append(fed, questionnaire.FedCell{Cell: "C" + strconv.Itoa(r), From: "START HERE!C" + strconv.Itoa(r)})
	}
	fed = append(fed, questionnaire.FedCell{Cell: "C23", From: "Organization!C40"}, questionnaire.FedCell{Cell: "C24", Formula: "INDEX(A:A,3)"})
	want := "C13:C21 <- START HERE!C13:C21, C23 <- Organization!C40, C24 <- =INDEX(A:A,3)"
	if got := fedCells(fed); got != want {
		t.Errorf("fedCells = %q, want %q", got, want)
	}
}

// TestAskChoices: ask reads --choices as a choices column does, names and
// all, and says why a named Yes that claims more goes to review.
func TestAskChoices(t *testing.T) {
	const roles = "Can users perform only the actions appropriate for their role?"
	r := run(t, "questionnaire", "ask", roles, "--choices", "r_yes=The application enforces these restrictions. | r_no=Some checks may be missing.", "-o", "json")
	var x struct {
		Status, Answer string
		Controls       []string
		Choices        []string
	}
	if r.code != 0 || json.Unmarshal([]byte(r.out), &x) != nil {
		t.Fatalf("ask: code %d, %s %s", r.code, r.out, r.err)
	}
	if x.Status != "answered" || x.Answer != "The application enforces these restrictions." || !slices.Contains(x.Controls, "IAM-04") {
		t.Errorf("named Yes: %+v", x)
	}
	if !slices.Equal(x.Choices, []string{"The application enforces these restrictions.", "Some checks may be missing."}) {
		t.Errorf("choices shown as %q, want the values without their names", x.Choices)
	}
	r = run(t, "questionnaire", "ask", "Do you protect administrator passwords?", "--choices", "p_yes=They are kept in a safe and changed after every use. | p_no=We are not that careful.")
	if r.code != 0 || !strings.Contains(r.out, "claims “all/every”") {
		t.Errorf("named Yes that claims more: code %d\n%s", r.code, r.out)
	}
}
