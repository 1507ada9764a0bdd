package questionnaire

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/testutil"

	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// buyerBook is a workbook with every kind of answer cell: inline list,
// defined name on a hidden sheet, x14 list, free text, an existing answer.
func buyerBook(t testing.TB, dir string) string {
	p := book(t, dir, "buyer.xlsx", func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Vendor Response")
		s := "Vendor Response"
		rows(t, f, s, 1, [][]any{
			{"ACME vendor security questionnaire"},
			{},
			{"ID", "Question", "Answer", "Comments"},
			{"Q1", "Do you enforce MFA?", "", ""},
			{"Q2", "Do you run third-party penetration tests?", "", ""},
			{"Q3", "Describe how you handle formula injection", "", ""},
			{"Q4", "Do you maybe support SSO?", "", ""},
			{"Q5", "Do you encrypt data at rest?", "No", "Not yet."},
			{"Q6", "Is physical security applicable?", "", ""},
		})
		rows(t, f, "Values", 1, [][]any{{"Answers"}, {"Yes"}, {"No"}})
		f.SetSheetVisible("Values", false)
		rows(t, f, "Lists", 1, [][]any{{"Yes"}, {"No"}, {"N/A"}})
		f.SetSheetVisible("Lists", false)
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "YesNo", RefersTo: "Values!$A$2:$A$3"}); err != nil {
			t.Fatal(err)
		}
		dropdown(t, f, s, "C4", `"YES,NO,N/A"`)
		dropdown(t, f, s, "C5 C7:C8", "YesNo")
		f.SetColWidth(s, "B", "B", 60)
		st, _ := f.NewStyle(&excelize.Style{Border: []excelize.Border{{Type: "left", Color: "000000", Style: 2}}, Font: &excelize.Font{Italic: true},
			Alignment: &excelize.Alignment{WrapText: true}})
		f.SetCellStyle(s, "C4", "C9", st)
		f.MergeCell(s, "A1", "D1")
	})
	addX14(t, p, "xl/worksheets/sheet1.xml", "C9", "Lists!$A$1:$A$3")
	return p
}

