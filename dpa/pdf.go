package dpa

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
)

// Page geometry (mm) and type sizes (pt).
const (
	marginL, marginR, marginT, marginB = 20.0, 20.0, 24.0, 20.0
	bodySize                           = 10.0
	bodyLine                           = 5.0
	tableSize                          = 8.5
	tableLine                          = 3.8
	cellPadX, cellPadY                 = 1.5, 1.2
)

// CheckPrintable reports an error for text the PDF cannot print whatever
// the fonts: the invisible joiners and selectors of emoji sequences. what
// names the text in the message ("--customer"). Characters the Go fonts lack
// are not an error here: RenderPDF looks for a font that has them.
func CheckPrintable(what, s string) error {
	for _, r := range s {
		if r == 0xFE0F || r == 0x200D {
			return fmt.Errorf("%s %q contains %U, part of an emoji sequence, which the PDF fonts cannot print; give the name as registered, without emoji (XLSX output keeps any character)", what, clip(s), r)
		}
	}
	return nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

// texts lists every string the PDF draws.
func (d *Document) texts() []string {
	var out []string
	for _, b := range d.Blocks {
		for _, runs := range append(append(append([][]Run{b.Runs}, b.Items...), b.Header...), flatten(b.Rows)...) {
			out = append(out, runsText(runs))
		}
	}
	return append(out, d.Title, d.Vendor, d.Author, d.Subject, d.Watermark)
}

// missingGlyphs returns the characters of the document that the Go fonts
// lack, each once in the order they first appear, with the text each is
// first found in.
func (d *Document) missingGlyphs(fonts map[string]*embFont) ([]rune, map[rune]string, error) {
	var buf sfnt.Buffer
	seen := map[rune]string{}
	var missing []rune
	for _, s := range d.texts() {
		if err := CheckPrintable("the text", s); err != nil {
			return nil, nil, err
		}
		for _, r := range s {
			if r < 0x20 || unicode.IsSpace(r) || isHyphen(r) {
				continue
			}
			if _, ok := seen[r]; ok || hasGlyph(fonts[""].sf, &buf, r) {
				continue
			}
			if script, ok := needsLayout(r); ok {
				return nil, nil, &UnsupportedScriptError{Text: s, Rune: r, Script: script}
			}
			seen[r] = s
			missing = append(missing, r)
		}
	}
	return missing, seen, nil
}

// styles lists the font styles the document draws with: regular and bold
// always (body, headings, table headers), italic, bold italic and mono when
// a run asks for them.
func (d *Document) styles() []string {
	used := map[string]bool{"": true, "B": true}
	if d.Watermark != "" {
		used["I"] = true
	}
	for _, b := range d.Blocks {
		for _, runs := range append(append(append([][]Run{b.Runs}, b.Items...), b.Header...), flatten(b.Rows)...) {
			for _, r := range runs {
				switch {
				case r.Code:
					used["mono"] = true
				case r.Italic && (r.Bold || b.Type == BlockHeading || b.Type == BlockTable):
					used["BI"], used["I"] = true, true
				case r.Italic:
					used["I"] = true
				}
			}
		}
	}
	var out []string
	for _, s := range []string{"", "B", "I", "BI", "mono"} {
		if used[s] {
			out = append(out, s)
		}
	}
	return out
}

func flatten(rows [][][]Run) [][]Run {
	var out [][]Run
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// isHyphen: U+2010 and U+2011 print as "-", which the embedded fonts draw
// as a hyphen.
func isHyphen(r rune) bool { return r == 0x2010 || r == 0x2011 }

// RenderPDF draws the document as an A4 PDF: running header, "Page N of M"
// footers, metadata, the watermark on every page when set. The same
// document gives the same bytes.
//
// Text is set by vouch, not by fpdf's Write and MultiCell: each line is
// measured once from the fonts' advance widths (linear in the text's
// length), a character the Go fonts lack is drawn from doc.Fonts, a heading
// is kept with the first two lines of what follows it, and a page is not
// left more than two-thirds empty except at the document's end.
func RenderPDF(ctx context.Context, w io.Writer, doc *Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	fonts, err := loadGoFonts()
	if err != nil {
		return err
	}
	missing, where, err := doc.missingGlyphs(fonts)
	if err != nil {
		return fmt.Errorf("%s: %w", doc.Kind.FileBase(), err)
	}
	var fallback *Font
	if len(missing) > 0 {
		if doc.Fonts == nil {
			return &MissingGlyphsError{Text: where[missing[0]], Rune: missing[0], Script: scriptOf(missing[0]), Reason: "no other font was given"}
		}
		fallback, err = doc.Fonts.FontFor(ctx, missing)
		if err != nil {
			var mg *MissingGlyphsError
			if errors.As(err, &mg) && mg.Text == "" {
				mg.Text = where[mg.Rune]
			}
			return err
		}
	}
	p := fpdf.New("P", "mm", "A4", "")
	// Only the fonts the document uses are embedded: fpdf's subset of an
	// unused font is not always the same bytes.
	for _, style := range doc.styles() {
		if style == "mono" {
			p.AddUTF8FontFromBytes("gomono", "", fonts[style].ttf)
		} else {
			p.AddUTF8FontFromBytes("go", style, fonts[style].ttf)
		}
	}
	if fallback != nil {
		if err := addFont(p, "fallback", fallback.ttf); err != nil {
			return fmt.Errorf("font %s: %w", fallback.Name, err)
		}
	}
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(false, marginB)
	p.SetTitle(doc.Title, true)
	p.SetAuthor(doc.Author, true)
	p.SetSubject(doc.Subject, true)
	p.SetCreator("vouch", true)
	p.SetProducer("vouch", true)
	if doc.Revision != "" {
		p.SetKeywords("catalog revision "+doc.Revision, true)
	}
	p.SetLang("en")
	p.SetCreationDate(doc.Date)
	p.SetModificationDate(doc.Date)
	p.SetCatalogSort(true)
	p.AliasNbPages("{nb}")

	r := &pdfRenderer{p: p, doc: doc, fonts: fonts, widths: map[widthKey]float64{}}
	if fallback != nil {
		r.fallback = fallback.sf
	}
	p.SetHeaderFunc(r.header)
	p.SetFooterFunc(r.footer)
	r.newPage()
	for i := range doc.Blocks {
		if i%16 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r.block(doc.Blocks, i)
		if p.Err() {
			return fmt.Errorf("draw %s: %w", doc.Kind.FileBase(), p.Error())
		}
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("write %s pdf: %w", doc.Kind.FileBase(), err)
	}
	return nil
}

// addFont registers a TrueType font with fpdf, turning a panic of its font
// parser into an error: a font that cannot be embedded fails clearly rather
// than giving a broken PDF.
func addFont(p *fpdf.Fpdf, family string, ttf []byte) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("cannot be embedded: %v", v)
		}
	}()
	p.AddUTF8FontFromBytes(family, "", ttf)
	if p.Err() {
		return fmt.Errorf("cannot be embedded: %w", p.Error())
	}
	return nil
}

