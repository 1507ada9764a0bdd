package questionnaire

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// TestFormulaFixturesBuild writes the fixtures (see -fixtures).
func TestFormulaFixturesBuild(t *testing.T) {
	dir := t.TempDir()
	hecvatBook(t, dir, "hecvat4.xlsx", hvNames)
	sigBook(t, dir)
	formulaBuyerBook(t, dir)
}

// csvSheets parses LibreOffice's CSV of each sheet.
func csvSheets(t *testing.T, sheets map[string][]byte) map[string][][]string {
	t.Helper()
	out := map[string][][]string{}
	for name, b := range sheets {
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("LibreOffice CSV of %s: %v", name, err)
		}
		out[name] = recs
	}
	return out
}

// at returns a cell of a CSV grid ("" outside it).
func at(recs [][]string, cell string) string {
	c, r, ok := xlsx.ParseRef(cell)
	if !ok || r > len(recs) || c > len(recs[r-1]) {
		return ""
	}
	return recs[r-1][c-1]
}

// fillHECVAT builds the HECVAT-4-like fixture in dir and fills it with
// firstChoice into dir/filled.xlsx.
func fillHECVAT(t *testing.T, dir string) (in, out string, lay hvLayout, rep *Report) {
	t.Helper()
	in, lay = hecvatBook(t, dir, "hecvat4.xlsx", hvNames)
	out = filepath.Join(dir, "filled.xlsx")
	rep, err := Fill(context.Background(), in, firstChoice{}, FillOptions{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return in, out, lay, rep
}

// TestHECVAT4LibreOffice fills the HECVAT-4-like fixture, has LibreOffice
// open it, save it as .xlsx (recalculating) and export every sheet: the
// START HERE answers show on every dependent response sheet, and the
// analyst sheets read the answers vouch wrote.
func TestHECVAT4LibreOffice(t *testing.T) {
	testutil.RequireTool(t, "soffice")
	_, out, lay, rep := fillHECVAT(t, t.TempDir())
	written := map[string]string{} // ID -> answer
	for _, it := range rep.Items {
		if it.Answer != "" {
			written[it.ID] = it.Answer
		}
	}
	if len(written) != lay.questions {
		t.Fatalf("%d answers written, want %d", len(written), lay.questions)
	}
	sheets := csvSheets(t, testutil.SofficeToCSVs(t, testutil.SofficeRecalcToXLSX(t, out)))
	checked := 0
	for _, s := range hvResponse {
		recs := sheets[s.name]
		for i, q := range hvShared {
			cell := "C" + itoa(13+i)
			if got := at(recs, cell); got != written[q.id] {
				t.Errorf("%s!%s (%s): LibreOffice shows %q, START HERE has %q", s.name, cell, q.id, got, written[q.id])
			}
			checked++
		}
	}
	// The analyst sheets read the vendor's answers through their formulas.
	recs := sheets[hvNames.highRisk]
	if got := at(recs, "C5"); got != written["AAAI-02"] {
		t.Errorf("%s!C5 shows %q, want the answer to AAAI-02 %q", hvNames.highRisk, got, written["AAAI-02"])
	}
	t.Logf("LibreOffice: %d START HERE answers checked on %d dependent sheets", checked, len(hvResponse))
}

// reFormulaElem finds each cell's formula element in sheet XML.
var reFormulaElem = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"[^>]*>(<f[^>]*/>|<f[^>]*>[^<]*</f>)`)

// formulaElems returns every formula element of every sheet of a
// workbook, as bytes: sheet -> cell -> <f ...>...</f>.
func formulaElems(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	pkg, err := xlsx.OpenPackage(path, DefaultMaxUnzipBytes)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for sheet, part := range pkg.Parts {
		b, err := xlsx.ReadPart(path, part, DefaultMaxUnzipBytes)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range reFormulaElem.FindAllSubmatch(b, -1) {
			if out[sheet] == nil {
				out[sheet] = map[string]string{}
			}
			out[sheet][string(m[1])] = string(m[2])
		}
	}
	return out
}

// sameFormulas checks that every formula of in is in out, byte for byte.
func sameFormulas(t *testing.T, in, out string) int {
	t.Helper()
	before, after := formulaElems(t, in), formulaElems(t, out)
	n := 0
	for sheet, cells := range before {
		for cell, f := range cells {
			n++
			if after[sheet][cell] != f {
				t.Errorf("%s!%s: formula %s became %q", sheet, cell, f, after[sheet][cell])
			}
		}
	}
	if n == 0 {
		t.Error("no formula to compare")
	}
	return n
}

// TestHECVAT4Read covers the traps of issue 10 on the HECVAT-4-like
// fixture, and again with the analyst sheets renamed: they are recognised
// by their formulas and questions, not by their names.
func TestHECVAT4Read(t *testing.T) {
	renamed := hvAnalyst{institution: "Sheet 9", highRisk: "Sheet 10", privacy: "Sheet 11", reference: "Sheet 12"}
	plain := renamed
	plain.plainHighRisk = true
	for _, names := range []hvAnalyst{hvNames, renamed, plain} {
		t.Run(fmt.Sprintf("%s/plain=%v", names.institution, names.plainHighRisk), func(t *testing.T) {
			in, lay := hecvatBook(t, t.TempDir(), "hecvat4.xlsx", names)
			doc := read(t, in, ReadOptions{})
			sheets := map[string]SheetInfo{}
			for _, s := range doc.Sheets {
				sheets[s.Name] = s
			}
			// Every response sheet is read; the analyst sheets and the hidden ones are not.
			for _, s := range append([]hvSheet{{"START HERE", nil}}, hvResponse...) {
				if !sheets[s.name].Used {
					t.Errorf("response sheet %s not read: %s", s.name, sheets[s.name].Reason)
				}
			}
			for _, n := range []string{names.institution, names.highRisk, names.privacy} {
				want := "analyst or scoring sheet: "
				if n == names.highRisk && names.plainHighRisk {
					// Its answer cells are the analyst's own: its questions give it away.
					want = "a copy: 7 of its 7 questions are those of Product, Infrastructure, Case-Specific, Privacy"
				}
				if r := sheets[n].Reason; sheets[n].Used || !strings.HasPrefix(r, want) {
					t.Errorf("analyst sheet %s: used %v, reason %q, want %q", n, sheets[n].Used, r, want)
				}
			}
			if s := sheets[names.reference]; s.Used || s.Reason == "" {
				t.Errorf("reference sheet %s read: %+v", names.reference, s)
			} else if names.reference == renamed.reference && !strings.HasPrefix(s.Reason, "a copy: 23 of its 23 questions are those of Organization, Product") {
				t.Errorf("renamed reference sheet: reason %q", s.Reason)
			}
			for _, n := range []string{"Questions", "Auto Responses", "(backend scoring)"} {
				if sheets[n].Used || sheets[n].Reason != "hidden" {
					t.Errorf("hidden sheet %s: %+v", n, sheets[n])
				}
			}
			// Every question once, where it is answered; none from a banner row.
			if len(doc.Questions) != lay.questions {
				t.Errorf("%d questions, want %d", len(doc.Questions), lay.questions)
			}
			perSheet := map[string]int{}
			for _, q := range doc.Questions {
				perSheet[q.Sheet]++
				if want := lay.answerAt[q.ID]; q.Sheet+"!"+q.AnswerCell != want {
					t.Errorf("%s row %d (%s): answer cell %s, want %s", q.Sheet, q.Row, q.ID, q.AnswerCell, want)
				}
				if q.Row < 13 || q.Text == "" || strings.Contains(q.Text, "End Table Data") || strings.HasPrefix(q.Text, "Step ") {
					t.Errorf("not a question: %+v", q)
				}
				if q.CommentCell != "D"+itoa(q.Row) {
					t.Errorf("%s!%s: comment cell %q, want column D", q.Sheet, q.AnswerCell, q.CommentCell)
				}
				// Dropdowns: x14 lists over ranges on the hidden Auto Responses sheet.
				want := "Yes | No | N/A"
				switch {
				case strings.HasPrefix(q.ID, "REQU"):
					want = "Yes | No"
				case strings.HasPrefix(q.ID, "GNRL"):
					want = ""
				}
				if got := strings.Join(q.Allowed, " | "); got != want {
					t.Errorf("%s %s: allowed %q, want %q", q.Sheet, q.ID, got, want)
				}
			}
			for s, n := range lay.perSheet {
				if perSheet[s] != n {
					t.Errorf("sheet %s: %d questions, want %d", s, perSheet[s], n)
				}
			}
			// Question texts are the cached values of VLOOKUP formulas.
			texts := map[string]string{}
			for _, q := range append(hvShared, allQuestions()...) {
				texts[q.id] = q.text
			}
			for _, q := range doc.Questions {
				if q.Text != texts[q.ID] {
					t.Errorf("%s: text %q, want %q", q.ID, q.Text, texts[q.ID])
				}
			}
			// Sections: one header row each, the first with Answer alone;
			// shared rows answered on START HERE, formula-fed elsewhere.
			for _, l := range doc.Layouts {
				if got, want := strings.Join(l.Sections, "; "), strings.Join(lay.sections[l.Sheet], "; "); got != want {
					t.Errorf("%s: sections %q, want %q", l.Sheet, got, want)
				}
				if len(l.FormulaFed) != lay.fed[l.Sheet] {
					t.Errorf("%s: %d formula-fed answer cells, want %d", l.Sheet, len(l.FormulaFed), lay.fed[l.Sheet])
				}
				for i, fc := range l.FormulaFed {
					if want := "START HERE!C" + itoa(13+i); fc.Cell != "C"+itoa(13+i) || fc.From != want || fc.ID != hvShared[i].id {
						t.Errorf("%s: formula-fed %+v, want C%d from %s", l.Sheet, fc, 13+i, want)
					}
				}
			}
		})
	}
}

// allQuestions are the section questions of the response sheets.
func allQuestions() []hvQ {
	var out []hvQ
	for _, s := range hvResponse {
		for _, sec := range s.sections {
			out = append(out, sec.qs...)
		}
	}
	return out
}

// TestHECVAT4Fill fills the fixture: only the writable answer and comment
// cells are written, every formula is byte-identical after, and the
// formula-fed rows are not in the report.
func TestHECVAT4Fill(t *testing.T) {
	dir := t.TempDir()
	in, out, lay, rep := fillHECVAT(t, dir)
	if rep.Summary.Questions != lay.questions || rep.Summary.Answered != lay.questions {
		t.Errorf("summary %+v, want %d questions answered", rep.Summary.Counts, lay.questions)
	}
	n := sameFormulas(t, in, out)
	// The filled copy reads as the input did (learn reads it), answered.
	back := read(t, out, ReadOptions{})
	if len(back.Questions) != lay.questions {
		t.Errorf("the filled copy reads as %d questions, want %d", len(back.Questions), lay.questions)
	}
	for _, q := range back.Questions {
		if q.Answer == "" || q.Comment != "Comment on "+q.ID {
			t.Errorf("%s!%s: answer %q, comment %q", q.Sheet, q.AnswerCell, q.Answer, q.Comment)
		}
	}
	// The formulas read what was written: Excel recalculates them on open.
	if wb := partOf(t, out, "xl/workbook.xml"); !strings.Contains(wb, `fullCalcOnLoad="1"`) {
		t.Errorf("workbook.xml does not ask for a recalculation: %s", wb)
	}
	t.Logf("%d formulas unchanged, %d answers written", n, len(back.Questions))
	// A workbook without formulas is not asked to recalculate.
	plain := filepath.Join(dir, "plain.xlsx")
	if _, err := Fill(context.Background(), buyerBook(t, dir), firstChoice{}, FillOptions{Out: plain}); err != nil {
		t.Fatal(err)
	}
	if wb := partOf(t, plain, "xl/workbook.xml"); strings.Contains(wb, "fullCalcOnLoad") {
		t.Errorf("a workbook without formulas asks for a recalculation: %s", wb)
	}
}

// partOf returns one part of a package as text.
func partOf(t *testing.T, path, part string) string {
	t.Helper()
	b, err := xlsx.ReadPart(path, part, DefaultMaxUnzipBytes)
	if err != nil {
		t.Fatalf("%s: %s: %v", path, part, err)
	}
	return string(b)
}

// TestSIGScoringSheet: the answers of a SIG-style workbook roll up into a
// scoring sheet whose detail table copies every question by formula; it is
// skipped as a scoring sheet, and a fill keeps every formula. In
// LibreOffice the scoring sheet counts the Yes answers vouch wrote.
func TestSIGScoringSheet(t *testing.T) {
	dir := t.TempDir()
	in := sigBook(t, dir)
	doc := read(t, in, ReadOptions{})
	want := map[string]int{"Business Information": 2}
	total := 2
	for _, s := range sigQuestions {
		want[s.sheet] = len(s.qs)
		total += len(s.qs)
	}
	got := map[string]int{}
	for _, q := range doc.Questions {
		got[q.Sheet]++
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("questions per sheet %v, want %v", got, want)
	}
	for _, s := range doc.Sheets {
		if s.Name == "Results" && (s.Used || !strings.HasPrefix(s.Reason, "analyst or scoring sheet: its 5 answer cells are formulas reading A. Risk Management, B. Security Policy")) {
			t.Errorf("Results: %+v", s)
		}
	}
	out := filepath.Join(dir, "filled.xlsx")
	rep, err := Fill(context.Background(), in, firstChoice{}, FillOptions{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Questions != total {
		t.Errorf("%d questions filled, want %d", rep.Summary.Questions, total)
	}
	sameFormulas(t, in, out)
	if os.Getenv("VOUCH_SKIP_SOFFICE") != "" {
		return
	}
	testutil.RequireTool(t, "soffice")
	sheets := csvSheets(t, testutil.SofficeToCSVs(t, testutil.SofficeRecalcToXLSX(t, out)))
	for i, s := range sigQuestions {
		// firstChoice answers Yes (the first of Yes, No, N/A) everywhere.
		r := itoa(2 + i)
		if got := at(sheets["Results"], "C"+r); got != itoa(len(s.qs)) {
			t.Errorf("Results!C%s (Yes answers on %s) = %q, want %d", r, s.sheet, got, len(s.qs))
		}
		if got := at(sheets["Results"], "D"+r); got != "1" {
			t.Errorf("Results!D%s (score of %s) = %q, want 1", r, s.sheet, got)
		}
	}
}

// TestFormulaQuestionColumn: a buyer's sheet whose ID and question columns
// are =Questions!A5 and =Questions!B5 is read from the cached values; the
// visible Questions sheet is a copy, not a second questionnaire; the
// answers go in the plain Response column and the formulas stay.
func TestFormulaQuestionColumn(t *testing.T) {
	dir := t.TempDir()
	in := formulaBuyerBook(t, dir)
	doc := read(t, in, ReadOptions{})
	if len(doc.Questions) != len(buyerQuestions) {
		t.Fatalf("%d questions, want %d: %+v", len(doc.Questions), len(buyerQuestions), summaries(doc))
	}
	for i, q := range doc.Questions {
		w := buyerQuestions[i]
		if q.Sheet != "Vendor Response" || q.ID != w.id || q.Text != w.text || q.AnswerCell != "C"+itoa(5+i) || q.CommentCell != "D"+itoa(5+i) {
			t.Errorf("question %d: %+v, want %s %q in C%d", i, q, w.id, w.text, 5+i)
		}
	}
	for _, s := range doc.Sheets {
		if s.Name == "Questions" && (s.Used || s.Reason != "the question bank of another sheet, whose questions are formulas reading it (Vendor Response!B5: =Questions!B5)") {
			t.Errorf("Questions: %+v", s)
		}
	}
	out := filepath.Join(dir, "filled.xlsx")
	if _, err := Fill(context.Background(), in, firstChoice{}, FillOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	sameFormulas(t, in, out)
	back := read(t, out, ReadOptions{})
	for _, q := range back.Questions {
		if q.Answer == "" {
			t.Errorf("%s: no answer written", q.AnswerCell)
		}
	}
}

// TestSectionHeaders: a first section whose header names the answer
// column alone takes the comment column from the section headers below it
// (beyond the first 30 rows), each section header names its section, and
// with no header at all in the first 30 rows (a long banner) one further
// down is the header.
func TestSectionHeaders(t *testing.T) {
	for _, banner := range []int{11, 35} {
		t.Run(itoa(banner), func(t *testing.T) {
			var b strings.Builder
			for i := 0; i < banner; i++ {
				b.WriteString("Step " + itoa(i) + ": read the instructions of this long banner before you answer anything at all\n")
			}
			b.WriteString(" General Information\t\tAnswer\n")
			for i := 1; i <= 25; i++ {
				b.WriteString(fmt.Sprintf("GNRL-%02d\tIs general control %d in place?\t\t\n", i, i))
			}
			b.WriteString(" Data Protection\t\tAnswer\tAdditional Information\tGuidance\tAnalyst Notes\n")
			b.WriteString("DATA-01\tIs data encrypted at rest?\t\t\tLook at the KMS\t")
			l, qs, err := detectLayout(gridOf(b.String(), false), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if l.HeaderRow <= banner || l.AnswerCol != "C" || l.CommentCol != "D" || l.IDCol != "A" || l.QuestionCol != "B" {
				t.Errorf("layout %+v", l)
			}
			if banner == 11 && (l.HeaderRow != 12 || !slices.Contains(l.Notes, "comment column D from the section header on row 38")) {
				t.Errorf("header row %d, notes %q", l.HeaderRow, l.Notes)
			}
			if len(qs) != 26 {
				t.Fatalf("%d questions, want 26", len(qs))
			}
			for _, q := range qs {
				want := "General Information"
				if q.ID == "DATA-01" {
					want = "Data Protection"
				}
				if q.Section != want || q.CommentCell != "D"+itoa(q.Row) {
					t.Errorf("%s: section %q, comment cell %q", q.ID, q.Section, q.CommentCell)
				}
			}
			if strings.Join(l.Sections, "; ") != "General Information; Data Protection" {
				t.Errorf("sections %q", l.Sections)
			}
		})
	}
}

// TestFormulaWithoutCachedValue: a question formula no program computed
// has no text to read; the row is left out and the layout says why.
func TestFormulaWithoutCachedValue(t *testing.T) {
	doc := read(t, formulaBuyerBookCached(t, t.TempDir(), false), ReadOptions{})
	if len(doc.Questions) != len(buyerQuestions)-1 {
		t.Errorf("%d questions, want %d: %+v", len(doc.Questions), len(buyerQuestions)-1, summaries(doc))
	}
	want := "1 rows with an ID have a question formula without a cached value (not read): open and save the workbook in a spreadsheet program first"
	if l := doc.Layouts[0]; !slices.Contains(l.Notes, want) {
		t.Errorf("notes %q", l.Notes)
	}
}

// TestAppendAfterFormulas: a sheet without a comment column gets one after
// its last formula, even a formula whose cached value is empty; the
// formulas stay.
func TestAppendAfterFormulas(t *testing.T) {
	b := newFbook(t)
	b.sheet("Vendor", false)
	b.row("Vendor", 1, "ID", "Question", "Answer")
	b.row("Vendor", 2, "Q-1", "Do you encrypt data at rest?", nil, nil, fx{`IF(C2="No","Follow up","")`, ""})
	b.row("Vendor", 3, "Q-2", "Do you enforce MFA?", nil, nil, fx{`IF(C3="No","Follow up","")`, ""})
	dir := t.TempDir()
	in := b.save(dir, "append.xlsx")
	doc := read(t, in, ReadOptions{})
	if l := doc.Layouts[0]; l.CommentCol != "F" || !l.AppendedComment {
		t.Fatalf("comment column %q (appended %v), want F after the formulas in E", l.CommentCol, l.AppendedComment)
	}
	out := filepath.Join(dir, "out.xlsx")
	if _, err := Fill(context.Background(), in, firstChoice{}, FillOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	sameFormulas(t, in, out)
}

// TestSheetNothingToFill: asking for an analyst sheet with --sheet says
// why there is nothing to fill on it.
func TestSheetNothingToFill(t *testing.T) {
	in, _ := hecvatBook(t, t.TempDir(), "hecvat4.xlsx", hvNames)
	_, err := Read(context.Background(), in, ReadOptions{Sheet: "High-Risk Evaluation"})
	if err == nil || !strings.Contains(err.Error(), `sheet "High-Risk Evaluation": nothing to fill: analyst or scoring sheet: its 7 answer cells are formulas`) {
		t.Errorf("err = %v", err)
	}
}
