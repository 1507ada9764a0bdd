package xlsx

// Unfill: removing from a filled workbook what its fill record says the
// fill added — the review sheet, vouch's notes and their drawings, the
// highlight formats — and the record itself. Every other part is copied
// byte for byte by Write; the parts Unfill edits lose exactly the bytes the
// fill inserted when nobody changed them since.

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Unfilled is what Unfill removed.
type Unfilled struct {
	ReviewSheets []string // the review sheets removed
	Notes        int      // vouch's notes removed
	Highlights   int      // cells given back their own format
	Styles       int      // cell formats the fill had added, removed
	Parts        []string // parts removed
	Warnings     []string // what was left, and why
}

// SheetGrid returns the values of a sheet's first width columns, read from
// its XML (nil when the workbook has no such sheet).
func (p *Patch) SheetGrid(sheet string, width int) ([][]string, error) {
	part := p.partOf[sheet]
	if part == "" {
		return nil, nil
	}
	b, err := p.part(part)
	if err != nil || b == nil {
		return nil, fmt.Errorf("sheet %q has no readable part", sheet)
	}
	var sst, styles []byte
	if name := relTarget(p.wbRels, wbName, "sharedStrings"); name != "" {
		if sst, err = p.part(name); err != nil {
			return nil, err
		}
	}
	if styles, err = p.part(p.stylesName); err != nil {
		return nil, err
	}
	x, ok := NewCellReader(sst, styles)
	if !ok {
		return nil, fmt.Errorf("sheet %q: unreadable shared strings or styles", sheet)
	}
	ext := ScanExtent(b)
	g, _, ok := x.Grid(b, ext.Rows, width)
	if !ok {
		return nil, fmt.Errorf("sheet %q: cells vouch cannot read", sheet)
	}
	return g, nil
}

// Unfill removes what rec says the fill added.
func (p *Patch) Unfill(rec *FillRecord) (*Unfilled, error) {
	u := &Unfilled{}
	added := map[string]bool{}
	for _, name := range rec.Parts {
		added[name] = true
	}
	for _, name := range rec.ReviewSheets {
		if err := p.dropReviewSheet(name, u); err != nil {
			return nil, err
		}
	}
	styles := map[int]int{}
	for _, d := range rec.Styles.Derived {
		styles[d.Added] = d.From
	}
	for _, rs := range rec.Sheets {
		if slices.Contains(u.ReviewSheets, rs.Name) {
			continue
		}
		part := p.partOf[rs.Name]
		if part == "" || !p.exists(part) {
			u.Warnings = append(u.Warnings, fmt.Sprintf("sheet %q is gone: nothing to remove there", rs.Name))
			continue
		}
		if err := p.unmarkSheet(part, rs, styles, added, u); err != nil {
			return nil, err
		}
	}
	if err := p.dropStyles(rec.Styles, u); err != nil {
		return nil, err
	}
	for _, ext := range rec.Defaults {
		if !p.hasPartWithExt("." + ext) {
			if err := p.cutTags(contentTypes, "Default", func(a []attr) bool { v, _ := attrValue(a, "Extension"); return strings.EqualFold(v, ext) }); err != nil {
				return nil, err
			}
		}
	}
	if err := p.dropPart(wbName, RecordPart); err != nil {
		return nil, err
	}
	return u, nil
}

// hasPartWithExt says whether a part the package keeps ends in ext.
func (p *Patch) hasPartWithExt(ext string) bool {
	for name := range p.files {
		if strings.HasSuffix(strings.ToLower(name), ext) && !p.removed[name] {
			return true
		}
	}
	return false
}

// cutTags removes the <tag .../> elements (or <tag ...>...</tag>) of a
// part whose attributes match.
func (p *Patch) cutTags(part, tag string, match func([]attr) bool) error {
	b, err := p.part(part)
	if err != nil || b == nil {
		return unpatchable("%s unreadable", part)
	}
	changed := false
	for i := findTag(b, 0, tag); i >= 0; i = findTag(b, i, tag) {
		_, attrs, end, self, err := tagAt(b, i)
		if err != nil {
			return unpatchable("%s: %v", part, err)
		}
		if match(attrs) {
			b, changed = splice(b, i, elementEnd(b, tag, end, self), nil), true
			continue
		}
		i = end
	}
	if changed {
		p.set(part, b)
	}
	return nil
}