func cell(t testing.TB, f *excelize.File, sheet, c string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, c)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFillXLSX(t *testing.T) {
	dir := t.TempDir()
	in := buyerBook(t, dir)
	before := sha(t, in)
	a := &fakeAnswerer{}
	rep, err := Fill(context.Background(), in, a, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sha(t, in) != before {
		t.Fatal("the input was modified")
	}
	out := filepath.Join(dir, "buyer.filled.xlsx")
	if rep.Output != out || rep.Input != in {
		t.Errorf("report input/output = %s, %s", rep.Input, rep.Output)
	}
	if got := testutil.ListDir(t, dir); !reflect.DeepEqual(got, []string{"buyer.filled.xlsx", "buyer.xlsx"}) {
		t.Errorf("folder holds %v (temp file left?)", got)
	}
	if s := rep.Summary; s.Questions != 6 || s.Answered != 3 || s.Review != 2 || s.Skipped != 1 {
		t.Errorf("summary = %+v, want 6 questions, 3 answered, 2 review, 1 skipped", s)
	}
	// The answerer saw the dropdowns and the comment column.
	if q := a.queries[0]; !reflect.DeepEqual(q.Allowed, []string{"YES", "NO", "N/A"}) || !q.HasComment || q.ID != "Q1" {
		t.Errorf("first query = %+v", q)
	}
	type row struct {
		Row            int
		Status, Answer string
	}
	var got []row
	for _, it := range rep.Items {
		got = append(got, row{it.Row, it.Status, it.Answer})
	}
	want := []row{{4, "answered", "YES"}, {5, "review", ""}, {6, "answered", `=HYPERLINK("http://x")`}, {7, "review", ""}, {8, "skipped", ""}, {9, "answered", "N/A"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items:\n got %+v\nwant %+v", got, want)
	}
	if r := rep.Items[3].Reasons; len(r) == 0 || !strings.Contains(r[len(r)-1], `"Partially" is not among the dropdown values`) {
		t.Errorf("out-of-dropdown reasons = %q", r)
	}
	if r := rep.Items[4].Reasons; !reflect.DeepEqual(r, []string{"already answered"}) {
		t.Errorf("skipped reasons = %q", r)
	}

	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := "Vendor Response"
	for c, w := range map[string]string{"C4": "YES", "D4": "Statement for Q1", "C5": "", "D5": "", "C6": `=HYPERLINK("http://x")`, "D6": "+1 -2 @x", "C8": "No", "D8": "Not yet.", "C9": "N/A"} {
		if v := cell(t, f, s, c); v != w {
			t.Errorf("%s = %q, want %q", c, v, w)
		}
	}
	if fm, _ := f.GetCellFormula(s, "C6"); fm != "" {
		t.Errorf("C6 became a formula: %q", fm)
	}
	// Review cells: highlighted, the cell's own style kept, a note.
	for _, c := range []string{"C5", "C7"} {
		id, _ := f.GetCellStyle(s, c)
		st, _ := f.GetStyle(id)
		if st == nil || len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], reviewFill) {
			t.Errorf("%s not highlighted: %+v", c, st)
		} else if len(st.Border) == 0 || st.Font == nil || !st.Font.Italic || st.Alignment == nil || !st.Alignment.WrapText {
			t.Errorf("%s lost its border, font or wrap: %+v", c, st)
		}
	}
	comments, _ := f.GetComments(s)
	notes := map[string]string{}
	for _, c := range comments {
		var b strings.Builder
		for _, p := range c.Paragraph {
			b.WriteString(p.Text)
		}
		notes[c.Cell] = b.String() + c.Text
	}
	if n := notes["C5"]; !strings.Contains(n, "penetration test") || !strings.Contains(n, "VUL-02 Vulnerability scanning (0.31)") {
		t.Errorf("note on C5 = %q", n)
	}
	if _, ok := notes["C4"]; ok || len(notes) != 2 {
		t.Errorf("notes = %v, want C5 and C7 only", notes)
	}
	// What must survive: hidden sheets, defined names, both kinds of dropdowns, merges, widths.
	for _, h := range []string{"Values", "Lists"} {
		if v, err := f.GetSheetVisible(h); err != nil || v {
			t.Errorf("sheet %s visible=%v err=%v, want hidden", h, v, err)
		}
	}
	names := false
	for _, d := range f.GetDefinedName() {
		names = names || (d.Name == "YesNo" && d.RefersTo == "Values!$A$2:$A$3")
	}
	if !names {
		t.Errorf("defined name YesNo lost: %+v", f.GetDefinedName())
	}
	dvs, _ := f.GetDataValidations(s)
	var sq []string
	for _, dv := range dvs {
		sq = append(sq, dv.Sqref)
	}
	sort.Strings(sq)
	if !reflect.DeepEqual(sq, []string{"C4", "C5 C7:C8"}) && !reflect.DeepEqual(sq, []string{"C4", "C5 C7:C8", "C9"}) {
		t.Errorf("classic validations = %v", sq)
	}
	info, err := xlsx.ReadPackage(out, DefaultMaxUnzipBytes)
	if err != nil {
		t.Fatal(err)
	}
	if v := info.X14[s]; len(v) != 1 || v[0].Sqref != "C9" {
		t.Errorf("x14 validation lost: %+v", v)
	}
	if m, _ := f.GetMergeCells(s); len(m) != 1 || m[0].GetStartAxis() != "A1" {
		t.Errorf("merges = %v", m)
	}
	if w, _ := f.GetColWidth(s, "B"); w != 60 {
		t.Errorf("width of B = %v", w)
	}
	// The review sheet.
	rs, err := f.GetRows(ReviewSheet)
	if err != nil {
		t.Fatalf("no %q sheet: %v", ReviewSheet, err)
	}
	if len(rs) != 3 || rs[0][3] != "Question" || rs[1][1] != "5" || rs[1][7] == "" || rs[2][2] != "Q4" {
		t.Errorf("review sheet = %q", rs)
	}
	if p, _ := f.GetPanes(ReviewSheet); !p.Freeze || p.YSplit != 1 {
		t.Errorf("review sheet panes = %+v", p)
	}
	// The filled copy reads back: existing answers are seen (learn reuses Read).
	doc := read(t, out, ReadOptions{})
	if len(doc.Questions) != 6 || doc.Questions[0].Answer != "YES" || doc.Questions[0].Comment != "Statement for Q1" {
		t.Errorf("filled copy reads as %+v", doc.Questions[0])
	}
	for _, sh := range doc.Sheets {
		if sh.Name == ReviewSheet && sh.Used {
			t.Error("the review sheet was read as questions")
		}
	}
}

