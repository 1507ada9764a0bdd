package xlsx

// Reading a sheet's cells straight from its XML, without excelize's full
// decode of the worksheet (which costs more than everything else vouch
// does to a large workbook). Values come out as excelize's GetCellValue
// gives them; a cell whose number format would change how it reads (a
// date, a percentage, a custom format) is left to excelize, and so is any
// sheet the scanner does not understand. TestFastGridMatchesExcelize holds
// the two readers to the same grid.

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// CellReader reads cell values from sheet XML with the workbook's shared
// strings and the number format of each cell format.
type CellReader struct {
	sst    []string
	numFmt []int // per cell format
}

// NewCellReader reads the shared strings and the number format of each
// cell format (nil parts: the workbook has none); ok is false when they
// cannot be read this way.
func NewCellReader(sharedStrings, styles []byte) (*CellReader, bool) {
	x := &CellReader{}
	if sharedStrings != nil {
		b := sharedStrings
		spans, _, ok := children(b, "sst", "si")
		if !ok {
			return nil, false
		}
		x.sst = make([]string, len(spans))
		for i, s := range spans {
			x.sst[i] = bstrUnmarshal(richText(b[s[0]:s[1]]))
		}
	}
	if styles != nil {
		b := styles
		spans, _, ok := children(b, "cellXfs", "xf")
		if !ok {
			return nil, false
		}
		x.numFmt = make([]int, len(spans))
		for i, s := range spans {
			_, attrs, _, _, err := tagAt(b, s[0])
			if err != nil {
				return nil, false
			}
			x.numFmt[i], _ = strconv.Atoi(attrOr(attrs, "numFmtId", "0"))
		}
	}
	return x, true
}

// richText is the text of a string item (<si> or <is>): its <t> and the
// <t> of its runs, without phonetic runs (<rPh>), as excelize reads it.
func richText(b []byte) string {
	var out strings.Builder
	for i := 0; ; {
		t := findTag(b, i, "t")
		ph := findTag(b, i, "rPh")
		if t < 0 {
			break
		}
		if ph >= 0 && ph < t {
			e := bytes.Index(b[ph:], []byte("</rPh>"))
			if e < 0 {
				break
			}
			i = ph + e
			continue
		}
		_, _, end, self, err := tagAt(b, t)
		if err != nil {
			break
		}
		if self {
			i = end
			continue
		}
		e := bytes.Index(b[end:], []byte("</t>"))
		if e < 0 {
			break
		}
		out.WriteString(xmlText(b[end : end+e]))
		i = end + e
	}
	return out.String()
}

// xmlText decodes character data as an XML parser does: line ends
// normalized, entities and character references replaced.
func xmlText(b []byte) string {
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var out strings.Builder
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		b = b[i:]
		j := bytes.IndexByte(b, ';')
		if j < 0 {
			out.Write(b)
			break
		}
		ent := string(b[1:j])
		switch {
		case ent == "lt":
			out.WriteByte('<')
		case ent == "gt":
			out.WriteByte('>')
		case ent == "amp":
			out.WriteByte('&')
		case ent == "quot":
			out.WriteByte('"')
		case ent == "apos":
			out.WriteByte('\'')
		case strings.HasPrefix(ent, "#x"):
			n, err := strconv.ParseUint(ent[2:], 16, 32)
			if err != nil {
				out.WriteString(string(b[:j+1]))
			} else {
				out.WriteRune(rune(n))
			}
		case strings.HasPrefix(ent, "#"):
			n, err := strconv.ParseUint(ent[1:], 10, 32)
			if err != nil {
				out.WriteString(string(b[:j+1]))
			} else {
				out.WriteRune(rune(n))
			}
		default:
			out.WriteString(string(b[:j+1]))
		}
		b = b[j+1:]
	}
	return out.String()
}

var reBstr = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrUnmarshal decodes the _xHHHH_ escapes SpreadsheetML uses for
// characters XML cannot hold (_x005F_ is a literal underscore), as excelize does.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return reBstr.ReplaceAllStringFunc(s, func(m string) string {
		if m == "_x005F_" {
			return "_"
		}
		v, err := strconv.Unquote(`"\u` + m[2:6] + `"`)
		if err != nil {
			return m
		}
		return v
	})
}

