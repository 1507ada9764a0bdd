package xlsx

import (
	"bytes"
	"strconv"
	"strings"
)

// patchSheet writes the edits into a worksheet part: values as inline
// strings (data, never formulas), review highlights as derived styles.
// Rows and cells the edits do not touch are copied as they are. formulas
// reports that a value replaced a formula.
// legacyID, when set, is the relationship of a new VML drawing for notes:
// the sheet gets a <legacyDrawing> pointing at it. The sheet is written in
// one pass: large sheets are not copied again for each change.
func patchSheet(b []byte, edits map[CellKey]*CellEdit, st *styler, legacyID string) (out []byte, formulas bool, err error) {
	name, attrs, _, rootEnd, err := rootTag(b)
	if err != nil {
		return nil, false, unpatchable("sheet: %v", err)
	}
	if ns, _ := attrValue(attrs, "xmlns"); name != "worksheet" || ns != nsMain {
		return nil, false, unpatchable("not a transitional worksheet (<%s xmlns=%q>)", name, ns)
	}
	keys := EditKeys(edits)
	sd := findTag(b, 0, "sheetData")
	if sd < 0 {
		return nil, false, unpatchable("no <sheetData>")
	}
	cols := colStyles(b[:sd])
	sp := &sheetPatcher{b: b, edits: edits, st: st, cols: cols}
	size := len(b)
	for _, e := range edits {
		size += 100 + len(e.Value) + len(e.Value)/8
	}
	sp.buf.Grow(size)
	prefix := sp.writeHead(sd, rootEnd, keys, legacyID != "")
	sdName, sdAttrs, sdEnd, sdSelf, err := tagAt(b, sd)
	if err != nil {
		return nil, false, unpatchable("%v", err)
	}
	bodyEnd := sdEnd
	if sdSelf {
		writeTag(&sp.buf, sdName, sdAttrs, false)
	} else {
		sp.buf.Write(b[sd:sdEnd])
		k := bytes.Index(b[sdEnd:], []byte("</sheetData>"))
		if k < 0 {
			return nil, false, unpatchable("unterminated <sheetData>")
		}
		bodyEnd = sdEnd + k
	}
	ki, p, lastRow := 0, sdEnd, 0
	for {
		ri := findTag(b[:bodyEnd], p, "row")
		if ri < 0 {
			break
		}
		sp.buf.Write(b[p:ri])
		_, rattrs, rEnd, rSelf, err := tagAt(b, ri)
		if err != nil {
			return nil, false, unpatchable("%v", err)
		}
		rv, ok := attrValue(rattrs, "r")
		r, err := strconv.Atoi(rv)
		if !ok || err != nil || r <= lastRow {
			return nil, false, unpatchable("a row without a reference or out of order (r=%q)", rv)
		}
		lastRow = r
		rowClose := rEnd
		if !rSelf {
			k := bytes.Index(b[rEnd:bodyEnd], []byte("</row>"))
			if k < 0 {
				return nil, false, unpatchable("unterminated row %d", r)
			}
			rowClose = rEnd + k + len("</row>")
		}
		for ki < len(keys) && keys[ki].Row < r {
			ki = sp.newRow(keys, ki)
		}
		if ki < len(keys) && keys[ki].Row == r {
			j := ki
			for j < len(keys) && keys[j].Row == r {
				j++
			}
			if err := sp.patchRow(ri, rattrs, rEnd, rSelf, rowClose, keys[ki:j]); err != nil {
				return nil, false, err
			}
			ki = j
		} else {
			sp.buf.Write(b[ri:rowClose])
		}
		p = rowClose
	}
	sp.buf.Write(b[p:bodyEnd])
	for ki < len(keys) {
		ki = sp.newRow(keys, ki)
	}
	tail := bodyEnd
	if sdSelf {
		sp.buf.WriteString("</sheetData>")
		tail = sdEnd
	}
	if legacyID != "" {
		at, err := topLevelBefore(b, max(bodyEnd, sd), legacyDrawingFollowers)
		if err != nil {
			return nil, false, unpatchable("%v", err)
		}
		sp.buf.Write(b[tail:at])
		sp.buf.WriteString(`<legacyDrawing ` + prefix + `:id="` + legacyID + `"/>`)
		tail = at
	}
	sp.buf.Write(b[tail:])
	return sp.buf.Bytes(), sp.formulas, nil
}

