package xlsx

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// styler adds cell formats to a styles part: each highlight is the
// cell's own format (font, border, alignment, number format) with a fill.
type styler struct {
	b        []byte
	xfs      [][2]int // spans of the <xf> elements of <cellXfs>
	fonts    [][2]int
	nFills   int
	newXfs   []string
	newFills []string
	newFonts []string
	derived  map[int]int
	fill     string // the highlight color, RRGGBB
	fillID   int    // the highlight fill, once added
}

func newStyler(b []byte, fill string) (*styler, error) {
	name, attrs, _, _, err := rootTag(b)
	if err != nil {
		return nil, unpatchable("styles: %v", err)
	}
	if ns, _ := attrValue(attrs, "xmlns"); name != "styleSheet" || ns != nsMain {
		return nil, unpatchable("styles: not a transitional style sheet")
	}
	s := &styler{b: b, derived: map[int]int{}, fill: fill, fillID: -1}
	var ok bool
	if s.xfs, _, ok = children(b, "cellXfs", "xf"); !ok || len(s.xfs) == 0 {
		return nil, unpatchable("styles: no <cellXfs>")
	}
	if s.fonts, _, ok = children(b, "fonts", "font"); !ok || len(s.fonts) == 0 {
		return nil, unpatchable("styles: no <fonts>")
	}
	fills, _, ok := children(b, "fills", "fill")
	if !ok {
		return nil, unpatchable("styles: no <fills>")
	}
	s.nFills = len(fills)
	return s, nil
}

func (s *styler) changed() bool { return len(s.newXfs) > 0 }

func (s *styler) addFill(x string) int {
	s.newFills = append(s.newFills, x)
	return s.nFills + len(s.newFills) - 1
}

func (s *styler) addFont(x string) int {
	s.newFonts = append(s.newFonts, x)
	return len(s.fonts) + len(s.newFonts) - 1
}

func (s *styler) addXf(x string) int {
	s.newXfs = append(s.newXfs, x)
	return len(s.xfs) + len(s.newXfs) - 1
}

func solidFill(rgb string) string {
	return `<fill><patternFill patternType="solid"><fgColor rgb="FF` + rgb + `"/><bgColor indexed="64"/></patternFill></fill>`
}

// highlight returns the format id of format id with the highlight fill.
func (s *styler) highlight(id int) int {
	if id < 0 || id >= len(s.xfs) {
		id = 0
	}
	if n, ok := s.derived[id]; ok {
		return n
	}
	if s.fillID < 0 {
		s.fillID = s.addFill(solidFill(s.fill))
	}
	sp := s.xfs[id]
	name, attrs, end, self, err := tagAt(s.b, sp[0])
	if err != nil { // cannot happen: children parsed it
		name, attrs, end, self = "xf", nil, sp[1], true
	}
	attrs = setAttr(setAttr(append([]attr(nil), attrs...), "fillId", strconv.Itoa(s.fillID)), "applyFill", "1")
	var buf bytes.Buffer
	writeTag(&buf, name, attrs, self)
	if !self {
		buf.Write(s.b[end:sp[1]])
	}
	n := s.addXf(buf.String())
	s.derived[id] = n
	return n
}

var reFontColor = regexp.MustCompile(`<color\b[^>]*/>|<color\b[^>]*>\s*</color>|<b\s*/>|<b\s+val="[^"]*"\s*/>`)

// sheetStyles adds an added sheet's header format (bold white on dark
// blue, in the workbook's default font) and its wrapped body format.
func (s *styler) sheetStyles() (header, body int) {
	f0 := string(s.b[s.fonts[0][0]:s.fonts[0][1]])
	inner := ""
	if i, j := strings.IndexByte(f0, '>'), strings.LastIndex(f0, "</font>"); i >= 0 && j > i && !strings.HasSuffix(f0[:i+1], "/>") {
		inner = reFontColor.ReplaceAllString(f0[i+1:j], "")
	}
	font := s.addFont(`<font><b/>` + inner + `<color rgb="FFFFFFFF"/></font>`)
	fill := s.addFill(solidFill("1F4E79"))
	header = s.addXf(fmt.Sprintf(`<xf numFmtId="0" fontId="%d" fillId="%d" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center"/></xf>`, font, fill))
	body = s.addXf(`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>`)
	return header, body
}

