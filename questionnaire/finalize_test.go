package questionnaire

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/questionnaire/match"
	"github.com/vouchcli/vouch/questionnaire/xlsx"
	"github.com/vouchcli/vouch/templates"
)

// koraEngine is the matcher on the embedded catalog, dated asOf.
func koraEngine(t testing.TB, asOf time.Time) *match.Engine {
	t.Helper()
	cat, err := controls.Load(context.Background(), templates.DefaultCatalog(), "default")
	if err != nil {
		t.Fatal(err)
	}
	return match.New(cat, match.Options{AsOf: asOf})
}

// zipParts reads every part of a package.
func zipParts(t testing.TB, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = b
	}
	return out
}

// finalBuyerBook is a buyer's workbook with what finalize must keep: a formula,
// a dropdown, a note of the buyer's on a question, a custom style.
func finalBuyerBook(t testing.TB, dir string) string {
	return book(t, dir, "buyer.xlsx", func(f *excelize.File) {
		rows(t, f, "Sheet1", 1, [][]any{
			{"ID", "Question", "Answer", "Comments"},
			{"Q-1", "Do you encrypt customer data at rest?"},
			{"Q-2", "Do you hold a current SOC 2 Type II report?"},
			{"Q-3", "Do you operate a bug bounty programme with payouts above 10000 EUR?"},
			{"Q-4", "Is customer data encrypted in transit using TLS?"},
		})
		dropdown(t, f, "Sheet1", "C2:C5", `"Yes,No,N/A"`)
		if err := f.SetCellFormula("Sheet1", "F1", "COUNTA(C2:C5)"); err != nil {
			t.Fatal(err)
		}
		st, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}})
		if err := f.SetCellStyle("Sheet1", "A1", "D1", st); err != nil {
			t.Fatal(err)
		}
		if err := f.AddComment("Sheet1", excelize.Comment{Cell: "B2", Author: "Buyer", Paragraph: []excelize.RichTextRun{{Text: "Include key management."}}}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFinalizeWorkbook(t *testing.T) {
	dir := t.TempDir()
	in := finalBuyerBook(t, dir)
	filled := filepath.Join(dir, "filled.xlsx")
	rep, err := Fill(context.Background(), in, koraEngine(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)), FillOptions{Out: filled})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Review == 0 || rep.Summary.Answered == 0 {
		t.Fatalf("the fixture needs answered and review rows: %+v", rep.Summary)
	}
	before := sha(t, filled)
	out := filepath.Join(dir, "for-buyer.xlsx")

	// Refused while rows are for review, listing them.
	_, err = Finalize(context.Background(), filled, FinalizeOptions{Out: out})
	var open *OpenError
	if !errors.As(err, &open) || len(open.Rows) != rep.Summary.Review {
		t.Fatalf("want an OpenError listing %d rows, got %v", rep.Summary.Review, err)
	}
	for _, r := range open.Rows {
		if r.Sheet != "Sheet1" || r.Row < 2 || !strings.HasPrefix(r.ID, "Q-") || r.Question == "" {
			t.Errorf("open row %+v lacks its sheet, row, id or question", r)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused finalize wrote its output")
	}

	fr, err := Finalize(context.Background(), filled, FinalizeOptions{Out: out, AllowOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	if sha(t, filled) != before {
		t.Fatal("finalize modified its input")
	}
	if !slices.Equal(fr.ReviewSheets, []string{ReviewSheet}) || fr.Notes != rep.Summary.Review || fr.Highlights != rep.Summary.Review || fr.Styles == 0 {
		t.Errorf("report %+v: want the review sheet, %d notes and highlights, the added formats", fr, rep.Summary.Review)
	}
	if _, err := Finalize(context.Background(), filled, FinalizeOptions{Out: out, AllowOpen: true}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("an existing output must need --force, got %v", err)
	}

	sameOutsideCells(t, in, out)

	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Sheet1" {
		t.Errorf("sheets %v, want [Sheet1]", got)
	}
	if fx, _ := f.GetCellFormula("Sheet1", "F1"); fx != "COUNTA(C2:C5)" {
		t.Errorf("formula %q", fx)
	}
	cs, _ := f.GetComments("Sheet1")
	if len(cs) != 1 || cs[0].Author != "Buyer" {
		t.Errorf("notes %+v: want the buyer's only", cs)
	}
	for _, it := range rep.Items {
		if it.Answer == "" {
			continue
		}
		q := "C" + itoa(it.Row)
		if v, _ := f.GetCellValue("Sheet1", q); v != it.Answer {
			t.Errorf("%s = %q, want the answer %q", q, v, it.Answer)
		}
	}
}

// sameOutsideCells checks that every part of the buyer's workbook is back
// byte for byte but the edited sheet1 (answers) and the workbook part
// (recalculation on open), that the fill left no part, and that sheet1
// outside its cells (dropdowns, legacy drawing) is the buyer's.
func sameOutsideCells(t *testing.T, in, out string) {
	t.Helper()
	inParts, outParts := zipParts(t, in), zipParts(t, out)
	for name, b := range inParts {
		ob, ok := outParts[name]
		switch {
		case !ok:
			t.Errorf("%s is gone", name)
		case name == "xl/worksheets/sheet1.xml" || name == "xl/workbook.xml":
		case string(ob) != string(b):
			t.Errorf("%s differs from the buyer's", name)
		}
	}
	for name := range outParts {
		if _, ok := inParts[name]; !ok {
			t.Errorf("%s is left from the fill", name)
		}
	}
	// Outside its cells, the sheet is the buyer's: dropdown, formula kept.
	strip := regexp.MustCompile(`(?s)<sheetData>.*</sheetData>|<sheetData/>|<dimension [^>]*(?:/>|></dimension>)`)
	if a, b := strip.ReplaceAll(inParts["xl/worksheets/sheet1.xml"], nil), strip.ReplaceAll(outParts["xl/worksheets/sheet1.xml"], nil); string(a) != string(b) {
		t.Errorf("sheet1 outside its cells:\n in %s\nout %s", a, b)
	}

}

// TestFinalizeFilledTwice: a filled copy filled again records what both
// fills added; finalize removes both review sheets and every mark.
func TestFinalizeFilledTwice(t *testing.T) {
	dir := t.TempDir()
	in := finalBuyerBook(t, dir)
	eng := koraEngine(t, time.Now())
	once, twice := filepath.Join(dir, "once.xlsx"), filepath.Join(dir, "twice.xlsx")
	if _, err := Fill(context.Background(), in, eng, FillOptions{Out: once}); err != nil {
		t.Fatal(err)
	}
	if _, err := Fill(context.Background(), once, eng, FillOptions{Out: twice}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.xlsx")
	fr, err := Finalize(context.Background(), twice, FinalizeOptions{Out: out, AllowOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fr.ReviewSheets, []string{ReviewSheet, ReviewSheet + " 2"}) {
		t.Errorf("review sheets removed: %q", fr.ReviewSheets)
	}
	sameOutsideCells(t, in, out)
}

// TestFinalizeReviewedRows: a row whose line the reviewer deleted from the
// review sheet is no longer open; with none left finalize needs no flag.
func TestFinalizeReviewedRows(t *testing.T) {
	dir := t.TempDir()
	filled := filepath.Join(dir, "filled.xlsx")
	if _, err := Fill(context.Background(), finalBuyerBook(t, dir), koraEngine(t, time.Now()), FillOptions{Out: filled}); err != nil {
		t.Fatal(err)
	}
	testutil.RewriteZip(t, filled, func(h *zip.FileHeader, b []byte) []byte {
		if h.Name == "xl/worksheets/sheet2.xml" { // the review sheet: its header row only
			return regexp.MustCompile(`(?s)</row><row r="2".*</sheetData>`).ReplaceAll(b, []byte("</row></sheetData>"))
		}
		return b
	})
	fr, err := Finalize(context.Background(), filled, FinalizeOptions{Out: filepath.Join(dir, "out.xlsx")})
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.Open) != 0 || len(fr.ReviewSheets) != 1 {
		t.Errorf("report %+v", fr)
	}
}

func TestFinalizeNoRecord(t *testing.T) {
	dir := t.TempDir()
	_, err := Finalize(context.Background(), finalBuyerBook(t, dir), FinalizeOptions{Out: filepath.Join(dir, "out.xlsx")})
	if err == nil || !strings.Contains(err.Error(), "no fill record") {
		t.Fatalf("got %v", err)
	}
}

func TestFinalizeCSV(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "buyer.csv")
	src := "ID;Question;Answer;Comment\nQ1;Do you encrypt customer data at rest?;;\nQ2;Do you hold a current SOC 2 Type II report?;;\nQ3;Is customer data encrypted in transit using TLS?;;\n"
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	filled := filepath.Join(dir, "filled.csv")
	rep, err := Fill(context.Background(), in, koraEngine(t, time.Now()), FillOptions{Out: filled})
	if err != nil {
		t.Fatal(err)
	}
	if h := readRecords(t, filled)[0]; h[len(h)-1] != CSVReviewColumn {
		t.Fatalf("header %q: want the review column", h)
	}
	// Filled again: still one review column.
	again := filepath.Join(dir, "again.csv")
	if _, err := Fill(context.Background(), filled, koraEngine(t, time.Now()), FillOptions{Out: again}); err != nil {
		t.Fatal(err)
	}
	if h := readRecords(t, again)[0]; len(h) != len(readRecords(t, filled)[0]) {
		t.Errorf("filled again: header %q", h)
	}
	out := filepath.Join(dir, "out.csv")
	_, err = Finalize(context.Background(), filled, FinalizeOptions{Out: out})
	var open *OpenError
	if !errors.As(err, &open) || len(open.Rows) != rep.Summary.Review || open.Rows[0].ID == "" || open.Rows[0].Question == "" {
		t.Fatalf("want %d open rows with id and question, got %v", rep.Summary.Review, err)
	}
	if _, err := Finalize(context.Background(), filled, FinalizeOptions{Out: out, AllowOpen: true}); err != nil {
		t.Fatal(err)
	}
	fillRecs, outRecs := readRecords(t, filled), readRecords(t, out)
	if len(fillRecs) != len(outRecs) {
		t.Fatalf("%d records, want %d", len(outRecs), len(fillRecs))
	}
	for i, r := range fillRecs {
		if strings.Join(r[:len(r)-1], "|") != strings.Join(outRecs[i], "|") {
			t.Errorf("record %d: %q, want %q", i+1, outRecs[i], r[:len(r)-1])
		}
	}
	// Markers cleared by the reviewer: nothing open.
	for i := range fillRecs {
		if i > 0 {
			fillRecs[i][len(fillRecs[i])-1] = ""
		}
	}
	var buf strings.Builder
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	_ = cw.WriteAll(fillRecs)
	if err := os.WriteFile(filled, []byte(buf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if fr, err := Finalize(context.Background(), filled, FinalizeOptions{Out: out, Force: true}); err != nil || len(fr.Open) != 0 {
		t.Fatalf("cleared markers: %+v %v", fr, err)
	}
}

// TestDateField: a date field gets today's date, as a real date where the
// cell is date-formatted and as ISO 8601 text elsewhere.
func TestDateField(t *testing.T) {
	today := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		numFmt int
		want   string // the cell's raw value
		kind   excelize.CellType
	}{
		{"date-formatted", 14, "46358", excelize.CellTypeUnset},
		{"text", 0, "2026-12-02", excelize.CellTypeInlineString},
		{"1904 date system", -14, "2026-12-02", excelize.CellTypeInlineString},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := book(t, dir, "in.xlsx", func(f *excelize.File) {
				rows(t, f, "Sheet1", 1, [][]any{{"ID", "Question", "Answer"}, {"GEN-1", "Vendor Name"}, {"GEN-2", "Date completed"}, {"GEN-3", "Do you encrypt customer data at rest?"}})
				if tc.numFmt < 0 {
					on := true
					if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &on}); err != nil {
						t.Fatal(err)
					}
				}
				if tc.numFmt != 0 {
					st, _ := f.NewStyle(&excelize.Style{NumFmt: max(tc.numFmt, -tc.numFmt)})
					if err := f.SetCellStyle("Sheet1", "C3", "C3", st); err != nil {
						t.Fatal(err)
					}
				}
			})
			out := filepath.Join(dir, "out.xlsx")
			rep, err := Fill(context.Background(), in, koraEngine(t, today), FillOptions{Out: out})
			if err != nil {
				t.Fatal(err)
			}
			var item Item
			for _, it := range rep.Items {
				if it.Row == 3 {
					item = it
				}
			}
			if item.Status != StatusAnswered || item.Answer != "2026-12-02" {
				t.Fatalf("date item %+v", item)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			raw, _ := f.GetCellValue("Sheet1", "C3", excelize.Options{RawCellValue: true})
			typ, _ := f.GetCellType("Sheet1", "C3")
			if raw != tc.want || typ != tc.kind {
				t.Errorf("C3 = %q (type %v), want %q (type %v)", raw, typ, tc.want, tc.kind)
			}
			if tc.numFmt > 0 {
				if v, _ := f.GetCellValue("Sheet1", "C3"); v != "12-02-26" {
					t.Errorf("C3 shows %q in its own format mm-dd-yy, want 12-02-26", v)
				}
			}
		})
	}
}

