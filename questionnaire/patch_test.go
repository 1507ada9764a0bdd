package questionnaire

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// trapBook is a workbook with what the patcher must get right beyond
// buyerBook: a note already on an answer cell (an existing VML drawing and
// comments part), a formula in an answer cell (and a calculation chain), a
// row with its own style, a second question sheet with no answer column,
// a sheet already named "vouch review", rich text, numbers, booleans, a
// date, text under number formats, entities and line breaks.
func trapBook(t testing.TB, dir string) string {
	p := book(t, dir, "traps.xlsx", func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Security")
		s := "Security"
		rows(t, f, s, 1, [][]any{
			{"Vendor review <2026> & \"more\""},
			{"ID", "Question", "Answer", "Comments", "Score"},
			{1.1, "Do you enforce MFA?", "", "", 3},
			{1.2, "Do you run third-party penetration tests?", "", "", 0.1 + 0.2},
			{1.3, "Describe how you handle formula injection", "", "", true},
			{1.4, "Do you encrypt data at rest?\r\nIncluding backups?", "", "", -2.5},
			{1.5, "Do you maybe support SSO?", "", "", 123456789012.5},
		})
		if err := f.SetCellFormula(s, "C3", "=1+1"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellRichText(s, "B3", []excelize.RichTextRun{{Text: "Do you "}, {Text: "enforce", Font: &excelize.Font{Bold: true}}, {Text: " MFA?"}}); err != nil {
			t.Fatal(err)
		}
		if err := f.AddComment(s, excelize.Comment{Cell: "C4", Author: "Buyer", Paragraph: []excelize.RichTextRun{{Text: "Attach your report."}}}); err != nil {
			t.Fatal(err)
		}
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellValue(s, "F3", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		f.SetCellStyle(s, "F3", "F3", date)
		text, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
		f.SetCellStr(s, "F4", "text under @")
		f.SetCellStyle(s, "F4", "F4", text)
		zeros, _ := f.NewStyle(&excelize.Style{NumFmt: 1})
		f.SetCellStr(s, "F5", "007")
		f.SetCellStr(s, "F6", "text under 0")
		f.SetCellStyle(s, "F5", "F6", zeros)
		rowStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "C00000"}})
		f.SetRowStyle(s, 6, 6, rowStyle)
		dropdown(t, f, s, "C3:C7", `"Yes,No,N/A"`)
		rows(t, f, "Privacy", 1, [][]any{
			{"Question"},
			{"Do you sell personal data?"},
			{"Describe your retention policy"},
		})
		rows(t, f, "vouch review", 1, [][]any{{"an older review"}})
	})
	// A calculation chain naming the formula cell.
	addPart(t, p, "xl/calcChain.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="C3" i="1"/></calcChain>`)
	testutil.PatchZip(t, p, "xl/_rels/workbook.xml.rels", func(b []byte) []byte {
		return bytes.Replace(b, []byte("</Relationships>"), []byte(`<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>`), 1)
	})
	testutil.PatchZip(t, p, "[Content_Types].xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte("</Types>"), []byte(`<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>`), 1)
	})
	return p
}