func TestFillOutputRules(t *testing.T) {
	dir := t.TempDir()
	in := buyerBook(t, dir)
	a := &fakeAnswerer{}
	if _, err := Fill(context.Background(), in, a, FillOptions{}); err != nil {
		t.Fatal(err)
	}
	_, err := Fill(context.Background(), in, a, FillOptions{})
	if err == nil || !strings.Contains(err.Error(), "buyer.filled.xlsx already exists: use --force to replace it") {
		t.Errorf("second fill: %v", err)
	}
	rep, err := Fill(context.Background(), in, a, FillOptions{Force: true, Overwrite: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Skipped != 0 || rep.Items[4].Status != "answered" || rep.Items[4].Answer != "Yes" {
		t.Errorf("--overwrite: %+v", rep.Summary)
	}
	sub := mkdir(t, filepath.Join(dir, "filled"))
	if rep, err := Fill(context.Background(), in, a, FillOptions{Out: sub}); err != nil || rep.Output != filepath.Join(sub, "buyer.filled.xlsx") {
		t.Errorf("--out FOLDER: %v, %v", rep, err)
	}
	out := filepath.Join(dir, "custom.xlsx")
	if _, err := Fill(context.Background(), in, a, FillOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
}

func TestFillBadOutput(t *testing.T) {
	dir := t.TempDir()
	in := buyerBook(t, dir)
	os.Symlink(in, filepath.Join(dir, "link.xlsx"))
	wd, _ := os.Getwd()
	rel, _ := filepath.Rel(wd, filepath.Join(dir, "sub", "..", "buyer.xlsx"))
	unwritable := filepath.Join(dir, "ro")
	os.Mkdir(unwritable, 0o500)
	if os.Getuid() == 0 {
		unwritable = "/proc" // root writes anywhere else
	}
	mkdir(t, filepath.Join(dir, "buyer.filled.xlsx"))
	before := testutil.ListDir(t, dir)
	sum := sha(t, in)
	tests := []struct {
		name, out, want string
	}{
		{"same path", in, "the output is the input file"},
		{"through a symlink", filepath.Join(dir, "link.xlsx"), "the output is the input file"},
		{"relative spelling", rel, "the output is the input file"},
		{"unwritable folder", filepath.Join(unwritable, "out.xlsx"), "cannot write " + filepath.Join(unwritable, "out.xlsx")},
		{"missing folder", filepath.Join(dir, "nope", "out.xlsx"), "does not exist"},
		{"another format", filepath.Join(dir, "out.csv"), "out.csv: the filled copy keeps the input's format (xlsx)"},
		{"the input's own folder, holding a folder of the default name", dir, "buyer.filled.xlsx: is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Fill(context.Background(), in, &fakeAnswerer{}, FillOptions{Out: tt.out, Force: true})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if got := testutil.ListDir(t, dir); !reflect.DeepEqual(got, before) {
				t.Errorf("folder now holds %v, was %v", got, before)
			}
			if sha(t, in) != sum {
				t.Error("input modified")
			}
		})
	}
	// Bad input writes nothing either.
	bad := filepath.Join(dir, "bad.xlsx")
	os.WriteFile(bad, []byte("PK\x03\x04garbage"), 0o644)
	if _, err := Fill(context.Background(), bad, &fakeAnswerer{}, FillOptions{}); err == nil || !strings.Contains(err.Error(), "not a valid .xlsx file") {
		t.Errorf("bad input: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.filled.xlsx")); err == nil {
		t.Error("bad input left an output")
	}
}

func TestFillCSV(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "buyer.csv")
	data := "\xEF\xBB\xBFid;question;choices\n1;\"Do you enforce\nMFA?\";Yes | No\n2;Describe your formula handling;\n3;Do you run penetration tests?;Yes | No\n"
	os.WriteFile(in, []byte(data), 0o644)
	rep, err := Fill(context.Background(), in, &fakeAnswerer{}, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if string(mustRead(t, in)) != data {
		t.Fatal("input modified")
	}
	b := mustRead(t, filepath.Join(dir, "buyer.filled.csv"))
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Error("BOM lost")
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"id", "question", "choices", "Answer", "Comment", CSVReviewColumn},
		{"1", "Do you enforce\nMFA?", "Yes | No", "Yes", "Statement for 1", ""},
		{"2", "Describe your formula handling", "", `'=HYPERLINK("http://x")`, "'+1 -2 @x", ""},
		{"3", "Do you run penetration tests?", "Yes | No", "", "", "vouch: for review: no control states a third-party penetration test"},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("output:\n got %q\nwant %q", recs, want)
	}
	if rep.Summary.Answered != 2 || rep.Summary.Review != 1 {
		t.Errorf("summary %+v", rep.Summary)
	}
}