// writeHead writes what comes before <sheetData>: the root element, with
// the relationships namespace declared when rel asks for it (its prefix is
// returned), and the <dimension> widened to the edited cells.
func (sp *sheetPatcher) writeHead(sd, rootEnd int, keys []CellKey, rel bool) (prefix string) {
	b := sp.b
	name, attrs, start, _, _ := rootTag(b) // parsed by the caller already
	prefix, declared := relNamespace(attrs)
	p := 0
	if rel && !declared {
		sp.buf.Write(b[:start])
		writeTag(&sp.buf, name, append(attrs, attr{"xmlns:" + prefix, nsRelationships}), false)
		p = rootEnd
	}
	if d := findTag(b[:sd], rootEnd, "dimension"); d >= 0 && len(keys) > 0 {
		if tag, end, ok := grownDimension(b, d, keys); ok {
			sp.buf.Write(b[p:d])
			sp.buf.Write(tag)
			p = end
		}
	}
	sp.buf.Write(b[p:sd])
	return prefix
}

type sheetPatcher struct {
	b        []byte
	buf      bytes.Buffer
	edits    map[CellKey]*CellEdit
	st       *styler
	cols     []colStyle
	formulas bool
}

// newRow writes a row the sheet did not have, with the edits of its row
// starting at keys[ki]; it returns the index after them.
func (sp *sheetPatcher) newRow(keys []CellKey, ki int) int {
	r := keys[ki].Row
	sp.buf.WriteString(`<row r="` + strconv.Itoa(r) + `">`)
	for ; ki < len(keys) && keys[ki].Row == r; ki++ {
		sp.newCell(keys[ki], styleOfCol(sp.cols, keys[ki].Col), nil)
	}
	sp.buf.WriteString("</row>")
	return ki
}

// newCell writes a cell the row did not have, in the base style of its row
// or column.
func (sp *sheetPatcher) newCell(k CellKey, base int, rowStyles map[int]int) {
	e := sp.edits[k]
	s := base
	if e.StyleOf > 0 {
		if v, ok := rowStyles[e.StyleOf]; ok {
			s = v
		}
	}
	if e.Highlight {
		s = sp.st.highlight(s)
	}
	ref := RefName(k.Col, k.Row)
	if !e.Set {
		sp.buf.WriteString(`<c r="` + ref + `"`)
		if s != 0 {
			sp.buf.WriteString(` s="` + strconv.Itoa(s) + `"`)
		}
		sp.buf.WriteString("/>")
		return
	}
	writeEditCell(&sp.buf, ref, s, e)
}

// writeStringCell writes a cell holding s as an inline string.
func writeStringCell(buf textWriter, ref string, style int, s string) {
	buf.WriteString(`<c r="` + ref + `"`)
	if style != 0 {
		buf.WriteString(` s="` + strconv.Itoa(style) + `"`)
	}
	buf.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
	writeEscaped(buf, bstrMarshal(truncateChars(s, maxCellChars)))
	buf.WriteString(`</t></is></c>`)
}

