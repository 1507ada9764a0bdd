package attack

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// part is one entry of a generated zip package, written in order (a name
// may repeat: the duplicate-entry attack).
type part struct {
	name string
	data []byte
	// size, when set, is the uncompressed size the headers claim (a lie):
	// the entry is stored, not deflated, with that size in its headers.
	size uint64
}

// writeZip writes the parts as a zip file.
func writeZip(t testing.TB, path string, parts []part) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.size > 0 {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Store, CompressedSize64: uint64(len(p.data)), UncompressedSize64: p.size})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(p.data)
			continue
		}
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sheetSpec is one sheet of a generated workbook: rows of cells, a cell
// being a value ("text") or a formula ("=ROW()").
type sheetSpec struct {
	name   string
	hidden bool
	rows   [][]string
	// raw, when set, is the whole worksheet XML.
	raw string
}

// questions is a small questionnaire grid: a header and n question rows.
func questions(n int, prefix string) [][]string {
	qs := []string{
		"Do you encrypt customer data at rest?",
		"Is multi-factor authentication required for administrative access?",
		"Do you perform background checks on employees?",
		"Do you have a documented incident response plan?",
		"Is customer data backed up?",
	}
	rows := [][]string{{"ID", "Question", "Answer", "Comment"}}
	for i := 0; i < n; i++ {
		rows = append(rows, []string{fmt.Sprintf("%s-%02d", prefix, i+1), qs[i%len(qs)], "", ""})
	}
	return rows
}

func colName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

func xmlEsc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sheetXML writes a worksheet with inline strings and formulas.
func sheetXML(rows [][]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`)
	for r, row := range rows {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		for c, v := range row {
			if v == "" {
				continue
			}
			ref := fmt.Sprintf("%s%d", colName(c), r+1)
			if strings.HasPrefix(v, "=") {
				fmt.Fprintf(&b, `<c r="%s"><f>%s</f><v>%d</v></c>`, ref, xmlEsc(v[1:]), r+1)
				continue
			}
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, xmlEsc(v))
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`

// bookParts returns the parts of a workbook holding the sheets. macro
// makes it a macro-enabled workbook (.xlsm content type and a VBA part).
func bookParts(sheets []sheetSpec, macro bool) []part {
	var ct, wb, rels strings.Builder
	mainCT := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	if macro {
		mainCT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
	}
	ct.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`)
	if macro {
		ct.WriteString(`<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>`)
	}
	ct.WriteString(`<Override PartName="/xl/workbook.xml" ContentType="` + mainCT + `"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	if macro {
		rels.WriteString(`<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>`)
	}
	var sheetParts []part
	for i, s := range sheets {
		n := i + 1
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		state := ""
		if s.hidden {
			state = ` state="hidden"`
		}
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, xmlEsc(s.name), n, state, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		x := s.raw
		if x == "" {
			x = sheetXML(s.rows)
		}
		sheetParts = append(sheetParts, part{name: fmt.Sprintf("xl/worksheets/sheet%d.xml", n), data: []byte(x)})
	}
	ct.WriteString(`</Types>`)
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	parts := []part{
		{name: "[Content_Types].xml", data: []byte(ct.String())},
		{name: "_rels/.rels", data: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{name: "xl/workbook.xml", data: []byte(wb.String())},
		{name: "xl/_rels/workbook.xml.rels", data: []byte(rels.String())},
		{name: "xl/styles.xml", data: []byte(stylesXML)},
	}
	if macro {
		parts = append(parts, part{name: "xl/vbaProject.bin", data: []byte("not really VBA, but a part vouch must carry over")})
	}
	return append(parts, sheetParts...)
}

// writeBook writes a workbook of the sheets.
func writeBook(t testing.TB, path string, sheets []sheetSpec) {
	t.Helper()
	writeZip(t, path, bookParts(sheets, false))
}

// manySheets is a workbook of n small questionnaire sheets.
func manySheets(n, rows int) []sheetSpec {
	s := make([]sheetSpec, n)
	for i := range s {
		s[i] = sheetSpec{name: fmt.Sprintf("Q%d", i+1), rows: questions(rows, fmt.Sprintf("S%d", i+1))}
	}
	return s
}

// TestGenerate writes a case's input to $ATTACK_GEN (a folder), for
// looking at one by hand: ATTACK_GEN=/tmp/x ATTACK_SHEETS=4000 go test -run TestGenerate.
func TestGenerate(t *testing.T) {
	dir := os.Getenv("ATTACK_GEN")
	if dir == "" {
		t.Skip("ATTACK_GEN not set: nothing to generate")
	}
	n := 1000
	fmt.Sscan(os.Getenv("ATTACK_SHEETS"), &n)
	writeBook(t, dir+fmt.Sprintf("/sheets%d.xlsx", n), manySheets(n, 2))
	rows := questions(4, "F")
	for i := 1; i < len(rows); i++ {
		rows[i][2] = "=ROW()"
	}
	writeBook(t, dir+"/formula.xlsx", []sheetSpec{{name: "Security", rows: rows}})
	writeBook(t, dir+"/shared.xlsx", []sheetSpec{{name: "Security", raw: sharedFormulaSheet()}})
}

// sharedFormulaSheet is a questionnaire whose comment cells D2:D4 hold one
// shared formula, =ROW(), with its cached values; the rest are empty.
func sharedFormulaSheet() string {
	qs := questions(8, "SF")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1" t="inlineStr"><is><t>Question</t></is></c><c r="C1" t="inlineStr"><is><t>Answer</t></is></c><c r="D1" t="inlineStr"><is><t>Comment</t></is></c></row>`)
	for i := 1; i < len(qs); i++ {
		r := i + 1
		f := `<f t="shared" si="0"/>`
		if i == 1 {
			f = `<f t="shared" ref="D2:D4" si="0">ROW()</f>`
		}
		if i > 3 {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d" t="inlineStr"><is><t>%s</t></is></c></row>`, r, r, qs[i][0], r, xmlEsc(qs[i][1]))
			continue
		}
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d" t="inlineStr"><is><t>%s</t></is></c><c r="D%d">%s<v>%d</v></c></row>`, r, r, qs[i][0], r, xmlEsc(qs[i][1]), r, f, r)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

// TestGenerateRows writes a one-sheet workbook of $ATTACK_ROWS questions to
// $ATTACK_GEN, for measuring a big fill by hand.
func TestGenerateRows(t *testing.T) {
	dir := os.Getenv("ATTACK_GEN")
	n := 0
	fmt.Sscan(os.Getenv("ATTACK_ROWS"), &n)
	if dir == "" || n == 0 {
		t.Skip("ATTACK_GEN and ATTACK_ROWS not set: nothing to generate")
	}
	writeBook(t, dir+fmt.Sprintf("/rows%d.xlsx", n), []sheetSpec{{name: "Security", rows: questions(n, "R")}})
}
