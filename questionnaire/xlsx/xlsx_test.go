package xlsx

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/testutil"
)

// TestStringCellRoundTrip writes awkward text as vouch writes answers and
// reads it back both ways.
func TestStringCellRoundTrip(t *testing.T) {
	for _, v := range []string{"plain", "_x0041_ is not A", "a\nb\r\nc\td", `<&>"'`, "bell\x07 and nul\x00", "=SUM(A1) +1 -2 @x", "ünïcödé ✓"} {
		var b bytes.Buffer
		writeStringCell(&b, "C5", 3, v)
		cellXML := b.String()
		_, attrs, end, _, err := tagAt(b.Bytes(), 0)
		if err != nil {
			t.Fatal(err)
		}
		x := &CellReader{numFmt: []int{0, 0, 0, 0}}
		got, ok := x.cellValue(attrs, b.Bytes()[end:])
		want := v // escaped, a CR survives
		if !ok || got != want {
			t.Errorf("%q: read back %q (%v) from %s", v, got, ok, cellXML)
		}
		// excelize reads it the same way.
		f := excelize.NewFile()
		if err := f.SetCellValue("Sheet1", "A1", "x"); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		f.Close()
		path := filepath.Join(t.TempDir(), "rt.xlsx")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		testutil.PatchZip(t, path, "xl/worksheets/sheet1.xml", func(s []byte) []byte {
			return bytes.Replace(s, []byte("</sheetData>"), []byte(`<row r="5">`+strings.Replace(cellXML, ` s="3"`, "", 1)+`</row></sheetData>`), 1)
		})
		g, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if ev, _ := g.GetCellValue("Sheet1", "C5"); ev != want {
			t.Errorf("%q: excelize reads %q", v, ev)
		}
		g.Close()
	}
}

// TestWriteEscaped holds the escaper to encoding/xml's.
func TestWriteEscaped(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&'</a>`, "tab\tnl\ncr\r", "“quotes” — dash ✓", "bad\xffbyte", "nul\x00bell\x07", "\uFFFE\uFFFF", "tail<"} {
		var got, want bytes.Buffer
		writeEscaped(&got, s)
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q: %q, encoding/xml %q", s, got.String(), want.String())
		}
	}
}

