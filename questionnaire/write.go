package questionnaire

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/output"
)

// writeXLSX writes the answers into the open workbook and saves it as out.
func writeXLSX(f *excelize.File, out string, doc *Document, items []Item, now time.Time) error {
	qcol := map[string]string{}
	for _, l := range doc.Layouts {
		qcol[l.Sheet] = l.QuestionCol
	}
	type key struct {
		sheet string
		row   int
	}
	cells := make(map[key]Question, len(doc.Questions))
	for _, q := range doc.Questions {
		cells[key{q.Sheet, q.Row}] = q
	}
	derived := map[int]int{}
	noted := map[string]map[string]bool{}
	for _, it := range items {
		if it.Status == StatusSkipped {
			continue
		}
		q := cells[key{it.Sheet, it.Row}]
		if q.AnswerCell != "" && it.Answer != "" {
			if err := f.SetCellStr(q.Sheet, q.AnswerCell, it.Answer); err != nil {
				return fmt.Errorf("write %s!%s: %w", q.Sheet, q.AnswerCell, err)
			}
		}
		// A review item's comment is a suggestion for the reviewer: it goes in
		// the cell note, not in the buyer's comment column.
		if q.CommentCell != "" && it.Comment != "" && it.Status == StatusAnswered {
			if err := f.SetCellStr(q.Sheet, q.CommentCell, it.Comment); err != nil {
				return fmt.Errorf("write %s!%s: %w", q.Sheet, q.CommentCell, err)
			}
		}
		if it.Status != StatusReview {
			continue
		}
		cell := q.AnswerCell
		if cell == "" {
			cell = qcol[q.Sheet] + fmt.Sprint(q.Row)
		}
		if err := highlight(f, q.Sheet, cell, derived); err != nil {
			return err
		}
		if noted[q.Sheet] == nil {
			noted[q.Sheet] = map[string]bool{}
			if cs, err := f.GetComments(q.Sheet); err == nil {
				for _, c := range cs {
					noted[q.Sheet][c.Cell] = true
				}
			}
		}
		if !noted[q.Sheet][cell] {
			noted[q.Sheet][cell] = true
			if err := f.AddComment(q.Sheet, excelize.Comment{Cell: cell, Author: "vouch", Paragraph: []excelize.RichTextRun{{Text: reviewNote(it)}}}); err != nil {
				return fmt.Errorf("note on %s!%s: %w", q.Sheet, cell, err)
			}
		}
	}
	for _, l := range doc.Layouts {
		if err := writeAppendedHeaders(f, l); err != nil {
			return err
		}
	}
	if err := addReviewSheet(f, items, now); err != nil {
		return err
	}
	return AtomicWrite(out, func(w io.Writer) error { return f.Write(w) })
}

// highlight gives a cell a review fill, keeping its borders, font and alignment.
func highlight(f *excelize.File, sheet, cell string, derived map[int]int) error {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		return fmt.Errorf("style of %s!%s: %w", sheet, cell, err)
	}
	nid, ok := derived[id]
	if !ok {
		st, err := f.GetStyle(id)
		if err != nil || st == nil {
			st = &excelize.Style{}
		}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{reviewFill}}
		if nid, err = f.NewStyle(st); err != nil {
			return fmt.Errorf("review style: %w", err)
		}
		derived[id] = nid
	}
	return f.SetCellStyle(sheet, cell, cell, nid)
}

func reviewNote(it Item) string {
	var b strings.Builder
	b.WriteString("vouch: for review")
	if len(it.Reasons) > 0 {
		b.WriteString(": " + strings.Join(it.Reasons, "; "))
	}
	if it.Comment != "" {
		b.WriteString("\n" + it.Comment)
	}
	if cs := topCandidates(it, 3); cs != "" {
		b.WriteString("\nCandidates: " + cs)
	}
	s := b.String()
	if len(s) > 1000 {
		s = s[:1000]
	}
	return s
}

// topCandidates lists the first n candidates as "ID title (0.42)".
func topCandidates(it Item, n int) string {
	var parts []string
	for i, c := range it.candidates {
		if i >= n {
			break
		}
		p := c.ID
		if c.Title != "" {
			p += " " + c.Title
		}
		parts = append(parts, fmt.Sprintf("%s (%.2f)", p, c.Confidence))
	}
	return strings.Join(parts, "; ")
}