type widthKey struct {
	font string
	r    rune
}

type pdfRenderer struct {
	p        *fpdf.Fpdf
	doc      *Document
	fonts    map[string]*embFont
	fallback *sfnt.Font
	buf      sfnt.Buffer
	widths   map[widthKey]float64
	y        float64 // top of the next line, mm
	h1s      int
}

// A seg is a piece of a line in one font: family and style as registered
// with fpdf.
type seg struct {
	family, style string
	text          string
	w             float64 // at size 1 pt, in mm
}

type line struct {
	segs []seg
	w    float64 // at size 1 pt, in mm
}

const ptMM = 25.4 / 72

// fontOf picks the font that draws r in the style of run.
func (r *pdfRenderer) fontOf(ch rune, run Run) (family, style, key string) {
	if run.Code {
		if hasGlyph(r.fonts["mono"].sf, &r.buf, ch) {
			return "gomono", "", "mono"
		}
	} else {
		style = ""
		if run.Bold {
			style += "B"
		}
		if run.Italic {
			style += "I"
		}
		if ch < 0x80 || hasGlyph(r.fonts[style].sf, &r.buf, ch) {
			return "go", style, style
		}
		if hasGlyph(r.fonts[""].sf, &r.buf, ch) {
			return "go", "", ""
		}
	}
	if r.fallback != nil {
		// The fallback font has one style: bold is drawn by stroking it
		// (drawLine), so the style is kept.
		if run.Bold && !run.Code {
			return "fallback", "B", "fallback"
		}
		return "fallback", "", "fallback"
	}
	return "go", "", ""
}