// dropPart removes a part, its relationships, the relationship from
// owner that points at it, and its content-type override.
func (p *Patch) dropPart(owner, name string) error {
	if !p.exists(name) {
		return nil
	}
	p.removed[name] = true
	if p.exists(relsOf(name)) {
		p.removed[relsOf(name)] = true
	}
	if p.exists(relsOf(owner)) {
		if err := p.cutTags(relsOf(owner), "Relationship", func(a []attr) bool {
			t, _ := attrValue(a, "Target")
			mode, _ := attrValue(a, "TargetMode")
			return mode != "External" && resolvePart(owner, t) == name
		}); err != nil {
			return err
		}
	}
	return p.cutTags(contentTypes, "Override", func(a []attr) bool { v, _ := attrValue(a, "PartName"); return v == "/"+name })
}

// dropReviewSheet removes the review sheet, when the workbook still has it.
func (p *Patch) dropReviewSheet(name string, u *Unfilled) error {
	if name == "" {
		return nil
	}
	idx := -1
	for i, s := range p.sheets {
		if s.Name == name {
			idx = i
		}
	}
	if idx < 0 {
		return nil
	}
	s := p.sheets[idx]
	part := p.partOf[name]
	wb, err := p.part(wbName)
	if err != nil || wb == nil {
		return unpatchable("no readable %s", wbName)
	}
	// Its <sheet>, the defined names local to it; the later sheets' local
	// names and the active tab move down by one.
	for i := findTag(wb, 0, "sheet"); i >= 0; i = findTag(wb, i+1, "sheet") {
		_, attrs, end, self, err := tagAt(wb, i)
		if err != nil {
			return unpatchable("%s: %v", wbName, err)
		}
		if id, _ := attrValueSuffix(attrs, ":id"); id == s.RID {
			wb = splice(wb, i, elementEnd(wb, "sheet", end, self), nil)
			break
		}
	}
	for i := findTag(wb, 0, "definedName"); i >= 0; {
		tn, attrs, end, self, err := tagAt(wb, i)
		if err != nil {
			return unpatchable("%s: %v", wbName, err)
		}
		close := elementEnd(wb, "definedName", end, self)
		if v, ok := attrValue(attrs, "localSheetId"); ok {
			if n, err := strconv.Atoi(v); err == nil && n == idx {
				wb = splice(wb, i, close, nil)
				i = findTag(wb, i, "definedName")
				continue
			} else if err == nil && n > idx {
				var buf bytes.Buffer
				writeTag(&buf, tn, setAttr(attrs, "localSheetId", strconv.Itoa(n-1)), self)
				wb = splice(wb, i, end, buf.Bytes())
				end = i + buf.Len()
			}
		}
		i = findTag(wb, end, "definedName")
	}
	if i := findTag(wb, 0, "workbookView"); i >= 0 {
		tn, attrs, end, self, err := tagAt(wb, i)
		if err == nil {
			changed := false
			for _, a := range []string{"activeTab", "firstSheet"} {
				if v, ok := attrValue(attrs, a); ok {
					if n, err := strconv.Atoi(v); err == nil && n >= idx && n > 0 {
						attrs, changed = setAttr(attrs, a, strconv.Itoa(n-1)), true
					}
				}
			}
			if changed {
				var buf bytes.Buffer
				writeTag(&buf, tn, attrs, self)
				wb = splice(wb, i, end, buf.Bytes())
			}
		}
	}
	p.set(wbName, wb)
	p.sheets = append(p.sheets[:idx:idx], p.sheets[idx+1:]...)
	delete(p.partOf, name)
	u.ReviewSheets = append(u.ReviewSheets, name)
	if part != "" {
		u.Parts = append(u.Parts, part)
		return p.dropPart(wbName, part)
	}
	return nil
}