func TestIsDateFormat(t *testing.T) {
	for _, tc := range []struct {
		id   int
		code string
		want bool
	}{{14, "", true}, {22, "", true}, {0, "", false}, {49, "", false}, {164, "dd/mm/yyyy", true}, {164, `[$-409]mmmm d, yyyy;@`, true},
		{164, "0.00%", false}, {164, `"Day "0`, false}, {164, "h:mm", false}, {164, "#,##0", false}} {
		if got := isDateFormat(tc.id, tc.code); got != tc.want {
			t.Errorf("isDateFormat(%d, %q) = %v", tc.id, tc.code, got)
		}
	}
}

func readRecords(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestFinalizeExcelizeCopy: a copy excelize wrote (the patcher could not
// patch the input) carries a record too, and finalizes as well.
func TestFinalizeExcelizeCopy(t *testing.T) {
	dir := t.TempDir()
	in := finalBuyerBook(t, dir)
	doc, xf, err := readXLSX(context.Background(), in, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	items, err := answerAll(context.Background(), doc.Questions, koraEngine(t, time.Now()), FillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sortItems(items, doc)
	filled, out := filepath.Join(dir, "filled.xlsx"), filepath.Join(dir, "out.xlsx")
	err = writeXLSXRecorded(context.Background(), in, DefaultMaxUnzipBytes, xf, filled, doc, items)
	xf.Close()
	if err != nil {
		t.Fatal(err)
	}
	review := len(reviewItems(items))
	fr, err := Finalize(context.Background(), filled, FinalizeOptions{Out: out, AllowOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.ReviewSheets) != 1 || fr.Notes != review || fr.Highlights != review || fr.Styles == 0 {
		t.Errorf("report %+v, want %d notes and highlights", fr, review)
	}
	a, b := zipParts(t, in), zipParts(t, out)
	if x, y := fmtCounts(xlsx.StyleCounts(a["xl/styles.xml"])), fmtCounts(xlsx.StyleCounts(b["xl/styles.xml"])); x != y {
		t.Errorf("styles: formats, fills, fonts %s, the buyer's %s", y, x)
	}
	for name := range b {
		if _, ok := a[name]; !ok && !strings.HasPrefix(name, "docProps/") {
			t.Errorf("%s is left from the fill", name)
		}
	}
	fi, _ := excelize.OpenFile(in)
	defer fi.Close()
	fo, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer fo.Close()
	if got := fo.GetSheetList(); len(got) != 1 {
		t.Errorf("sheets %v", got)
	}
	if cs, _ := fo.GetComments("Sheet1"); len(cs) != 1 || cs[0].Author != "Buyer" {
		t.Errorf("notes %+v: want the buyer's only", cs)
	}
	for _, it := range items {
		ref := "C" + itoa(it.Row)
		s0, _ := fi.GetCellStyle("Sheet1", ref)
		s1, _ := fo.GetCellStyle("Sheet1", ref)
		if s0 != s1 {
			t.Errorf("%s: format %d, the buyer's %d", ref, s1, s0)
		}
		if v, _ := fo.GetCellValue("Sheet1", ref); it.Answer != "" && v != it.Answer {
			t.Errorf("%s = %q, want %q", ref, v, it.Answer)
		}
	}
}

func fmtCounts(a, b, c int) string { return itoa(a) + "/" + itoa(b) + "/" + itoa(c) }

// TestFinalizeHostileRecord: a record that is not XML is an error naming
// the file; one that names a buyer's sheet as the review sheet does not
// cost the buyer that sheet.
func TestFinalizeHostileRecord(t *testing.T) {
	dir := t.TempDir()
	filled := filepath.Join(dir, "filled.xlsx")
	if _, err := Fill(context.Background(), finalBuyerBook(t, dir), koraEngine(t, time.Now()), FillOptions{Out: filled}); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.xlsx")
	copyFile(t, filled, bad)
	testutil.PatchZip(t, bad, xlsx.RecordPart, func([]byte) []byte { return []byte("<vouchFill") })
	if _, err := Finalize(context.Background(), bad, FinalizeOptions{Out: filepath.Join(dir, "o1.xlsx"), AllowOpen: true}); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("a broken record: %v", err)
	}
	foreign := filepath.Join(dir, "foreign.xlsx")
	copyFile(t, filled, foreign)
	testutil.PatchZip(t, foreign, xlsx.RecordPart, func(b []byte) []byte {
		return []byte(strings.Replace(string(b), "<reviewSheet>"+ReviewSheet+"</reviewSheet>", "<reviewSheet>Sheet1</reviewSheet>", 1))
	})
	out := filepath.Join(dir, "o2.xlsx")
	fr, err := Finalize(context.Background(), foreign, FinalizeOptions{Out: out, AllowOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Contains(got, "Sheet1") || len(fr.Warnings) == 0 {
		t.Errorf("sheets %v, warnings %q", got, fr.Warnings)
	}
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