// bstrMarshal escapes text that would read as an _xHHHH_ escape, and the
// control characters XML cannot hold, so that it reads back as written.
func bstrMarshal(s string) string {
	if strings.Contains(s, "_x") {
		s = reBstr.ReplaceAllStringFunc(s, func(m string) string { return "_x005F_" + m[1:] })
	}
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, "_x%04X_", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' }

// Grid reads rows × width cells of a sheet from its XML. slow lists
// the cells (row, column; 0-based) whose value excelize must give; ok is
// false when the sheet cannot be read this way at all.
func (x *CellReader) Grid(b []byte, rows, width int) (g [][]string, slow [][2]int, ok bool) {
	defer func() { // a scanner bug on odd input leaves the sheet to excelize
		if r := recover(); r != nil {
			g, slow, ok = nil, nil, false
		}
	}()
	if b == nil {
		return nil, nil, false
	}
	name, attrs, _, _, err := rootTag(b)
	if ns, _ := attrValue(attrs, "xmlns"); err != nil || name != "worksheet" || ns != nsMain {
		return nil, nil, false
	}
	g = make([][]string, rows)
	for r := range g {
		g[r] = make([]string, width)
	}
	sd := findTag(b, 0, "sheetData")
	if sd < 0 {
		return g, nil, true
	}
	end := bytes.Index(b[sd:], []byte("</sheetData>"))
	if end < 0 {
		_, _, _, self, err := tagAt(b, sd)
		if err != nil || !self {
			return nil, nil, false
		}
		return g, nil, true
	}
	end += sd
	for i := findTag(b[:end], sd, "c"); i >= 0; i = findTag(b[:end], i+1, "c") {
		_, cattrs, cEnd, cSelf, err := tagAt(b, i)
		if err != nil {
			return nil, nil, false
		}
		ref, _ := attrValue(cattrs, "r")
		col, row, ok := ParseRef(ref)
		if !ok {
			return nil, nil, false // cells without references: excelize places them
		}
		if cSelf || row > rows || col > width {
			continue
		}
		k := bytes.Index(b[cEnd:end], []byte("</c>"))
		if k < 0 {
			return nil, nil, false
		}
		content := b[cEnd : cEnd+k]
		v, fast := x.cellValue(cattrs, content)
		if !fast {
			slow = append(slow, [2]int{row - 1, col - 1})
			continue
		}
		g[row-1][col-1] = v
	}
	return g, slow, true
}

// cellValue reads one cell as excelize's GetCellValue does; fast is false
// when only excelize can say (a number format applies, an unusual type).
func (x *CellReader) cellValue(attrs []attr, content []byte) (v string, fast bool) {
	s, err := strconv.Atoi(attrOr(attrs, "s", "0"))
	if err != nil {
		return "", false
	}
	// A number format other than General changes how a value reads:
	// excelize formats it.
	general := s == 0 || (s > 0 && s < len(x.numFmt) && x.numFmt[s] == 0)
	val := func() string {
		i := findTag(content, 0, "v")
		if i < 0 {
			return ""
		}
		_, _, e, self, err := tagAt(content, i)
		if err != nil || self {
			return ""
		}
		j := bytes.Index(content[e:], []byte("</v>"))
		if j < 0 {
			return ""
		}
		return xmlText(content[e : e+j])
	}
	t, _ := attrValue(attrs, "t")
	if !general && t != "str" && t != "b" {
		// Text under a built-in number format reads as it is (none of
		// them has a text section other than "@"), unless it looks like a
		// number, which a format might change.
		text := t == "s" || t == "inlineStr"
		if !text || s < 0 || s >= len(x.numFmt) || x.numFmt[s] >= 164 {
			return "", false
		}
		v, ok := x.cellValue(dropAttr(attrs, "s"), content)
		if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); !ok || err == nil {
			return "", false
		}
		return v, true
	}
	switch t {
	case "s":
		raw := val()
		if raw == "" {
			return "", true
		}
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil || n < 0 || n >= len(x.sst) {
			return "", false
		}
		return x.sst[n], true
	case "str":
		return val(), true
	case "inlineStr":
		i := findTag(content, 0, "is")
		if i < 0 {
			return val(), true
		}
		return bstrUnmarshal(richText(content[i:])), true
	case "b":
		switch val() {
		case "1":
			return "TRUE", true
		case "0":
			return "FALSE", true
		}
		return "", false
	case "", "n":
		raw := val()
		if strings.Contains(raw, "_") {
			return raw, true
		}
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return raw, true
		}
		plain := strconv.FormatFloat(f, 'f', -1, 64)
		if len(plain)-strings.Count(plain, ".") > 15 {
			plain = strconv.FormatFloat(f, 'G', 15, 64)
		}
		if s != 0 && f > 0 {
			// excelize's General: at most 11 digits of precision shown
			if p, err := strconv.ParseFloat(plain, 64); err == nil {
				q := strconv.FormatFloat(p, 'f', -1, 64)
				if len(q)-strings.Count(q, ".") > 11 {
					return strconv.FormatFloat(p, 'G', 10, 64), true
				}
			}
		}
		return plain, true
	case "e":
		return val(), s == 0
	}
	return "", false
}