// width is the advance of ch in the font, at 1 pt, in mm.
func (r *pdfRenderer) width(key string, ch rune) float64 {
	k := widthKey{key, ch}
	if w, ok := r.widths[k]; ok {
		return w
	}
	sf := r.fallback
	if key != "fallback" {
		sf = r.fonts[key].sf
	}
	w := advance(sf, &r.buf, ch) / 1000 * ptMM
	r.widths[k] = w
	return w
}

// wrap breaks styled runs into lines no wider than width mm at size pt:
// greedy, at spaces, a word longer than a line broken between characters.
// It looks at each character once.
func (r *pdfRenderer) wrap(runs []Run, size, width float64) []line {
	limit := width / size
	var lines []line
	var cur line
	var word line // the word being read, not yet placed
	var space line
	appendTo := func(l *line, family, style string, ch rune, w float64) {
		if n := len(l.segs); n > 0 && l.segs[n-1].family == family && l.segs[n-1].style == style {
			l.segs[n-1].text += string(ch)
			l.segs[n-1].w += w
		} else {
			l.segs = append(l.segs, seg{family: family, style: style, text: string(ch), w: w})
		}
		l.w += w
	}
	join := func(dst *line, src line) {
		for _, sg := range src.segs {
			if n := len(dst.segs); n > 0 && dst.segs[n-1].family == sg.family && dst.segs[n-1].style == sg.style {
				dst.segs[n-1].text += sg.text
				dst.segs[n-1].w += sg.w
			} else {
				dst.segs = append(dst.segs, sg)
			}
		}
		dst.w += src.w
	}
	flushWord := func() {
		if len(word.segs) == 0 {
			return
		}
		if len(cur.segs) > 0 && cur.w+space.w+word.w > limit {
			lines = append(lines, cur)
			cur, space = line{}, line{}
		}
		if len(cur.segs) > 0 {
			join(&cur, space)
		}
		join(&cur, word)
		word, space = line{}, line{}
	}
	for _, run := range runs {
		for _, ch := range run.Text {
			if isHyphen(ch) {
				ch = '-'
			}
			if ch == '\n' || ch == '\t' {
				ch = ' '
			}
			family, style, key := r.fontOf(ch, run)
			w := r.width(key, ch)
			if ch == ' ' {
				flushWord()
				if len(cur.segs) > 0 {
					appendTo(&space, family, style, ch, w)
				}
				continue
			}
			if len(word.segs) > 0 && word.w+w > limit {
				// A word longer than a line: it starts a line of its own
				// and is broken here.
				if len(cur.segs) > 0 {
					lines = append(lines, cur)
					cur, space = line{}, line{}
				}
				lines = append(lines, word)
				word = line{}
			}
			appendTo(&word, family, style, ch, w)
		}
	}
	flushWord()
	if len(cur.segs) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// drawLine draws a line with its left edge at x and its top at y, in a box
// lh mm high, at size pt.
func (r *pdfRenderer) drawLine(l line, x, y, lh, size float64) {
	base := y + lh/2 + 0.3*size*ptMM
	for _, sg := range l.segs {
		if sg.family == "fallback" {
			r.p.SetFont(sg.family, "", size)
			if sg.style == "B" {
				// Fill and stroke the outline: a bold face for a font
				// that has none.
				lw := r.p.GetLineWidth()
				r.p.SetLineWidth(size * ptMM * 0.035)
				r.p.SetTextRenderingMode(2)
				r.p.Text(x, base, sg.text)
				r.p.SetTextRenderingMode(0)
				r.p.SetLineWidth(lw)
				x += sg.w * size
				continue
			}
		} else {
			r.p.SetFont(sg.family, sg.style, size)
		}
		r.p.Text(x, base, sg.text)
		x += sg.w * size
	}
}

// plain is text as one unstyled run (or bold).
func plain(s string, bold bool) []Run { return []Run{{Text: s, Bold: bold}} }

func (r *pdfRenderer) contentWidth() float64 {
	pw, _ := r.p.GetPageSize()
	return pw - marginL - marginR
}

func (r *pdfRenderer) pageBottom() float64 {
	_, ph := r.p.GetPageSize()
	return ph - marginB
}

func (r *pdfRenderer) usable() float64 { return r.pageBottom() - marginT }

// filled is the share of the current page's text area in use.
func (r *pdfRenderer) filled() float64 { return (r.y - marginT) / r.usable() }

func (r *pdfRenderer) newPage() {
	r.p.AddPage()
	r.y = marginT
}

// ensure starts a new page when less than h mm are left.
func (r *pdfRenderer) ensure(h float64) {
	if r.y+h > r.pageBottom()+0.01 && r.y > marginT {
		r.newPage()
	}
}

func (r *pdfRenderer) header() {
	p := r.p
	if r.doc.Watermark != "" {
		r.watermark()
	}
	p.SetTextColor(110, 110, 110)
	avail := r.contentWidth()
	head := r.wrap(plain(r.doc.Vendor+" — "+r.doc.Title, false), 8, 1e9)[0]
	if head.w*8 > avail {
		head = r.wrap(plain(r.doc.Title, false), 8, avail)[0]
	}
	r.drawLine(head, marginL, 10, 5, 8)
	if r.doc.Watermark != "" {
		// The marking also in plain, horizontal text: it reads back and
		// prints even where the diagonal one is lost.
		for i, l := range r.wrap([]Run{{Text: r.doc.Watermark, Italic: true}}, 7, avail) {
			if i == 0 {
				r.drawLine(l, marginL, 16, 4, 7)
			}
		}
	}
	p.SetDrawColor(180, 180, 180)
	p.SetLineWidth(0.2)
	p.Line(marginL, 20.5, marginL+avail, 20.5)
	p.SetTextColor(0, 0, 0)
	p.SetDrawColor(0, 0, 0)
}

func (r *pdfRenderer) footer() {
	p := r.p
	pw, ph := p.GetPageSize()
	p.SetFont("go", "", 8)
	p.SetTextColor(110, 110, 110)
	p.SetXY(marginL, ph-13)
	p.CellFormat(pw-marginL-marginR, 5, fmt.Sprintf("Page %d of {nb}", p.PageNo()), "", 0, "C", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

// watermark draws the text diagonally across the page in light grey,
// shrinking and wrapping it so that a long customer name stays on the page.
func (r *pdfRenderer) watermark() {
	p := r.p
	pw, ph := p.GetPageSize()
	maxW := 0.85 * math.Hypot(pw, ph) * 0.75
	size := 40.0
	var lines []line
	for {
		lines = r.wrap(plain(r.doc.Watermark, true), size, maxW)
		if len(lines) <= 3 || size <= 10 {
			break
		}
		size -= 4
	}
	lh := size * ptMM * 1.25
	cx, cy := pw/2, ph/2
	p.SetTextColor(225, 225, 225)
	p.TransformBegin()
	p.TransformRotate(math.Atan2(ph, pw)*180/math.Pi, cx, cy)
	top := cy - lh*float64(len(lines))/2
	for i, l := range lines {
		r.drawLine(l, cx-l.w*size/2, top+float64(i)*lh, lh, size)
	}
	p.TransformEnd()
	p.SetTextColor(0, 0, 0)
}

// Type sizes and line heights of headings by level.
func headingStyle(level int) (size, lh, before, after float64) {
	switch level {
	case 1:
		return 16, 7.5, 0, 3
	case 2:
		return 12, 6, 2, 1.5
	}
	return bodySize + 0.5, 5.5, 0, 1
}

const (
	listIndent = 8.0
	// minFill is the share of a page's text area that must be used before a
	// forced break (a new annex) may leave it.
	minFill = 1.0 / 3
)

// headingLines wraps a heading in its size, bold.
func (r *pdfRenderer) headingLines(b Block) []line {
	size, _, _, _ := headingStyle(b.Level)
	return r.wrap(withBold(b.Runs), size, r.contentWidth())
}

func withBold(runs []Run) []Run {
	out := make([]Run, len(runs))
	for i, run := range runs {
		run.Bold = true
		out[i] = run
	}
	return out
}

// lead is the height the start of block i needs on a page: a heading with
// the lead of what follows it, the first two lines of a paragraph or list,
// a table's header row and first row.
func (r *pdfRenderer) lead(blocks []Block, i int) float64 {
	if i >= len(blocks) {
		return 0
	}
	b := blocks[i]
	switch b.Type {
	case BlockHeading:
		_, lh, before, after := headingStyle(b.Level)
		return before + float64(len(r.headingLines(b)))*lh + after + r.lead(blocks, i+1)
	case BlockParagraph:
		return float64(min(2, len(r.wrap(b.Runs, bodySize, r.contentWidth())))) * bodyLine
	case BlockList:
		if len(b.Items) == 0 {
			return 0
		}
		n := len(r.wrap(b.Items[0], bodySize, r.contentWidth()-listIndent))
		if n < 2 && len(b.Items) > 1 {
			return bodyLine*2 + 0.8
		}
		return float64(min(2, n)) * bodyLine
	case BlockTable:
		t := r.layoutTable(b)
		h := t.rowH[0]
		if len(t.rowH) > 1 {
			h += t.rowH[1]
		}
		return min(h, r.usable()/2)
	}
	return 0
}

func (r *pdfRenderer) block(blocks []Block, i int) {
	b := blocks[i]
	switch b.Type {
	case BlockHeading:
		size, lh, before, after := headingStyle(b.Level)
		if b.Level == 1 {
			r.h1s++
			if r.h1s > 1 {
				// Each annex on its own page, unless that leaves this one
				// mostly empty.
				if r.filled() >= minFill {
					r.newPage()
				} else {
					r.y += 8
				}
			}
		}
		r.ensure(r.lead(blocks, i))
		r.y += before
		for _, l := range r.headingLines(b) {
			r.ensure(lh)
			r.drawLine(l, marginL, r.y, lh, size)
			r.y += lh
		}
		r.y += after
	case BlockParagraph:
		r.lines(r.wrap(b.Runs, bodySize, r.contentWidth()), marginL)
		r.y += 1.5
	case BlockList:
		for k, it := range b.Items {
			marker := "•"
			if b.Ordered {
				marker = fmt.Sprintf("%d.", b.Start+k)
			}
			ls := r.wrap(it, bodySize, r.contentWidth()-listIndent)
			r.ensure(float64(min(2, len(ls))) * bodyLine)
			r.drawLine(r.wrap(plain(marker, false), bodySize, 10)[0], marginL+2, r.y, bodyLine, bodySize)
			r.lines(ls, marginL+listIndent)
			r.y += 0.8
		}
		r.y += 1.5
	case BlockTable:
		r.table(b)
		r.y += 3
	}
}

// lines draws wrapped body lines from x, breaking pages between lines and
// keeping at least two lines of a paragraph together at a page's foot.
func (r *pdfRenderer) lines(ls []line, x float64) {
	r.ensure(float64(min(2, len(ls))) * bodyLine)
	for _, l := range ls {
		r.ensure(bodyLine)
		r.drawLine(l, x, r.y, bodyLine, bodySize)
		r.y += bodyLine
	}
}

// longestWord is the width of the widest word of runs, at 1 pt, in mm.
func (r *pdfRenderer) longestWord(runs []Run) float64 {
	var best, cur float64
	for _, run := range runs {
		for _, ch := range run.Text {
			if ch == ' ' {
				cur = 0
				continue
			}
			_, _, key := r.fontOf(ch, run)
			cur += r.width(key, ch)
			best = math.Max(best, cur)
		}
	}
	return best
}

// tableLayout is a table's column widths and its cells' lines.
type tableLayout struct {
	widths []float64
	cells  [][][]line // row (0 = header), column, lines
	rowH   []float64  // row heights, mm
}

func (r *pdfRenderer) layoutTable(b Block) tableLayout {
	avail := r.contentWidth()
	ncol := len(b.Header)
	rows := append([][][]Run{b.Header}, b.Rows...)
	cell := func(row [][]Run, i int, header bool) []Run {
		if i >= len(row) {
			return nil
		}
		if header {
			return withBold(row[i])
		}
		return row[i]
	}
	// Column widths: at least the longest word, the rest shared in
	// proportion to each column's natural width.
	natural := make([]float64, ncol)
	minw := make([]float64, ncol)
	for ri, row := range rows {
		for i := 0; i < ncol; i++ {
			runs := cell(row, i, ri == 0)
			l := r.wrap(runs, tableSize, 1e9)[0]
			natural[i] = math.Max(natural[i], l.w*tableSize+2*cellPadX)
			minw[i] = math.Max(minw[i], math.Min(r.longestWord(runs)*tableSize+2*cellPadX, avail/float64(ncol)))
		}
	}
	widths := make([]float64, ncol)
	var sumNat, sumMin float64
	for i := range natural {
		sumNat += natural[i]
		sumMin += minw[i]
	}
	switch {
	case sumNat <= avail:
		for i := range widths {
			widths[i] = natural[i] * avail / sumNat
		}
	default:
		extra := avail - sumMin
		var slack float64
		for i := range natural {
			slack += natural[i] - minw[i]
		}
		for i := range widths {
			widths[i] = minw[i]
			if slack > 0 {
				widths[i] += extra * (natural[i] - minw[i]) / slack
			}
		}
	}
	t := tableLayout{widths: widths}
	for ri, row := range rows {
		var cells [][]line
		n := 1
		for i := 0; i < ncol; i++ {
			ls := r.wrap(cell(row, i, ri == 0), tableSize, widths[i]-2*cellPadX)
			cells = append(cells, ls)
			n = max(n, len(ls))
		}
		t.cells = append(t.cells, cells)
		t.rowH = append(t.rowH, float64(n)*tableLine+2*cellPadY)
	}
	return t
}

// table draws a table with wrapped cells; the header row repeats on every
// page the table runs onto. A row that does not fit the page moves to the
// next one when it fits there and this page is at least a third full;
// otherwise it is split between pages, line by line.
func (r *pdfRenderer) table(b Block) {
	p := r.p
	if len(b.Header) == 0 {
		return
	}
	t := r.layoutTable(b)
	p.SetDrawColor(150, 150, 150)
	p.SetLineWidth(0.15)
	drawPart := func(ri, from, n int) {
		h := float64(n)*tableLine + 2*cellPadY
		x := marginL
		for i, w := range t.widths {
			if ri == 0 {
				p.SetFillColor(232, 236, 241)
				p.Rect(x, r.y, w, h, "FD")
			} else {
				p.Rect(x, r.y, w, h, "D")
			}
			ls := t.cells[ri][i]
			for k := from; k < from+n && k < len(ls); k++ {
				r.drawLine(ls[k], x+cellPadX, r.y+cellPadY+float64(k-from)*tableLine, tableLine, tableSize)
			}
			x += w
		}
		r.y += h
	}
	header := func() { drawPart(0, 0, int(math.Round((t.rowH[0]-2*cellPadY)/tableLine))) }
	r.ensure(r.lead([]Block{b}, 0))
	header()
	for ri := 1; ri < len(t.rowH); ri++ {
		lines := int(math.Round((t.rowH[ri] - 2*cellPadY) / tableLine))
		if r.y+t.rowH[ri] > r.pageBottom() && t.rowH[ri] <= r.usable()-t.rowH[0] && r.filled() >= minFill {
			r.newPage()
			header()
		}
		done, fresh := 0, false
		for done < lines {
			fit := int((r.pageBottom() - r.y - 2*cellPadY) / tableLine)
			if fit < 1 && !fresh {
				r.newPage()
				header()
				fresh = true // a header taller than the page: draw a line anyway
				continue
			}
			fit, fresh = max(fit, 1), false
			n := min(fit, lines-done)
			drawPart(ri, done, n)
			done += n
		}
	}
	p.SetDrawColor(0, 0, 0)
}