// bytes returns the styles part with the added fonts, fills and formats.
func (s *styler) bytes() ([]byte, error) {
	b := s.b
	var ok bool
	for _, add := range []struct {
		parent string
		items  []string
		count  int
	}{{"fonts", s.newFonts, len(s.fonts)}, {"fills", s.newFills, s.nFills}, {"cellXfs", s.newXfs, len(s.xfs)}} {
		if len(add.items) == 0 {
			continue
		}
		if b, ok = insertBeforeClose(b, add.parent, []byte(strings.Join(add.items, ""))); !ok {
			return nil, unpatchable("styles: cannot extend <%s>", add.parent)
		}
		b = setCount(b, add.parent, add.count+len(add.items))
	}
	return b, nil
}

// NewSheet is a sheet AddSheet writes: a header row (bold white on dark
// blue, frozen), columns of the given widths, and rows of strings, ints and
// float64s; the strings of column WrapCol (0-based; -1 for none) wrap.
// Strings are data: a value starting with "=" is never a formula.
type NewSheet struct {
	Name    string
	Header  []string
	Widths  []float64
	Rows    [][]any
	WrapCol int
}

// AddSheet adds a sheet as a new worksheet part, after the others. Its
// name must be one the workbook does not have (see HasSheet).
func (p *Patch) AddSheet(ns NewSheet) error {
	maxID := 0
	for _, s := range p.sheets {
		maxID = max(maxID, s.SheetID)
	}
	name := ns.Name
	if p.HasSheet(name) {
		return fmt.Errorf("the workbook has a sheet %q already", name)
	}
	header, body := p.st.sheetStyles()
	part := p.freeName("xl/worksheets/sheet%d.xml")
	p.setGen(part, func(w textWriter) { writeNewSheet(p.ctx, w, ns, header, body) }, 0)
	id, err := p.addRel(wbName, "worksheet", relTarget2(wbName, part))
	if err != nil {
		return err
	}
	if err := p.addContentType(`<Override PartName="/`+part+`" ContentType="`+ctWorksheet+`"/>`, `PartName="/`+part+`"`); err != nil {
		return err
	}
	wb, err := p.part(wbName)
	if err != nil {
		return unpatchable("%v", err)
	}
	prefix, wb, err := relPrefix(wb)
	if err != nil {
		return unpatchable("%s: %v", wbName, err)
	}
	el := `<sheet name="` + escapeText(name) + `" sheetId="` + strconv.Itoa(maxID+1) + `" ` + prefix + `:id="` + id + `"/>`
	wb, ok := insertBeforeClose(wb, "sheets", []byte(el))
	if !ok {
		return unpatchable("%s has no <sheets>", wbName)
	}
	p.set(wbName, wb)
	p.sheets = append(p.sheets, workbookSheet{Name: name, SheetID: maxID + 1, RID: id})
	return nil
}

// writeNewSheet writes an added sheet's worksheet part.
func writeNewSheet(ctx context.Context, b textWriter, ns NewSheet, header, body int) {
	b.WriteString(xmlDeclaration + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRelationships + `">`)
	b.WriteString(`<dimension ref="A1:` + RefName(max(1, len(ns.Header)), len(ns.Rows)+1) + `"/>`)
	b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`)
	b.WriteString(`<sheetFormatPr defaultRowHeight="15"/><cols>`)
	for i, w := range ns.Widths {
		b.WriteString(`<col min="` + strconv.Itoa(i+1) + `" max="` + strconv.Itoa(i+1) + `" width="` + strconv.FormatFloat(w, 'g', -1, 64) + `" customWidth="1"/>`)
	}
	b.WriteString(`</cols><sheetData><row r="1">`)
	for i, h := range ns.Header {
		writeStringCell(b, RefName(i+1, 1), header, h)
	}
	b.WriteString(`</row>`)
	for i, row := range ns.Rows {
		if i%1024 == 0 && ctx.Err() != nil {
			return
		}
		r := i + 2
		b.WriteString(`<row r="` + strconv.Itoa(r) + `">`)
		for c, v := range row {
			ref := RefName(c+1, r)
			switch v := v.(type) {
			case int:
				b.WriteString(`<c r="` + ref + `"><v>` + strconv.Itoa(v) + `</v></c>`)
			case float64:
				b.WriteString(`<c r="` + ref + `"><v>` + strconv.FormatFloat(v, 'f', -1, 64) + `</v></c>`)
			case string:
				if v == "" {
					continue
				}
				s := 0
				if c == ns.WrapCol {
					s = body
				}
				writeStringCell(b, ref, s, v)
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
}