// Merges returns the merged ranges of a sheet's XML as first and last cell.
func Merges(b []byte) [][2]string {
	var out [][2]string
	spans, _, _ := children(b, "mergeCells", "mergeCell")
	for _, sp := range spans {
		_, attrs, _, _, err := tagAt(b, sp[0])
		if err != nil {
			continue
		}
		ref, _ := attrValue(attrs, "ref")
		a, c, _ := strings.Cut(ref, ":")
		if c == "" {
			c = a
		}
		out = append(out, [2]string{a, c})
	}
	return out
}

// Validations returns the classic data validations of a sheet's XML
// (those in the extension list are Package.X14's).
func Validations(b []byte) []Validation {
	var out []Validation
	spans, _, _ := children(b, "dataValidations", "dataValidation")
	for _, sp := range spans {
		el := b[sp[0]:sp[1]]
		_, attrs, end, _, err := tagAt(el, 0)
		if err != nil {
			continue
		}
		v := Validation{Sqref: attrOr(attrs, "sqref", ""), Type: attrOr(attrs, "type", "")}
		if i := findTag(el, end, "formula1"); i >= 0 {
			if _, _, e, self, err := tagAt(el, i); err == nil && !self {
				if j := bytes.Index(el[e:], []byte("</formula1>")); j >= 0 {
					v.Formula = dvFormula(el[e : e+j])
				}
			}
		}
		out = append(out, v)
	}
	return out
}

// dvFormula reads a Validation formula as excelize does: unescaped, and a
// quoted list with its doubled quotes undone.
func dvFormula(raw []byte) string {
	f := xmlText(raw)
	if strings.HasPrefix(f, `"`) {
		f = strings.ReplaceAll(f, `""`, `"`)
	}
	return f
}

// Formula is what a formula cell holds: its formula (without "="), or,
// for a cell that shares the formula of another (t="shared" without
// text), the index of the shared formula.
type Formula struct {
	Text   string
	Shared bool // a shared formula's dependent cell: Text is empty
}

// Formulas returns the formula cells of a sheet's XML, by row and column
// (0-based). The cached values of these cells are what Grid reads.
func Formulas(b []byte) map[[2]int]Formula {
	if !bytes.Contains(b, []byte("<f")) {
		return nil
	}
	out := map[[2]int]Formula{}
	sd := findTag(b, 0, "sheetData")
	if sd < 0 {
		return nil
	}
	end := bytes.Index(b[sd:], []byte("</sheetData>"))
	if end < 0 {
		return nil
	}
	end += sd
	for i := findTag(b[:end], sd, "c"); i >= 0; i = findTag(b[:end], i+1, "c") {
		_, cattrs, cEnd, cSelf, err := tagAt(b, i)
		if err != nil || cSelf {
			continue
		}
		k := bytes.Index(b[cEnd:end], []byte("</c>"))
		if k < 0 {
			break
		}
		content := b[cEnd : cEnd+k]
		fi := findTag(content, 0, "f")
		if fi < 0 {
			continue
		}
		ref, _ := attrValue(cattrs, "r")
		col, row, ok := ParseRef(ref)
		if !ok {
			continue
		}
		_, fattrs, fEnd, fSelf, err := tagAt(content, fi)
		if err != nil {
			continue
		}
		var f Formula
		if !fSelf {
			if j := bytes.Index(content[fEnd:], []byte("</f>")); j >= 0 {
				f.Text = xmlText(content[fEnd : fEnd+j])
			}
		}
		if t, _ := attrValue(fattrs, "t"); t == "shared" && f.Text == "" {
			f.Shared = true
		}
		out[[2]int{row - 1, col - 1}] = f
	}
	return out
}