// addReviewSheet appends the "vouch review" sheet listing the review items.
func addReviewSheet(f *excelize.File, items []Item, now time.Time) error {
	var review []Item
	for _, it := range items {
		if it.Status == StatusReview {
			review = append(review, it)
		}
	}
	if len(review) == 0 {
		return nil
	}
	name := ReviewSheet
	for i := 2; ; i++ {
		if idx, _ := f.GetSheetIndex(name); idx < 0 {
			break
		}
		name = fmt.Sprintf("%s %d", ReviewSheet, i)
	}
	if _, err := f.NewSheet(name); err != nil {
		return fmt.Errorf("add sheet %q: %w", name, err)
	}
	hs, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}, Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return err
	}
	ws, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	// A stream writer: the sheet is new, and thousands of review rows cost
	// a tenth of what cell-by-cell writes do.
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, w := range []float64{22, 6, 12, 70, 9, 11, 18, 50, 50} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := []any{}
	for _, h := range []string{"Sheet", "Row", "ID", "Question", "Status", "Confidence", "Chosen control", "Top candidates", "Reasons"} {
		header = append(header, excelize.Cell{StyleID: hs, Value: h})
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, it := range review {
		chosen := strings.Join(it.Controls, ", ")
		if chosen == "" && it.Library != "" {
			chosen = "library: " + it.Library
		}
		// Strings are data: a stream writer never turns "=..." into a formula.
		row := []any{it.Sheet, it.Row, it.ID, excelize.Cell{StyleID: ws, Value: it.Question}, it.Status,
			it.Confidence, chosen, topCandidates(it, 3), strings.Join(it.Reasons, "; ")}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeCSV writes the CSV back with the answers, appending Answer and
// Comment columns when the input had none.
func writeCSV(out string, doc *Document, items []Item) error {
	d := doc.csv
	width := d.width
	if d.answerCol+1 > width {
		width = d.answerCol + 1
	}
	if d.commentCol+1 > width {
		width = d.commentCol + 1
	}
	recs := make([][]string, len(d.records))
	for i, r := range d.records {
		row := make([]string, width)
		copy(row, r)
		recs[i] = row
	}
	if h := doc.Layouts[0].HeaderRow - 1; h >= 0 && h < len(recs) {
		if d.answerCol >= d.width {
			recs[h][d.answerCol] = "Answer"
		}
		if d.commentCol >= d.width {
			recs[h][d.commentCol] = "Comment"
		}
	}
	for _, it := range items {
		if it.Status == StatusSkipped {
			continue
		}
		r := it.Row - 1
		if r < 0 || r >= len(recs) {
			continue
		}
		if it.Answer != "" {
			recs[r][d.answerCol] = output.SafeCell(it.Answer)
		}
		if it.Comment != "" && it.Status == StatusAnswered {
			recs[r][d.commentCol] = output.SafeCell(it.Comment)
		}
	}
	return AtomicWrite(out, func(w io.Writer) error {
		if d.bom {
			if _, err := io.WriteString(w, "\xEF\xBB\xBF"); err != nil {
				return err
			}
		}
		cw := csv.NewWriter(w)
		cw.Comma = d.sep
		if err := cw.WriteAll(recs); err != nil {
			return err
		}
		return cw.Error()
	})
}

// writeAppendedHeaders titles the columns vouch appended to a sheet, in the
// style of the header cell of the question column.
func writeAppendedHeaders(f *excelize.File, l Layout) error {
	if l.HeaderRow < 1 {
		return nil
	}
	row := strconv.Itoa(l.HeaderRow)
	style, _ := f.GetCellStyle(l.Sheet, l.QuestionCol+row)
	for _, h := range []struct {
		on        bool
		col, name string
	}{{l.AppendedAnswer, l.AnswerCol, "Answer"}, {l.AppendedComment, l.CommentCol, "Comment"}} {
		if !h.on {
			continue
		}
		if err := f.SetCellStr(l.Sheet, h.col+row, h.name); err != nil {
			return fmt.Errorf("write %s!%s: %w", l.Sheet, h.col+row, err)
		}
		if style != 0 {
			if err := f.SetCellStyle(l.Sheet, h.col+row, h.col+row, style); err != nil {
				return err
			}
		}
	}
	return nil
}