// elementEnd is where the element whose start tag ends at end ends: there
// for <x/>, after its </x> otherwise (or at end when it has none).
func elementEnd(b []byte, name string, end int, self bool) int {
	if self {
		return end
	}
	if k := bytes.Index(b[end:], []byte("</"+name+">")); k >= 0 {
		return end + k + len("</"+name+">")
	}
	return end
}

func attrValueSuffix(attrs []attr, suffix string) (string, bool) {
	for _, a := range attrs {
		if strings.HasSuffix(a.name, suffix) {
			return a.value, true
		}
	}
	return "", false
}

// unmarkSheet gives highlighted cells back their own format and removes
// vouch's notes from one sheet.
func (p *Patch) unmarkSheet(part string, rs RecordSheet, styles map[int]int, added map[string]bool, u *Unfilled) error {
	b, err := p.part(part)
	if err != nil || b == nil {
		return unpatchable("%s unreadable", part)
	}
	hl := map[string]bool{}
	for _, r := range rs.Highlights {
		hl[r] = true
	}
	if sd := findTag(b, 0, "sheetData"); sd >= 0 && len(hl) > 0 {
		for i := findTag(b, sd, "c"); i >= 0; i = findTag(b, i+1, "c") {
			tn, attrs, end, self, err := tagAt(b, i)
			if err != nil {
				return unpatchable("%s: %v", part, err)
			}
			ref, _ := attrValue(attrs, "r")
			if !hl[ref] {
				continue
			}
			sv, _ := attrValue(attrs, "s")
			n, err := strconv.Atoi(sv)
			from, ok := styles[n]
			if err != nil || !ok {
				continue // restyled since: the buyer's or the reviewer's now
			}
			for hops := 0; hops < len(styles); hops++ { // highlighted by two fills
				f, again := styles[from]
				if !again {
					break
				}
				from = f
			}
			if from == 0 {
				attrs = dropAttr(attrs, "s")
			} else {
				attrs = setAttr(attrs, "s", strconv.Itoa(from))
			}
			var buf bytes.Buffer
			writeTag(&buf, tn, attrs, self)
			b = splice(b, i, end, buf.Bytes())
			u.Highlights++
		}
	}
	if len(rs.Notes) > 0 {
		if b, err = p.dropNotes(part, b, rs.Notes, added, u); err != nil {
			return err
		}
	}
	p.set(part, b)
	return nil
}

var (
	reShape    = regexp.MustCompile(`(?s)<v:shape\b.*?</v:shape>`)
	reShapeRow = regexp.MustCompile(`<x:Row>\s*(\d+)\s*</x:Row>`)
	reShapeCol = regexp.MustCompile(`<x:Column>\s*(\d+)\s*</x:Column>`)
)

