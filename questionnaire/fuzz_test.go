package questionnaire

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// gridOf splits text into rows (lines) and cells (tabs).
func gridOf(s string, flat bool) *grid {
	g := &grid{sheet: "fuzz", flat: flat, cont: map[[2]int][2]int{}}
	for _, line := range strings.Split(s, "\n") {
		g.rows = append(g.rows, strings.Split(line, "\t"))
	}
	return g
}

// FuzzDetectLayout: layout detection never panics and returns questions
// whose rows and cells are inside the grid.
func FuzzDetectLayout(f *testing.F) {
	f.Add("Title\n\nID\tQuestion\tAnswer\tComments\nA-1\tDo you?\t\t\nEnd of Standard", uint8(0), false)
	f.Add("Company Overview\t\tVendor Answers\tAdditional Information\nCOMP-01\tDescribe it\t\t", uint8(0), false)
	f.Add("Requirement\tResponse\nAccess Control\nMFA is enforced", uint8(1), true)
	f.Add("\t\t\t?\n#\n\n", uint8(3), false)
	f.Fuzz(func(t *testing.T, s string, header uint8, flat bool) {
		if len(s) > 1<<16 {
			return
		}
		g := gridOf(s, flat)
		for _, opts := range []ReadOptions{{}, {HeaderRow: int(header % 40)}, {QuestionCol: "B", AnswerCol: "C"}} {
			l, qs, err := detectLayout(g, opts)
			if err != nil {
				continue
			}
			if l.Questions != len(qs) {
				t.Fatalf("layout says %d questions, got %d", l.Questions, len(qs))
			}
			for _, q := range qs {
				if q.Row < 1 || q.Row > len(g.rows) || q.Text == "" {
					t.Fatalf("question out of the grid: %+v", q)
				}
			}
		}
	})
}

// FuzzReadCSV: the CSV reader and the detection on its result never panic.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("\xEF\xBB\xBFID;Question;Answer\n1;\"Do you\nencrypt?\";\n"))
	f.Add([]byte("id,domain,question,type,choices\n1.1#1,Q,Do you?,unique_choice,Yes | No | N/A\n"))
	f.Add([]byte("Question\tResponse\n\"unterminated\n"))
	f.Add([]byte("\xff\xfe,\x00;\t\"\"\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		d, err := parseCSV(b)
		if err != nil {
			return
		}
		g := &grid{sheet: "fuzz.csv", flat: true}
		for _, r := range d.records {
			row := make([]string, d.width)
			copy(row, r)
			g.rows = append(g.rows, row)
		}
		if _, qs, err := detectLayout(g, ReadOptions{}); err == nil {
			for _, q := range qs {
				if q.Row < 1 || q.Row > len(g.rows) {
					t.Fatalf("row %d outside %d records", q.Row, len(g.rows))
				}
			}
		}
	})
}

// FuzzScanExtent: the sheet XML scanner never panics.
func FuzzScanExtent(f *testing.F) {
	f.Add([]byte(`<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"/><c r="C1"></c></row></sheetData><extLst>` + x14List("C2", "$A$1:$A$2") + `</extLst>`))
	f.Add([]byte(`sheetData r=" r="A`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e := scanExtent(b)
		if e.rows < 0 || e.cols < 0 {
			t.Fatalf("extent %+v", e)
		}
		_ = x14Validations(b)
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
		st, err := newStyler(styles)
		if err != nil {
			t.Fatal(err)
		}
		edits := map[cellKey]*cellEdit{
			{int(row%8) + 1, int(col%6) + 1}: {value: value, set: true, highlight: row%2 == 0},
			{int(row%8) + 2, 1}:              {highlight: true, note: value},
		}
		out, _, err := patchSheet(sheet, edits, st, "rId9")
		if err == nil && wellFormed(sheet) && !wellFormed(out) {
			t.Fatalf("patched sheet is not well-formed:\n%s", out)
		}
		x := &xlsxReader{numFmt: []int{0, 0, 14}, sst: []string{"shared"}}
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