// addPart adds a part to a zip package.
func addPart(t testing.TB, path, part, data string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := zw.Create(part)
	io.WriteString(w, data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fillBoth fills in twice: by patching (which it asserts was used) and
// with excelize; it returns both outputs.
func fillBoth(t *testing.T, in string, a Answerer, opts FillOptions) (patched, saved string) {
	t.Helper()
	dir := t.TempDir()
	patched, saved = filepath.Join(dir, "patched.xlsx"), filepath.Join(dir, "saved.xlsx")
	for _, out := range []string{patched, saved} {
		doc, xf, err := readXLSX(context.Background(), in, opts.ReadOptions)
		if err != nil {
			t.Fatal(err)
		}
		items, err := answerAll(context.Background(), doc.Questions, a, opts)
		if err != nil {
			t.Fatal(err)
		}
		sortItems(items, doc)
		if out == patched {
			fast, err := writeWorkbook(context.Background(), in, xf, out, doc, items, DefaultMaxUnzipBytes)
			if err != nil {
				t.Fatal(err)
			}
			if !fast {
				_, perr := preparePatch(context.Background(), in, DefaultMaxUnzipBytes, doc, items)
				t.Fatalf("the workbook was not patched: %v", perr)
			}
		} else if err := writeXLSX(context.Background(), xf, out, doc, items); err != nil {
			t.Fatal(err)
		}
		xf.Close()
	}
	return patched, saved
}

// snapshot is what a reader sees of a workbook, through excelize: sheets
// and their visibility, every cell's value and look, merges, dropdowns,
// notes, defined names and column widths.
func snapshot(t *testing.T, path string) map[string]any {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	snap := map[string]any{}
	var names []string
	for _, d := range f.GetDefinedName() {
		names = append(names, d.Name+"="+d.RefersTo)
	}
	snap["names"] = names
	snap["sheets"] = f.GetSheetList()
	for _, s := range f.GetSheetList() {
		vis, _ := f.GetSheetVisible(s)
		rs, err := f.GetRows(s)
		if err != nil {
			t.Fatalf("%s: sheet %s: %v", path, s, err)
		}
		looks := map[string]string{}
		for r, row := range rs {
			for c := range row {
				ref := xlsx.RefName(c+1, r+1)
				id, _ := f.GetCellStyle(s, ref)
				st, _ := f.GetStyle(id)
				if st == nil {
					continue
				}
				if strings.HasPrefix(s, ReviewSheet) && r == 0 {
					// The patcher's review header keeps the workbook's
					// font; excelize's names none.
					st.Font.Family, st.Font.Size, st.Font.Charset = "", 0, nil
				}
				b, _ := json.Marshal(st)
				looks[ref] = string(b)
				if fm, _ := f.GetCellFormula(s, ref); fm != "" {
					looks[ref] += " formula " + fm
				}
			}
		}
		merges, _ := f.GetMergeCells(s)
		var ms []string
		for _, m := range merges {
			ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		dvs, _ := f.GetDataValidations(s)
		var ds []string
		for _, d := range dvs {
			ds = append(ds, d.Sqref+" "+d.Type+" "+d.Formula1)
		}
		sort.Strings(ds)
		cs, _ := f.GetComments(s)
		notes := map[string]string{}
		for _, c := range cs {
			var b strings.Builder
			for _, p := range c.Paragraph {
				b.WriteString(p.Text)
			}
			notes[c.Cell] = c.Author + ": " + b.String() + c.Text
		}
		var widths []float64
		for c := 1; c <= 10; c++ {
			w, _ := f.GetColWidth(s, colName(c-1))
			widths = append(widths, w)
		}
		snap["sheet "+s] = map[string]any{"visible": vis, "rows": rs, "looks": looks, "merges": ms, "dropdowns": ds, "notes": notes, "widths": widths}
	}
	return snap
}

func diffSnapshots(t *testing.T, a, b map[string]any) {
	t.Helper()
	var diff func(path string, x, y any)
	diff = func(path string, x, y any) {
		mx, okx := x.(map[string]any)
		my, oky := y.(map[string]any)
		if okx && oky {
			for k := range mx {
				diff(path+"/"+k, mx[k], my[k])
			}
			for k := range my {
				if _, ok := mx[k]; !ok {
					diff(path+"/"+k, nil, my[k])
				}
			}
			return
		}
		if sx, ok := x.(map[string]string); ok {
			sy, _ := y.(map[string]string)
			for k := range sx {
				if sx[k] != sy[k] {
					t.Errorf("%s/%s:\npatched %s\n  saved %s", path, k, sx[k], sy[k])
				}
			}
			for k := range sy {
				if _, ok := sx[k]; !ok {
					t.Errorf("%s/%s: only saved has %s", path, k, sy[k])
				}
			}
			return
		}
		jx, _ := json.Marshal(x)
		jy, _ := json.Marshal(y)
		if !bytes.Equal(jx, jy) {
			t.Errorf("%s:\npatched %s\n  saved %s", path, jx, jy)
		}
	}
	diff("", a, b)
}

// TestPatchMatchesExcelizeWriter holds the patcher to what the excelize
// writer gives, cell by cell, on every fixture with a trap.
func TestPatchMatchesExcelizeWriter(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(t testing.TB, dir string) string
		opts FillOptions
	}{
		{"buyer", buyerBook, FillOptions{}},
		{"traps", trapBook, FillOptions{Overwrite: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.make(t, t.TempDir())
			before := sha(t, in)
			patched, saved := fillBoth(t, in, &fakeAnswerer{}, c.opts)
			if sha(t, in) != before {
				t.Fatal("the input was modified")
			}
			diffSnapshots(t, snapshot(t, patched), snapshot(t, saved))
			untouched(t, in, patched)
		})
	}
}

// untouched checks that the parts the patcher had no reason to change are
// copied byte for byte, compressed data included.
func untouched(t *testing.T, in, out string) {
	t.Helper()
	raw := func(path string) map[string][]byte {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		m := map[string][]byte{}
		for _, f := range zr.File {
			rc, err := f.OpenRaw()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			m[f.Name] = b
		}
		return m
	}
	a, b := raw(in), raw(out)
	same := 0
	for name, data := range a {
		switch {
		case strings.HasPrefix(name, "xl/worksheets/") || strings.HasPrefix(name, "xl/comments") || strings.HasPrefix(name, "xl/drawings/") ||
			name == "xl/styles.xml" || name == "xl/workbook.xml" || name == "[Content_Types].xml" || strings.HasSuffix(name, ".rels") || name == "xl/calcChain.xml":
			continue
		}
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s was changed", name)
		}
		same++
	}
	if same == 0 {
		t.Error("no part to compare")
	}
}

func TestPatchTraps(t *testing.T) {
	dir := t.TempDir()
	in := trapBook(t, dir)
	out := filepath.Join(dir, "out.xlsx")
	if _, err := Fill(context.Background(), in, &fakeAnswerer{}, FillOptions{Out: out, Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The buyer's note stays; vouch adds its own to the other review cells.
	cs, _ := f.GetComments("Security")
	got := map[string]string{}
	for _, c := range cs {
		got[c.Cell] = c.Author
	}
	if got["C4"] != "Buyer" {
		t.Errorf("the buyer's note on C4 was lost: %v", got)
	}
	// The formula answer cell is not vouch's to write: it keeps its
	// formula, and the calculation chain that names it stays.
	if fm, _ := f.GetCellFormula("Security", "C3"); fm != "=1+1" && fm != "1+1" {
		t.Errorf("C3 lost its formula: %q", fm)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	chain := false
	for _, zf := range zr.File {
		chain = chain || zf.Name == "xl/calcChain.xml"
	}
	if !chain {
		t.Error("calcChain.xml dropped though no formula was overwritten")
	}
	doc := read(t, in, ReadOptions{})
	if l := doc.Layouts[0]; len(l.FormulaFed) != 1 || l.FormulaFed[0].Cell != "C3" || strings.TrimPrefix(l.FormulaFed[0].Formula, "=") != "1+1" {
		t.Errorf("formula-fed cells = %+v, want C3", l.FormulaFed)
	}
	// The existing "vouch review" sheet is kept; the new one is numbered.
	if l := f.GetSheetList(); l[len(l)-1] != "vouch review 2" || l[len(l)-2] != "vouch review" {
		t.Errorf("sheets = %v", l)
	}
	// The Privacy sheet got appended Answer/Comment columns.
	if v, _ := f.GetCellValue("Privacy", "B1"); v != "Answer" {
		t.Errorf("Privacy!B1 = %q", v)
	}
}

// TestFillEncryptedFallsBack fills an encrypted workbook: excelize decrypts
// it, and writes it (encrypted again) since the patcher cannot.
func TestFillEncryptedFallsBack(t *testing.T) {
	dir := t.TempDir()
	plain := buyerBook(t, dir)
	f, err := excelize.OpenFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	enc := filepath.Join(dir, "secret.xlsx")
	if err := f.SaveAs(enc, excelize.Options{Password: "s3cret"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(dir, "out.xlsx")
	rep, err := Fill(context.Background(), enc, &fakeAnswerer{}, FillOptions{Out: out, ReadOptions: ReadOptions{Password: "s3cret"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Answered != 3 {
		t.Errorf("summary = %+v", rep.Summary)
	}
	// The copy of an encrypted workbook is encrypted with the same password.
	if _, err := excelize.OpenFile(out); err == nil {
		t.Error("the filled copy of an encrypted workbook opens without its password")
	}
	g, err := excelize.OpenFile(out, excelize.Options{Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if v, _ := g.GetCellValue("Vendor Response", "C4"); v != "YES" {
		t.Errorf("C4 = %q", v)
	}
}

// TestFastGridMatchesExcelize reads every cell of the fixtures both ways.
func TestFastGridMatchesExcelize(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{buyerBook(t, dir), trapBook(t, dir)} {
		t.Run(filepath.Base(p), func(t *testing.T) { compareGrids(t, p) })
	}
}

// TestFastGridMatchesExcelizeReal does the same on the real questionnaires.
func TestFastGridMatchesExcelizeReal(t *testing.T) {
	dir := testutil.SharedDir(t, "questionnaires/instructure-lite")
	for _, p := range []string{"Canvas Studio HECVAT Lite.xlsx", "Canvas LMS K-12CVAT-Lite.xlsx"} {
		t.Run(p, func(t *testing.T) { compareGrids(t, filepath.Join(dir, p)) })
	}
}

func compareGrids(t *testing.T, p string) {
	pkg, err := xlsx.OpenPackage(p, DefaultMaxUnzipBytes)
	if err != nil {
		t.Fatal(err)
	}
	f, err := openXLSX(p, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x := &xlsxReader{f: f, pkg: pkg, rows: map[string][][]string{}}
	slowX := &xlsxReader{f: f, rows: map[string][][]string{}}
	fastCells, slowCells := 0, 0
	for _, s := range f.GetSheetList() {
		e, ok := x.extent(s)
		if !ok {
			continue
		}
		g, slow, ok := x.fastGrid(s, e.Rows, e.Cols)
		if !ok {
			t.Errorf("sheet %s: not readable from its XML", s)
			continue
		}
		isSlow := map[[2]int]bool{}
		for _, rc := range slow {
			isSlow[rc] = true
		}
		// excelize gives every cell of a merged range the range's value;
		// the grid propagates merges itself (see grid).
		inMerge := map[[2]int]bool{}
		for _, m := range slowX.mergeRefs(s) {
			c1, r1, _ := xlsx.ParseRef(strings.ReplaceAll(m[0], "$", ""))
			c2, r2, _ := xlsx.ParseRef(strings.ReplaceAll(m[1], "$", ""))
			for r := r1; r <= r2; r++ {
				for c := c1; c <= c2; c++ {
					if r != r1 || c != c1 {
						inMerge[[2]int{r - 1, c - 1}] = true
					}
				}
			}
		}
		for r := 0; r < e.Rows; r++ {
			for c := 0; c < e.Cols; c++ {
				if isSlow[[2]int{r, c}] {
					slowCells++
					continue
				}
				if inMerge[[2]int{r, c}] {
					continue
				}
				fastCells++
				if want, _ := f.GetCellValue(s, xlsx.RefName(c+1, r+1)); g[r][c] != want {
					t.Errorf("%s!%s: fast %q, excelize %q", s, xlsx.RefName(c+1, r+1), g[r][c], want)
				}
			}
		}
		if x.fast == nil {
			x.fast = map[string]bool{}
		}
		x.fast[s] = true
		// excelize returns the classic validations and those of the
		// extension list; vouch reads the latter in Package.X14.
		got := x.validations(s)
		got = append(got, x.pkg.X14[s]...)
		if a, b := validationSet(got), validationSet(slowX.validations(s)); a != b {
			t.Errorf("sheet %s: validations\n%s\nexcelize:\n%s", s, a, b)
		}
		if a, b := fmt.Sprint(x.mergeRefs(s)), fmt.Sprint(slowX.mergeRefs(s)); a != b {
			t.Errorf("sheet %s: merges %s, excelize %s", s, a, b)
		}
	}
	if fastCells == 0 {
		t.Error("no cell was read from the XML")
	}
	t.Logf("%d cells read from the XML, %d left to excelize", fastCells, slowCells)
}

func validationSet(vs []xlsx.Validation) string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Sqref+" | "+v.Type+" | "+v.Formula)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestPatchLibreOfficeWorkbook patches a workbook as LibreOffice writes
// one (shared strings, its own styles and row attributes), and has
// LibreOffice read the result back.
func TestPatchLibreOfficeWorkbook(t *testing.T) {
	if os.Getenv("VOUCH_SKIP_SOFFICE") != "" {
		t.Skip("VOUCH_SKIP_SOFFICE set")
	}
	in := testutil.SofficeToXLSX(t, buyerBook(t, t.TempDir()))
	patched, saved := fillBoth(t, in, &fakeAnswerer{}, FillOptions{})
	diffSnapshots(t, snapshot(t, patched), snapshot(t, saved))
	untouched(t, in, patched)
	doc := read(t, patched, ReadOptions{})
	checkInLibreOffice(t, patched, doc, "Vendor Response")
}

// TestPatchedZipDates: new parts carry the time of the input's newest zip
// entry in the fields unzip tools read (not the time of the fill); copied
// and changed parts keep theirs.
func TestPatchedZipDates(t *testing.T) {
	dir := t.TempDir()
	in := buyerBook(t, dir)
	// Give the input's entries times of their own, the newest one known.
	newest := time.Date(2026, 11, 23, 14, 30, 10, 0, time.UTC)
	redate(t, in, func(i int) time.Time { return newest.Add(-time.Duration(i) * time.Hour) })
	old := map[string]time.Time{}
	zin, err := zip.OpenReader(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zin.File {
		old[f.Name] = f.Modified
	}
	zin.Close()
	out := filepath.Join(dir, "out.xlsx")
	if _, err := Fill(context.Background(), in, &fakeAnswerer{}, FillOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	added := 0
	for _, f := range zr.File {
		want, ok := old[f.Name]
		if !ok {
			added++
			want = newest
		}
		if !f.Modified.Equal(want) || f.ModifiedDate == 0 {
			t.Errorf("%s: modified %v (DOS date %d), want %v", f.Name, f.Modified, f.ModifiedDate, want)
		}
	}
	if added < 3 { // notes, their drawing, the review sheet
		t.Errorf("%d new parts, want 3 or more", added)
	}
}

// redate rewrites a zip package with the i-th entry dated at(i).
func redate(t *testing.T, path string, at func(i int) time.Time) {
	t.Helper()
	i := 0
	testutil.RewriteZip(t, path, func(h *zip.FileHeader, b []byte) []byte {
		h.Modified = at(i)
		i++
		return b
	})
}

// TestFillSameBytes: the same input filled twice, a while apart, gives the
// same bytes (issue 15), for a plain workbook and a formula-driven one.
func TestFillSameBytes(t *testing.T) {
	dir := t.TempDir()
	hv, _ := hecvatBook(t, dir, "hecvat4.xlsx", hvNames)
	for _, in := range []string{buyerBook(t, dir), hv} {
		var shas []string
		for i := range 2 {
			out := filepath.Join(dir, fmt.Sprintf("%s.%d.xlsx", filepath.Base(in), i))
			if _, err := Fill(context.Background(), in, &fakeAnswerer{}, FillOptions{Out: out}); err != nil {
				t.Fatal(err)
			}
			shas = append(shas, sha(t, out))
			if i == 0 {
				time.Sleep(2100 * time.Millisecond) // past the 2-second step of zip times
			}
		}
		if shas[0] != shas[1] {
			t.Errorf("%s: two fills give different bytes", filepath.Base(in))
		}
	}
}
