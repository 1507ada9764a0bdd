package dpa

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
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

var (
	glyphOnce sync.Once
	glyphFont *sfnt.Font
	glyphErr  error
)

// CheckPrintable reports an error naming the first character of s that the
// PDF fonts (the Go fonts) cannot draw, such as an emoji. what names the
// text in the message ("--customer"). The PDF writer refuses such text
// rather than print a name with holes in it.
func CheckPrintable(what, s string) error {
	glyphOnce.Do(func() { glyphFont, glyphErr = sfnt.Parse(goregular.TTF) })
	if glyphErr != nil {
		return fmt.Errorf("load the PDF font: %w", glyphErr)
	}
	hint := ""
	if strings.HasPrefix(what, "--") {
		hint = "; give the name as registered, without emoji or symbols (XLSX output keeps any character)"
	}
	var buf sfnt.Buffer
	for _, r := range s {
		if r < 0x20 || unicode.IsSpace(r) {
			continue
		}
		if r == 0xFE0F || r == 0x200D {
			return fmt.Errorf("%s %q contains %U, part of an emoji sequence, which the PDF fonts cannot print%s", what, clip(s), r, hint)
		}
		if gi, err := glyphFont.GlyphIndex(&buf, r); err != nil || gi == 0 {
			return fmt.Errorf("%s %q contains %q (%U), which the PDF fonts cannot print%s", what, clip(s), r, r, hint)
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

func (d *Document) checkPrintable() error {
	check := func(s string) error { return CheckPrintable("the text", s) }
	for _, s := range []string{d.Title, d.Vendor, d.Author, d.Subject, d.Watermark} {
		if err := check(s); err != nil {
			return err
		}
	}
	for _, b := range d.Blocks {
		for _, runs := range append(append(append([][]Run{b.Runs}, b.Items...), b.Header...), flatten(b.Rows)...) {
			if err := check(runsText(runs)); err != nil {
				return err
			}
		}
	}
	return nil
}

func flatten(rows [][][]Run) [][]Run {
	var out [][]Run
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// RenderPDF draws the document as an A4 PDF: running header, "Page N of M"
// footers, metadata, the watermark on every page when set. The same
// document gives the same bytes.
func RenderPDF(ctx context.Context, w io.Writer, doc *Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := doc.checkPrintable(); err != nil {
		return fmt.Errorf("%s: %w", doc.Kind.FileBase(), err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("go", "", goregular.TTF)
	p.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	p.AddUTF8FontFromBytes("go", "I", goitalic.TTF)
	p.AddUTF8FontFromBytes("go", "BI", gobolditalic.TTF)
	p.AddUTF8FontFromBytes("gomono", "", gomono.TTF)
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(true, marginB)
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

	r := &pdfRenderer{p: p, doc: doc}
	p.SetHeaderFunc(r.header)
	p.SetFooterFunc(r.footer)
	p.AddPage()
	for i, b := range doc.Blocks {
		if i%16 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r.block(b)
		if p.Err() {
			return fmt.Errorf("draw %s: %w", doc.Kind.FileBase(), p.Error())
		}
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("write %s pdf: %w", doc.Kind.FileBase(), err)
	}
	return nil
}

type pdfRenderer struct {
	p   *fpdf.Fpdf
	doc *Document
	h1s int
}

func (r *pdfRenderer) header() {
	p := r.p
	if r.doc.Watermark != "" {
		r.watermark()
	}
	pw, _ := p.GetPageSize()
	p.SetFont("go", "", 8)
	p.SetTextColor(110, 110, 110)
	p.SetXY(marginL, 10)
	head := r.doc.Vendor + " — " + r.doc.Title
	if p.GetStringWidth(head) > pw-marginL-marginR {
		head = r.doc.Title
	}
	p.CellFormat(pw-marginL-marginR, 5, head, "", 0, "L", false, 0, "")
	if r.doc.Watermark != "" {
		// The marking also in plain, horizontal text: it reads back and
		// prints even where the diagonal one is lost.
		p.SetXY(marginL, 16)
		p.SetFont("go", "I", 7)
		p.CellFormat(pw-marginL-marginR, 4, r.doc.Watermark, "", 0, "L", false, 0, "")
	}
	p.SetDrawColor(180, 180, 180)
	p.SetLineWidth(0.2)
	p.Line(marginL, 20.5, pw-marginR, 20.5)
	p.SetTextColor(0, 0, 0)
	p.SetDrawColor(0, 0, 0)
	p.SetXY(marginL, marginT)
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
	var lines []string
	for {
		p.SetFont("go", "B", size)
		lines = p.SplitText(r.doc.Watermark, maxW)
		if len(lines) <= 3 || size <= 10 {
			break
		}
		size -= 4
	}
	lh := size * 0.3528 * 1.25
	cx, cy := pw/2, ph/2
	p.SetTextColor(225, 225, 225)
	p.TransformBegin()
	p.TransformRotate(math.Atan2(ph, pw)*180/math.Pi, cx, cy)
	top := cy - lh*float64(len(lines))/2 + lh*0.8
	for i, l := range lines {
		p.Text(cx-p.GetStringWidth(l)/2, top+float64(i)*lh, l)
	}
	p.TransformEnd()
	p.SetTextColor(0, 0, 0)
}

func (r *pdfRenderer) pageBottom() float64 {
	_, ph := r.p.GetPageSize()
	return ph - marginB
}

// ensure starts a new page when less than h mm are left.
func (r *pdfRenderer) ensure(h float64) {
	if r.p.GetY()+h > r.pageBottom() {
		r.p.AddPage()
	}
}

func (r *pdfRenderer) block(b Block) {
	p := r.p
	switch b.Type {
	case BlockHeading:
		switch b.Level {
		case 1:
			r.h1s++
			if r.h1s > 1 {
				p.AddPage() // each annex on its own page
			}
			p.SetFont("go", "B", 16)
			p.MultiCell(0, 7.5, runsText(b.Runs), "", "L", false)
			p.Ln(3)
		case 2:
			r.ensure(22)
			p.Ln(2)
			p.SetFont("go", "B", 12)
			p.MultiCell(0, 6, runsText(b.Runs), "", "L", false)
			p.Ln(1.5)
		default:
			r.ensure(18)
			p.SetFont("go", "B", bodySize+0.5)
			p.MultiCell(0, 5.5, runsText(b.Runs), "", "L", false)
			p.Ln(1)
		}
	case BlockParagraph:
		r.runs(b.Runs, bodyLine)
		p.Ln(bodyLine + 1.5)
	case BlockList:
		for k, it := range b.Items {
			marker := "•"
			if b.Ordered {
				marker = fmt.Sprintf("%d.", b.Start+k)
			}
			r.ensure(bodyLine)
			p.SetFont("go", "", bodySize)
			p.SetX(marginL + 2)
			p.CellFormat(6, bodyLine, marker, "", 0, "L", false, 0, "")
			p.SetLeftMargin(marginL + 8)
			p.SetX(marginL + 8)
			r.runs(it, bodyLine)
			p.SetLeftMargin(marginL)
			p.Ln(bodyLine + 0.8)
		}
		p.Ln(1.5)
	case BlockTable:
		r.table(b)
		p.Ln(3)
	}
}

// runs writes styled inline text, wrapping at the margins.
func (r *pdfRenderer) runs(runs []Run, lh float64) {
	p := r.p
	for _, run := range runs {
		switch {
		case run.Code:
			p.SetFont("gomono", "", bodySize-1)
		default:
			style := ""
			if run.Bold {
				style += "B"
			}
			if run.Italic {
				style += "I"
			}
			p.SetFont("go", style, bodySize)
		}
		p.Write(lh, run.Text)
	}
	p.SetFont("go", "", bodySize)
}

// table draws a table with wrapped cells; the header row repeats on every
// page the table runs onto.
func (r *pdfRenderer) table(b Block) {
	p := r.p
	pw, _ := p.GetPageSize()
	avail := pw - marginL - marginR
	ncol := len(b.Header)
	if ncol == 0 {
		return
	}
	text := func(row [][]Run, i int) string {
		if i < len(row) {
			return runsText(row[i])
		}
		return ""
	}
	// Column widths: at least the longest word, the rest shared in
	// proportion to each column's natural width.
	natural := make([]float64, ncol)
	minw := make([]float64, ncol)
	measure := func(row [][]Run, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		p.SetFont("go", style, tableSize)
		for i := 0; i < ncol; i++ {
			t := text(row, i)
			natural[i] = math.Max(natural[i], p.GetStringWidth(t)+2*cellPadX)
			for _, w := range strings.Fields(t) {
				minw[i] = math.Max(minw[i], math.Min(p.GetStringWidth(w)+2*cellPadX, avail/float64(ncol)))
			}
		}
	}
	measure(b.Header, true)
	for _, row := range b.Rows {
		measure(row, false)
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

	rowHeight := func(row [][]Run, header bool) float64 {
		style := ""
		if header {
			style = "B"
		}
		p.SetFont("go", style, tableSize)
		n := 1
		for i := 0; i < ncol; i++ {
			n = max(n, len(p.SplitText(text(row, i), widths[i]-2*cellPadX+2*p.GetCellMargin())))
		}
		return float64(n)*tableLine + 2*cellPadY
	}
	var drawRow func(row [][]Run, header bool)
	drawRow = func(row [][]Run, header bool) {
		style := ""
		if header {
			style = "B"
		}
		p.SetFont("go", style, tableSize)
		lines := make([][]string, ncol)
		maxLines := 1
		for i := 0; i < ncol; i++ {
			lines[i] = p.SplitText(text(row, i), widths[i]-2*cellPadX+2*p.GetCellMargin()) // SplitText takes the cell margin off itself
			if len(lines[i]) > maxLines {
				maxLines = len(lines[i])
			}
		}
		rowH := float64(maxLines)*tableLine + 2*cellPadY
		usable := r.pageBottom() - marginT
		if p.GetY()+rowH > r.pageBottom() && rowH <= usable && !header {
			p.AddPage()
			drawRow(b.Header, true)
			p.SetFont("go", style, tableSize)
		}
		done := 0
		for done < maxLines {
			fit := int((r.pageBottom() - p.GetY() - 2*cellPadY) / tableLine)
			if fit < 1 {
				p.AddPage()
				if !header {
					drawRow(b.Header, true)
				}
				p.SetFont("go", style, tableSize)
				continue
			}
			n := min(fit, maxLines-done)
			h := float64(n)*tableLine + 2*cellPadY
			x, y := marginL, p.GetY()
			for i := 0; i < ncol; i++ {
				if header {
					p.SetFillColor(232, 236, 241)
					p.Rect(x, y, widths[i], h, "FD")
				} else {
					p.Rect(x, y, widths[i], h, "D")
				}
				for k := done; k < done+n && k < len(lines[i]); k++ {
					p.Text(x+cellPadX, y+cellPadY+float64(k-done)*tableLine+tableLine*0.75, lines[i][k])
				}
				x += widths[i]
			}
			p.SetXY(marginL, y+h)
			done += n
		}
	}
	p.SetDrawColor(150, 150, 150)
	p.SetLineWidth(0.15)
	// Keep the header row with the first row (or as much of it as a page holds).
	keep := rowHeight(b.Header, true)
	if len(b.Rows) > 0 {
		keep += rowHeight(b.Rows[0], false)
	}
	r.ensure(min(keep, r.pageBottom()-marginT-10))
	p.SetAutoPageBreak(false, marginB)
	drawRow(b.Header, true)
	for _, row := range b.Rows {
		drawRow(row, false)
	}
	p.SetAutoPageBreak(true, marginB)
	p.SetDrawColor(0, 0, 0)
	p.SetFont("go", "", bodySize)
	p.SetX(marginL)
}