// patchRow rewrites one existing row with its edits (keys, in column order).
func (sp *sheetPatcher) patchRow(ri int, rattrs []attr, rEnd int, rSelf bool, rowClose int, keys []CellKey) error {
	b := sp.b
	r := keys[0].Row
	base := -1 // the row's own style, when it has one
	if cf, _ := attrValue(rattrs, "customFormat"); cf == "1" || cf == "true" {
		if s, err := strconv.Atoi(attrOr(rattrs, "s", "0")); err == nil {
			base = s
		}
	}
	baseOf := func(col int) int {
		if base >= 0 {
			return base
		}
		return styleOfCol(sp.cols, col)
	}
	// spans is an optional hint of the row's first and last column; it
	// would be wrong once a cell is added.
	writeTag(&sp.buf, "row", dropAttr(rattrs, "spans"), false)
	rowStyles := map[int]int{}
	ki := 0
	if !rSelf {
		contentEnd := rowClose - len("</row>")
		q, lastCol := rEnd, 0
		for {
			ci := findTag(b[:contentEnd], q, "c")
			if ci < 0 {
				break
			}
			sp.buf.Write(b[q:ci])
			_, cattrs, cEnd, cSelf, err := tagAt(b, ci)
			if err != nil {
				return unpatchable("row %d: %v", r, err)
			}
			ref, _ := attrValue(cattrs, "r")
			col, crow, ok := ParseRef(ref)
			if !ok || crow != r || col <= lastCol {
				return unpatchable("row %d: a cell without a reference or out of order (r=%q)", r, ref)
			}
			lastCol = col
			cellClose := cEnd
			if !cSelf {
				k := bytes.Index(b[cEnd:contentEnd], []byte("</c>"))
				if k < 0 {
					return unpatchable("row %d: unterminated cell %s", r, ref)
				}
				cellClose = cEnd + k + len("</c>")
			}
			s, _ := strconv.Atoi(attrOr(cattrs, "s", "0"))
			rowStyles[col] = s
			for ki < len(keys) && keys[ki].Col < col {
				sp.newCell(keys[ki], baseOf(keys[ki].Col), rowStyles)
				ki++
			}
			if ki < len(keys) && keys[ki].Col == col {
				e := sp.edits[keys[ki]]
				ki++
				switch {
				case e.Set:
					content := b[cEnd:cellClose]
					if fi := findTag(content, 0, "f"); fi >= 0 {
						_, fattrs, _, _, err := tagAt(content, fi)
						if _, shared := attrValue(fattrs, "ref"); err != nil || shared {
							return unpatchable("cell %s holds a shared or array formula", ref)
						}
						sp.formulas = true
					}
					if e.StyleOf > 0 {
						if v, ok := rowStyles[e.StyleOf]; ok {
							s = v
						}
					}
					if e.Highlight {
						s = sp.st.highlight(s)
					}
					writeEditCell(&sp.buf, ref, s, e)
				case e.Highlight:
					writeTag(&sp.buf, "c", setAttr(cattrs, "s", strconv.Itoa(sp.st.highlight(s))), cSelf)
					sp.buf.Write(b[cEnd:cellClose])
				default:
					sp.buf.Write(b[ci:cellClose])
				}
			} else {
				sp.buf.Write(b[ci:cellClose])
			}
			q = cellClose
		}
		sp.buf.Write(b[q:contentEnd])
	}
	for ; ki < len(keys); ki++ {
		sp.newCell(keys[ki], baseOf(keys[ki].Col), rowStyles)
	}
	sp.buf.WriteString("</row>")
	return nil
}

func attrOr(attrs []attr, name, def string) string {
	if v, ok := attrValue(attrs, name); ok {
		return v
	}
	return def
}

// colStyle is the style of a range of columns (<col min max style>).
type colStyle struct{ min, max, style int }

func colStyles(head []byte) []colStyle {
	var out []colStyle
	for i := findTag(head, 0, "col"); i >= 0; i = findTag(head, i+1, "col") {
		_, attrs, _, _, err := tagAt(head, i)
		if err != nil {
			return out
		}
		lo, err1 := strconv.Atoi(attrOr(attrs, "min", ""))
		hi, err2 := strconv.Atoi(attrOr(attrs, "max", ""))
		s, err3 := strconv.Atoi(attrOr(attrs, "style", "0"))
		if err1 == nil && err2 == nil && err3 == nil && s != 0 {
			out = append(out, colStyle{lo, hi, s})
		}
	}
	return out
}

func styleOfCol(cols []colStyle, col int) int {
	for _, c := range cols {
		if col >= c.min && col <= c.max {
			return c.style
		}
	}
	return 0
}

// grownDimension returns the <dimension> tag at b[i] widened to the
// edited cells, and where the old one ends; ok is false when it need not
// change or cannot be read.
func grownDimension(b []byte, i int, keys []CellKey) (tag []byte, end int, ok bool) {
	name, attrs, end, self, err := tagAt(b, i)
	if err != nil {
		return nil, 0, false
	}
	ref, _ := attrValue(attrs, "ref")
	first, last, _ := strings.Cut(ref, ":")
	if last == "" {
		last = first
	}
	c1, r1, ok1 := ParseRef(strings.ReplaceAll(first, "$", ""))
	c2, r2, ok2 := ParseRef(strings.ReplaceAll(last, "$", ""))
	if !ok1 || !ok2 {
		return nil, 0, false
	}
	n1, n2 := [2]int{c1, r1}, [2]int{c2, r2}
	for _, k := range keys {
		n1 = [2]int{min(n1[0], k.Col), min(n1[1], k.Row)}
		n2 = [2]int{max(n2[0], k.Col), max(n2[1], k.Row)}
	}
	nref := RefName(n1[0], n1[1]) + ":" + RefName(n2[0], n2[1])
	if nref == ref {
		return nil, 0, false
	}
	var buf bytes.Buffer
	writeTag(&buf, name, setAttr(attrs, "ref", nref), self)
	return buf.Bytes(), end, true
}