func mkdir(t testing.TB, p string) string {
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustRead(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReportContract checks the JSON field names of DESIGN.md exactly.
func TestReportContract(t *testing.T) {
	dir := t.TempDir()
	rep, err := Fill(context.Background(), buyerBook(t, dir), &fakeAnswerer{}, FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rep)
	var m map[string]any
	json.Unmarshal(b, &m)
	keys := func(v any) []string {
		var out []string
		for k := range v.(map[string]any) {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	if got := keys(m); !reflect.DeepEqual(got, []string{"input", "items", "output", "summary"}) {
		t.Errorf("top keys %v", got)
	}
	sum := m["summary"].(map[string]any)
	for _, k := range []string{"questions", "answered", "review", "skipped"} {
		if _, ok := sum[k].(float64); !ok {
			t.Errorf("summary.%s missing", k)
		}
	}
	items := m["items"].([]any)
	want := []string{"answer", "comment", "confidence", "controls", "id", "library", "question", "reasons", "row", "sheet", "status", "verdict"}
	for _, it := range items {
		if got := keys(it); !reflect.DeepEqual(got, want) {
			t.Fatalf("item keys %v", got)
		}
		im := it.(map[string]any)
		if _, ok := im["controls"].([]any); !ok {
			t.Errorf("controls is %v, want a list", im["controls"])
		}
		if _, ok := im["reasons"].([]any); !ok {
			t.Errorf("reasons is %v, want a list", im["reasons"])
		}
	}
	if first := items[0].(map[string]any); first["sheet"] != "Vendor Response" || first["row"] != 4.0 || first["verdict"] != "yes" {
		t.Errorf("first item %v", first)
	}
}

func TestAllowedSpelling(t *testing.T) {
	tests := []struct {
		v       string
		allowed []string
		want    string
		ok      bool
	}{
		{"Yes", []string{"YES", "NO"}, "YES", true},
		{"Yes", []string{"Y", "N", "NA"}, "Y", true},
		{"N/A", []string{"Yes", "No", "NA"}, "NA", true},
		{"NA", []string{"Yes", "No", "N/A"}, "N/A", true},
		{"No", []string{"y", "n"}, "n", true},
		{"Partially", []string{"Yes", "No"}, "", false},
		{"Yes", []string{"Compliant", "Non-compliant"}, "", false},
	}
	for _, tt := range tests {
		got, ok := allowedSpelling(tt.v, tt.allowed)
		if got != tt.want || ok != tt.ok {
			t.Errorf("allowedSpelling(%q, %q) = %q, %v; want %q, %v", tt.v, tt.allowed, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFillCancelled(t *testing.T) {
	dir := t.TempDir()
	in := buyerBook(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Fill(ctx, in, &fakeAnswerer{}, FillOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if got := testutil.ListDir(t, dir); !reflect.DeepEqual(got, []string{"buyer.xlsx"}) {
		t.Errorf("folder holds %v", got)
	}
}

// A sheet with questions only gets Answer and Comment columns after its
// last used column, titled in the header row's style.
func TestFillAppendsColumnsToXLSX(t *testing.T) {
	dir := t.TempDir()
	in := book(t, dir, "questions-only.xlsx", func(f *excelize.File) {
		rows(t, f, "Sheet1", 1, [][]any{
			{"Ref", "Question"},
			{"Q1", "Do you encrypt data at rest?"},
			{"Q2", "Do you run penetration tests?"},
		})
		st, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		f.SetCellStyle("Sheet1", "A1", "B1", st)
	})
	doc, err := Read(context.Background(), in, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	l := doc.Layouts[0]
	if l.AnswerCol != "C" || l.CommentCol != "D" || !l.AppendedAnswer || !l.AppendedComment {
		t.Fatalf("layout = %+v", l)
	}
	out := filepath.Join(dir, "out.xlsx")
	if _, err := Fill(context.Background(), in, &fakeAnswerer{}, FillOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]string{"C1": "Answer", "D1": "Comment", "C2": "Yes", "D2": "Statement for Q1", "C3": ""} {
		if got, _ := f.GetCellValue("Sheet1", cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	head, _ := f.GetCellStyle("Sheet1", "B1")
	if got, _ := f.GetCellStyle("Sheet1", "C1"); got != head || head == 0 {
		t.Errorf("appended header style %d, question header style %d", got, head)
	}
}

// TestMergedAnswerCells: a question merged down over two rows is one
// question; an answer cell merged down over the next question's row is
// not that row's, which goes to review instead of being written where no
// one would see it; a comment cell under an answer merged across has no
// comment column.
func TestMergedAnswerCells(t *testing.T) {
	dir := t.TempDir()
	in := book(t, dir, "merged.xlsx", func(f *excelize.File) {
		rows(t, f, "Sheet1", 1, [][]any{
			{"ID", "Question", "Answer", "Comments"},
			{"Q1", "Do you enforce MFA?", "", ""},
			{"Q2", "Do you encrypt data at rest?", "", ""},
			{"Q3", "Do you support SSO?", "", ""},
			{"Q4", "Do you encrypt backups\nand archives?", "", ""},
			{"", "", "", ""},
		})
		for _, m := range [][2]string{{"C2", "C3"}, {"A5", "A6"}, {"B5", "B6"}, {"C5", "C6"}, {"C4", "D4"}} {
			if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	})
	doc := read(t, in, ReadOptions{})
	type q struct {
		Row                  int
		Answer, Comment, Why string
	}
	var got []q
	for _, x := range doc.Questions {
		got = append(got, q{x.Row, x.AnswerCell, x.CommentCell, x.Merged})
	}
	want := []q{{2, "C2", "D2", ""}, {3, "", "D3", "the answer cell C3 is covered by the merged cell C2"}, {4, "C4", "", ""}, {5, "C5", "D5", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("questions:\n got %+v\nwant %+v", got, want)
	}
	out := filepath.Join(dir, "out.xlsx")
	rep, err := Fill(context.Background(), in, &fakeAnswerer{}, FillOptions{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	it := rep.Items[1]
	if it.Status != StatusReview || it.Answer != "" || !strings.Contains(strings.Join(it.Reasons, "; "), "covered by the merged cell C2: vouch cannot write this answer") {
		t.Errorf("row 3 = %+v", it)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, want := range map[string]string{"C2": "Yes", "C5": "Yes"} {
		if v, _ := f.GetCellValue("Sheet1", cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
	// Nothing was written under the merge: the cell XML has no C3.
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if bytes.Contains(b, []byte(`r="C3" t=`)) {
				t.Error("a value was written into C3, under the merge")
			}
		}
	}
}

// TestFillNamedChoices: a choices column that names its values (VSAQ's
// "q_yes=We ... | q_no=We ...") is filled with the value named Yes when the
// catalog supports the question and the sentence claims no more than it.
func TestFillNamedChoices(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "vendor.csv")
	data := "id,question,type,choices\n" +
		"roles,Throughout your application have you made sure that users can only carry out the actions appropriate for their roles?,radiogroup,\"roles_yes=Our application enforces these role restrictions. | roles_no=Some checks may be missing.\"\n" +
		"rootpw,Do you protect administrator passwords?,radiogroup,\"rootpw_yes=Administrator passwords are kept in a safe and changed after every use. | rootpw_no=We are not that careful with them.\"\n"
	os.WriteFile(in, []byte(data), 0o644)
	rep, err := Fill(context.Background(), in, koraEngine(t, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)), FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Item{}
	for _, it := range rep.Items {
		byID[it.ID] = it
	}
	if it := byID["roles"]; it.Status != "answered" || it.Answer != "Our application enforces these role restrictions." || !slices.Contains(it.Controls, "IAM-04") {
		t.Errorf("roles: %+v", it)
	}
	if it := byID["rootpw"]; it.Status != "review" || it.Answer != "" {
		t.Errorf("rootpw (the named Yes claims a change after every use): %+v", it)
	}
	recs, err := csv.NewReader(bytes.NewReader(mustRead(t, filepath.Join(dir, "vendor.filled.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[1][4] != "Our application enforces these role restrictions." {
		t.Errorf("filled CSV: %q", recs)
	}
}
