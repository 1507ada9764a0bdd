package questionnaire

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// styler adds cell formats to a styles part: each review highlight is the
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
	fillID   int // the review fill, once added
}

func newStyler(b []byte) (*styler, error) {
	name, attrs, _, _, err := rootTag(b)
	if err != nil {
		return nil, unpatchable("styles: %v", err)
	}
	if ns, _ := attrValue(attrs, "xmlns"); name != "styleSheet" || ns != nsMain {
		return nil, unpatchable("styles: not a transitional style sheet")
	}
	s := &styler{b: b, derived: map[int]int{}, fillID: -1}
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

// highlight returns the format id of format id with the review fill.
func (s *styler) highlight(id int) int {
	if id < 0 || id >= len(s.xfs) {
		id = 0
	}
	if n, ok := s.derived[id]; ok {
		return n
	}
	if s.fillID < 0 {
		s.fillID = s.addFill(solidFill(reviewFill))
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

// reviewStyles adds the review sheet's header format (bold white on dark
// blue, in the workbook's default font) and its wrapped body format.
func (s *styler) reviewStyles() (header, body int) {
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

// reviewItems are the items the review sheet lists.
func reviewItems(items []Item) []Item {
	var review []Item
	for _, it := range items {
		if it.Status == StatusReview {
			review = append(review, it)
		}
	}
	return review
}

// reviewHeader and reviewWidths are the review sheet's columns.
var (
	reviewHeader = []string{"Sheet", "Row", "ID", "Question", "Status", "Confidence", "Chosen control", "Top candidates", "Reasons"}
	reviewWidths = []float64{22, 6, 12, 70, 9, 11, 18, 50, 50}
)

// reviewRow is one review item as the review sheet shows it.
func reviewRow(it Item) []any {
	chosen := strings.Join(it.Controls, ", ")
	if chosen == "" && it.Library != "" {
		chosen = "library: " + it.Library
	}
	return []any{it.Sheet, it.Row, it.ID, it.Question, it.Status, it.Confidence, chosen, topCandidates(it, 3), strings.Join(it.Reasons, "; ")}
}

// reviewSheetName is ReviewSheet, numbered when the workbook has one already.
func reviewSheetName(taken func(string) bool) string {
	name := ReviewSheet
	for i := 2; taken(name); i++ {
		name = fmt.Sprintf("%s %d", ReviewSheet, i)
	}
	return name
}

// addReviewSheet adds the "vouch review" sheet as a new worksheet part.
func (p *xlsxPatch) addReviewSheet(wbName string, sheets []workbookSheet, review []Item, st *styler) error {
	maxID := 0
	for _, s := range sheets {
		maxID = max(maxID, s.SheetID)
	}
	name := reviewSheetName(func(n string) bool {
		for _, s := range sheets {
			if strings.EqualFold(s.Name, n) {
				return true
			}
		}
		return false
	})
	header, body := st.reviewStyles()
	part := p.freeName("xl/worksheets/sheet%d.xml")
	p.setGen(part, func(w textWriter) { writeReviewSheet(w, review, header, body) }, 0)
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
	return nil
}

// writeReviewSheet writes the review sheet's worksheet part.
func writeReviewSheet(b textWriter, review []Item, header, body int) {
	b.WriteString(xmlDeclaration + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRelationships + `">`)
	b.WriteString(`<dimension ref="A1:I` + strconv.Itoa(len(review)+1) + `"/>`)
	b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`)
	b.WriteString(`<sheetFormatPr defaultRowHeight="15"/><cols>`)
	for i, w := range reviewWidths {
		b.WriteString(`<col min="` + strconv.Itoa(i+1) + `" max="` + strconv.Itoa(i+1) + `" width="` + strconv.FormatFloat(w, 'g', -1, 64) + `" customWidth="1"/>`)
	}
	b.WriteString(`</cols><sheetData><row r="1">`)
	for i, h := range reviewHeader {
		writeStringCell(b, refName(i+1, 1), header, h)
	}
	b.WriteString(`</row>`)
	for i, it := range review {
		r := i + 2
		b.WriteString(`<row r="` + strconv.Itoa(r) + `">`)
		for c, v := range reviewRow(it) {
			ref := refName(c+1, r)
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
				if c == 3 {
					s = body
				}
				writeStringCell(b, ref, s, v)
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
}