// dropNotes removes vouch's notes at refs from a sheet's comments part and
// their shapes from its VML drawing; parts the fill added go when nothing
// is left in them. It returns the sheet XML, without its <legacyDrawing>
// when the drawing went.
func (p *Patch) dropNotes(part string, sheet []byte, refs []string, added map[string]bool, u *Unfilled) ([]byte, error) {
	rels, err := p.rels(part)
	if err != nil {
		return nil, unpatchable("%v", err)
	}
	want := map[string]bool{}
	for _, r := range refs {
		want[r] = true
	}
	removed := map[CellKey]bool{}
	if name := relTarget(rels, part, "comments"); name != "" && p.exists(name) {
		c, err := p.part(name)
		if err != nil || c == nil {
			return nil, unpatchable("%s unreadable", name)
		}
		authors, _, ok := children(c, "authors", "author")
		vouch := -1
		for i, s := range authors {
			if ok && bytes.Equal(c[s[0]:s[1]], []byte("<author>"+NoteAuthor+"</author>")) {
				vouch = i
			}
		}
		if vouch >= 0 {
			spans, _, _ := children(c, "commentList", "comment")
			left, vouchLeft := 0, false
			for i := len(spans) - 1; i >= 0; i-- {
				_, attrs, _, _, err := tagAt(c, spans[i][0])
				if err != nil {
					return nil, unpatchable("%s: %v", name, err)
				}
				ref, _ := attrValue(attrs, "ref")
				aid, _ := attrValue(attrs, "authorId")
				if want[ref] && aid == strconv.Itoa(vouch) {
					c = splice(c, spans[i][0], spans[i][1], nil)
					col, row, _ := ParseRef(ref)
					removed[CellKey{Row: row, Col: col}] = true
					u.Notes++
					continue
				}
				left++
				vouchLeft = vouchLeft || aid == strconv.Itoa(vouch)
			}
			switch {
			case left == 0 && added[name]:
				u.Parts = append(u.Parts, name)
				if err := p.dropPart(part, name); err != nil {
					return nil, err
				}
			default:
				if !vouchLeft && vouch == len(authors)-1 {
					s := authors[vouch]
					c = splice(c, s[0], s[1], nil)
				}
				p.set(name, c)
			}
		}
	}
	if len(removed) == 0 {
		return sheet, nil
	}
	i := findTag(sheet, 0, "legacyDrawing")
	if i < 0 {
		return sheet, nil
	}
	_, attrs, end, self, err := tagAt(sheet, i)
	if err != nil {
		return nil, unpatchable("%s: %v", part, err)
	}
	end = elementEnd(sheet, "legacyDrawing", end, self)
	rid, _ := attrValueSuffix(attrs, ":id")
	vml := ""
	for _, r := range rels {
		if r.ID == rid {
			vml = resolvePart(part, r.Target)
		}
	}
	if vml == "" || !p.exists(vml) {
		return sheet, nil
	}
	v, err := p.part(vml)
	if err != nil || v == nil {
		return nil, unpatchable("%s unreadable", vml)
	}
	shapes := 0
	v = reShape.ReplaceAllFunc(v, func(s []byte) []byte {
		r, c := reShapeRow.FindSubmatch(s), reShapeCol.FindSubmatch(s)
		if r != nil && c != nil && bytes.Contains(s, []byte(`ObjectType="Note"`)) {
			row, _ := strconv.Atoi(string(r[1]))
			col, _ := strconv.Atoi(string(c[1]))
			if removed[CellKey{Row: row + 1, Col: col + 1}] {
				return nil
			}
		}
		shapes++
		return s
	})
	if shapes == 0 && added[vml] {
		u.Parts = append(u.Parts, vml)
		if err := p.dropPart(part, vml); err != nil {
			return nil, err
		}
		return splice(sheet, i, end, nil), nil
	}
	p.set(vml, v)
	return sheet, nil
}

// reStyleUse finds the cell, row and column format numbers of sheet XML.
var reStyleUse = regexp.MustCompile(`\s(?:s|style)="(\d+)"`)

// dropStyles removes the fonts, fills and cell formats the fill appended,
// when no cell, row or column uses one any more.
func (p *Patch) dropStyles(rs RecordStyles, u *Unfilled) error {
	b, err := p.part(p.stylesName)
	if err != nil || b == nil {
		return unpatchable("no readable styles")
	}
	xfs, _, ok := children(b, "cellXfs", "xf")
	if !ok || len(xfs) <= rs.Xfs {
		return nil
	}
	for sheet, part := range p.partOf {
		sb, err := p.part(part)
		if err != nil || sb == nil {
			continue
		}
		for _, m := range reStyleUse.FindAllSubmatch(sb, -1) {
			if n, _ := strconv.Atoi(string(m[1])); n >= rs.Xfs {
				u.Warnings = append(u.Warnings, fmt.Sprintf("sheet %q still uses a cell format vouch added (%d): the formats are kept", sheet, n))
				return nil
			}
		}
	}
	u.Styles = len(xfs) - rs.Xfs
	for _, t := range []struct {
		parent, child string
		keep          int
	}{{"cellXfs", "xf", rs.Xfs}, {"fills", "fill", rs.Fills}, {"fonts", "font", rs.Fonts}} {
		spans, _, ok := children(b, t.parent, t.child)
		if !ok || len(spans) <= t.keep || t.keep <= 0 {
			continue
		}
		b = splice(b, spans[t.keep][0], spans[len(spans)-1][1], nil)
		b = setCount(b, t.parent, t.keep)
	}
	p.set(p.stylesName, b)
	return nil
}