// TestPatchSheetDeclaresRelationships: a sheet whose root does not bind
// the relationships namespace (or binds r to something else) gets it
// declared for its new <legacyDrawing>, and stays well-formed.
func TestPatchSheetDeclaresRelationships(t *testing.T) {
	styles := []byte(`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="2"><fill/><fill/></fills><cellXfs count="1"><xf/></cellXfs></styleSheet>`)
	for _, c := range []struct{ root, want string }{
		{`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`, `<legacyDrawing r:id="rId7"/>`},
		{`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="urn:other">`, `<legacyDrawing r2:id="rId7"/>`},
	} {
		st, err := newStyler(styles, "FFF2CC")
		if err != nil {
			t.Fatal(err)
		}
		sheet := []byte(c.root + `<dimension ref="A1"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
		out, _, err := patchSheet(sheet, map[CellKey]*CellEdit{{2, 2}: {Value: "Yes", Set: true, Highlight: true}}, st, "rId7")
		if err != nil {
			t.Fatal(err)
		}
		if !wellFormed(out) || !bytes.Contains(out, []byte(c.want)) || !bytes.Contains(out, []byte(`<dimension ref="A1:B2"/>`)) {
			t.Errorf("root %s:\n%s", c.root, out)
		}
		if !bytes.Contains(out, []byte(`xmlns:`+strings.TrimSuffix(strings.TrimPrefix(c.want, "<legacyDrawing "), `:id="rId7"/>`)+`="`+nsRelationships+`"`)) {
			t.Errorf("root %s: namespace not declared:\n%s", c.root, out)
		}
	}
}

func TestScanExtent(t *testing.T) {
	tests := []struct {
		xml        string
		rows, cols int
	}{
		{`<worksheet><dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>2</v></c></row>` +
			`<row r="7"><c r="B7" t="inlineStr"><is><t>x</t></is></c><c r="Z7" s="1"/><c r="AA7" s="1"></c></row>` +
			`<row r="1002"><c r="A1002" s="6"></c><c r="B1002" s="6"/></row></sheetData></worksheet>`, 7, 3},
		{`<worksheet><sheetData/></worksheet>`, 0, 0},
	}
	for _, tt := range tests {
		e := ScanExtent([]byte(tt.xml))
		if !e.OK || e.Rows != tt.rows || e.Cols != tt.cols {
			t.Errorf("scanExtent = %+v, want %d rows, %d cols", e, tt.rows, tt.cols)
		}
	}
}

// FuzzScanExtent: the sheet XML scanner never panics.
func FuzzScanExtent(f *testing.F) {
	f.Add([]byte(`<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"/><c r="C1"></c></row></sheetData><extLst>` + `<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations><x14:dataValidation type="list"><x14:formula1><xm:f>$A$1:$A$2</xm:f></x14:formula1><xm:sqref>C2</xm:sqref></x14:dataValidation></x14:dataValidations></ext>` + `</extLst>`))
	f.Add([]byte(`sheetData r=" r="A`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e := ScanExtent(b)
		if e.Rows < 0 || e.Cols < 0 {
			t.Fatalf("extent %+v", e)
		}
		_ = X14Validations(b)
	})
}

// fuzzSheet is a worksheet with what the patcher and the XML reader meet:
// a dimension, column styles, rows with and without cells, a styled row,
// shared, inline, rich and formula cells, merges, a legacy drawing.
const fuzzSheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:D4"/><cols><col min="3" max="3" width="20" style="2" customWidth="1"/></cols><sheetData><row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>Do </t></r><r><rPr><b/></rPr><t xml:space="preserve">you?</t></r><rPh><t>ph</t></rPh></is></c></row><row r="3" s="1" customFormat="1"/><row r="4"><c r="A4"><v>1.5</v></c><c r="C4" t="str"><f>A4*2</f><v>3</v></c><c r="D4" t="b"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><legacyDrawing r:id="rId1"/></worksheet>`

// FuzzPatchSheet: on any sheet XML, patching answers and highlights and
// reading cells never panic, and a patched sheet is well-formed XML when
// its input was.
func FuzzPatchSheet(f *testing.F) {
	f.Add([]byte(fuzzSheet), uint8(2), uint8(3), "Yes & <No>")
	f.Add([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`), uint8(5), uint8(1), "=1+1")
	f.Add([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="2"><c r="B2" s="9"/></row></sheetData></worksheet>`), uint8(2), uint8(2), "")
	styles := []byte(`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill/><fill/></fills><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`)
	f.Fuzz(func(t *testing.T, sheet []byte, row, col uint8, value string) {
		st, err := newStyler(styles, "FFF2CC")
		if err != nil {
			t.Fatal(err)
		}
		edits := map[CellKey]*CellEdit{
			{int(row%8) + 1, int(col%6) + 1}: {Value: value, Set: true, Highlight: row%2 == 0},
			{int(row%8) + 2, 1}:              {Highlight: true, Note: value},
		}
		out, _, err := patchSheet(sheet, edits, st, "rId9")
		if err == nil && wellFormed(sheet) && !wellFormed(out) {
			t.Fatalf("patched sheet is not well-formed:\n%s", out)
		}
		x := &CellReader{numFmt: []int{0, 0, 14}, sst: []string{"shared"}}
		for i := findTag(sheet, 0, "c"); i >= 0; i = findTag(sheet, i+1, "c") {
			if _, attrs, end, _, err := tagAt(sheet, i); err == nil {
				x.cellValue(attrs, sheet[end:])
			}
		}
		_ = richText(sheet)
		_ = xmlText(sheet)
	})
}

func wellFormed(b []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err != nil {
			return err == io.EOF
		}
	}
}

// TestFormulas finds formula cells: plain, a shared formula's master and
// its dependents, an array formula, with and without cached values.
func TestFormulas(t *testing.T) {
	sheet := []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="str"><f>VLOOKUP($A1,Questions!$A$2:$C$9,2,0)</f><v>Do you?</v></c></row>` +
		`<row r="2"><c r="C2" t="str"><f t="shared" ref="C2:C3" si="0">'START HERE'!C13&amp;""</f><v></v></c><c r="D2"><f t="array" ref="D2">SUM(A1:A2)</f><v>0</v></c></row>` +
		`<row r="3"><c r="C3" t="str"><f t="shared" si="0"/><v>x</v></c><c r="E3"><f>1+1</f></c></row>` +
		`</sheetData></worksheet>`)
	got := Formulas(sheet)
	want := map[[2]int]Formula{
		{0, 1}: {Text: "VLOOKUP($A1,Questions!$A$2:$C$9,2,0)"},
		{1, 2}: {Text: `'START HERE'!C13&""`},
		{1, 3}: {Text: "SUM(A1:A2)"},
		{2, 2}: {Shared: true},
		{2, 4}: {Text: "1+1"},
	}
	if len(got) != len(want) {
		t.Errorf("Formulas = %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%v: %+v, want %+v", k, got[k], w)
		}
	}
	if Formulas([]byte(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`)) != nil {
		t.Error("formulas found in a sheet without any")
	}
}

// TestFullCalcOnLoad sets the flag on an existing <calcPr>, or adds one
// where the schema puts it: after <definedNames>, before <extLst>.
func TestFullCalcOnLoad(t *testing.T) {
	const head = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="A" sheetId="1"/></sheets>`
	for _, c := range []struct{ in, want string }{
		{head + `<calcPr calcId="191029"/></workbook>`, head + `<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>`},
		{head + `<calcPr calcId="1" fullCalcOnLoad="0"></calcPr></workbook>`, head + `<calcPr calcId="1" fullCalcOnLoad="1"></calcPr></workbook>`},
		{head + `<definedNames><definedName name="x">A!$A$1</definedName></definedNames><extLst><ext uri="u"/></extLst></workbook>`,
			head + `<definedNames><definedName name="x">A!$A$1</definedName></definedNames><calcPr fullCalcOnLoad="1"/><extLst><ext uri="u"/></extLst></workbook>`},
		{head + `</workbook>`, head + `<calcPr fullCalcOnLoad="1"/></workbook>`},
	} {
		got, err := fullCalcOnLoad([]byte(c.in))
		if err != nil || string(got) != c.want {
			t.Errorf("fullCalcOnLoad(%s) =\n%s (%v), want\n%s", c.in, got, err, c.want)
		}
	}
}
