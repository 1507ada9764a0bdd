package questionnaire

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/output"
	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// writeWorkbook writes the filled workbook: by patching the input's
// package (questionnaire/xlsx), or with excelize when the package holds
// something the patcher does not handle. fast reports which was used.
func writeWorkbook(ctx context.Context, in string, f *excelize.File, out string, doc *Document, items []Item, limit int64) (fast bool, err error) {
	p, err := func() (p *xlsx.Patch, err error) {
		defer func() { // the buyer's file is untrusted input: a patcher bug must not cost the fill
			if r := recover(); r != nil {
				p, err = nil, xlsx.Unpatchable("internal error: %v", r)
			}
		}()
		return preparePatch(ctx, in, limit, doc, items)
	}()
	if cerr := ctx.Err(); cerr != nil {
		if p != nil {
			p.Close()
		}
		return false, cerr
	}
	if err != nil {
		// Whatever stops the patcher, excelize has opened this workbook
		// already and can write it.
		return false, writeXLSXRecorded(ctx, in, limit, f, out, doc, items)
	}
	defer p.Close()
	return true, AtomicWrite(out, p.Write)
}

// preparePatch opens the input for patching and applies the fill to it:
// each sheet's edits, and the review sheet. An error means that Fill must
// write with excelize.
func preparePatch(ctx context.Context, in string, limit int64, doc *Document, items []Item) (*xlsx.Patch, error) {
	p, err := xlsx.Open(in, xlsx.Options{Limit: limit, Highlight: reviewFill, Recalc: doc.formulas, Context: ctx})
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			p.Close()
		}
	}()
	plan := planEdits(doc, items)
	names := make([]string, 0, len(plan))
	for s := range plan {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, sheet := range names {
		if err := p.Edit(sheet, plan[sheet]); err != nil {
			return nil, err
		}
	}
	reviewName := ""
	if review := reviewItems(items); len(review) > 0 {
		rows := make([][]any, len(review))
		for i, it := range review {
			rows[i] = reviewRow(it)
		}
		ns := xlsx.NewSheet{Name: reviewSheetName(p.HasSheet), Header: reviewHeader, Widths: reviewWidths, Rows: rows, WrapCol: 3}
		if err := p.AddSheet(ns); err != nil {
			return nil, err
		}
		reviewName = ns.Name
	}
	// What the fill added, for finalize to remove (see finalize.go).
	if err := p.AddRecord(plan, reviewName); err != nil {
		return nil, err
	}
	ok = true
	return p, nil
}

// planEdits turns the report items into the cell edits of each sheet: the
// same cells writeXLSX writes.
func planEdits(doc *Document, items []Item) map[string]map[xlsx.CellKey]*xlsx.CellEdit {
	plan := map[string]map[xlsx.CellKey]*xlsx.CellEdit{}
	at := func(sheet, ref string) *xlsx.CellEdit {
		col, row, ok := xlsx.ParseRef(ref)
		if !ok {
			return nil
		}
		m := plan[sheet]
		if m == nil {
			m = map[xlsx.CellKey]*xlsx.CellEdit{}
			plan[sheet] = m
		}
		k := xlsx.CellKey{Row: row, Col: col}
		if m[k] == nil {
			m[k] = &xlsx.CellEdit{}
		}
		return m[k]
	}
	qcol := map[string]string{}
	for _, l := range doc.Layouts {
		qcol[l.Sheet] = l.QuestionCol
		if l.HeaderRow < 1 {
			continue
		}
		qc := colIndex(l.QuestionCol) + 1
		for _, h := range []struct {
			on        bool
			col, name string
		}{{l.AppendedAnswer, l.AnswerCol, "Answer"}, {l.AppendedComment, l.CommentCol, "Comment"}} {
			if !h.on {
				continue
			}
			if e := at(l.Sheet, h.col+strconv.Itoa(l.HeaderRow)); e != nil {
				e.Value, e.Set, e.StyleOf = h.name, true, qc
			}
		}
	}
	type key struct {
		sheet string
		row   int
	}
	cells := make(map[key]Question, len(doc.Questions))
	for _, q := range doc.Questions {
		cells[key{q.Sheet, q.Row}] = q
	}
	for _, it := range items {
		if it.Status == StatusSkipped {
			continue
		}
		q := cells[key{it.Sheet, it.Row}]
		if q.AnswerCell != "" && it.Answer != "" {
			if e := at(q.Sheet, q.AnswerCell); e != nil {
				setAnswer(e, q, it.Answer)
			}
		}
		// A review item's comment is a suggestion for the reviewer: it goes in
		// the cell note, not in the buyer's comment column.
		if q.CommentCell != "" && it.Comment != "" && it.Status == StatusAnswered {
			if e := at(q.Sheet, q.CommentCell); e != nil {
				e.Value, e.Set = it.Comment, true
			}
		}
		if it.Status != StatusReview {
			continue
		}
		ref := q.AnswerCell
		if ref == "" {
			ref = qcol[q.Sheet] + strconv.Itoa(q.Row)
		}
		if e := at(q.Sheet, ref); e != nil {
			e.Highlight = true
			if e.Note == "" {
				e.Note = reviewNote(it)
			}
		}
	}
	return plan
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

// writeXLSX writes the answers into the open workbook and saves it as out.
func writeXLSX(ctx context.Context, f *excelize.File, out string, doc *Document, items []Item) error {
	plan := planEdits(doc, items)
	sheets := make([]string, 0, len(plan))
	for s := range plan {
		sheets = append(sheets, s)
	}
	sort.Strings(sheets)
	derived := map[int]int{}
	recalc := doc.formulas
	for _, sheet := range sheets {
		edits := plan[sheet]
		keys := xlsx.EditKeys(edits)
		keep := formulasToKeep(f, sheet, edits, keys)
		noted := map[string]bool{}
		if cs, err := f.GetComments(sheet); err == nil {
			for _, c := range cs {
				noted[c.Cell] = true
			}
		}
		for i, k := range keys {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			e, ref := edits[k], xlsx.RefName(k.Col, k.Row)
			if e.Set {
				if err := setCell(f, sheet, ref, e); err != nil {
					return fmt.Errorf("write %s!%s: %w", sheet, ref, err)
				}
				if e.StyleOf > 0 {
					if s, _ := f.GetCellStyle(sheet, xlsx.RefName(e.StyleOf, k.Row)); s != 0 {
						if err := f.SetCellStyle(sheet, ref, ref, s); err != nil {
							return err
						}
					}
				}
			}
			if e.Highlight {
				if err := highlight(f, sheet, ref, derived); err != nil {
					return err
				}
			}
			if e.Note != "" && !noted[ref] {
				noted[ref] = true
				if err := f.AddComment(sheet, excelize.Comment{Cell: ref, Author: xlsx.NoteAuthor, Paragraph: []excelize.RichTextRun{{Text: e.Note}}}); err != nil {
					return fmt.Errorf("note on %s!%s: %w", sheet, ref, err)
				}
			}
		}
		// excelize turns the cells sharing a formula with a cell written
		// over into constants: give them their formula back.
		for _, ref := range sortedKeys(keep) {
			if now, _ := f.GetCellFormula(sheet, ref); now != keep[ref] {
				if err := f.SetCellFormula(sheet, ref, keep[ref]); err != nil {
					return fmt.Errorf("formula of %s!%s: %w", sheet, ref, err)
				}
				recalc = true
			}
		}
	}
	if err := addReviewSheet(ctx, f, items); err != nil {
		return err
	}
	if recalc { // formulas may read what was written: recalculate them on open
		on := true
		if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &on}); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return AtomicWrite(out, func(w io.Writer) error { return f.Write(w) })
}

// formulasToKeep returns the formulas of the sheet's cells that no edit
// writes, when an edit writes over a formula (which may be the master of a
// shared formula); nil otherwise.
func formulasToKeep(f *excelize.File, sheet string, edits map[xlsx.CellKey]*xlsx.CellEdit, keys []xlsx.CellKey) map[string]string {
	hit := false
	for _, k := range keys {
		if edits[k].Set {
			if fo, _ := f.GetCellFormula(sheet, xlsx.RefName(k.Col, k.Row)); fo != "" {
				hit = true
				break
			}
		}
	}
	if !hit {
		return nil
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil
	}
	keep := map[string]string{}
	for r, row := range rows {
		for c := range row {
			if e := edits[xlsx.CellKey{Row: r + 1, Col: c + 1}]; e != nil && e.Set {
				continue
			}
			ref := xlsx.RefName(c+1, r+1)
			if fo, _ := f.GetCellFormula(sheet, ref); fo != "" {
				keep[ref] = fo
			}
		}
	}
	return keep
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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
		parts = append(parts, p+" ("+strconv.FormatFloat(c.Confidence, 'f', 2, 64)+")")
	}
	return strings.Join(parts, "; ")
}

// addReviewSheet appends the "vouch review" sheet listing the review items.
func addReviewSheet(ctx context.Context, f *excelize.File, items []Item) error {
	review := reviewItems(items)
	if len(review) == 0 {
		return nil
	}
	name := reviewSheetName(func(n string) bool { idx, _ := f.GetSheetIndex(n); return idx >= 0 })
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
	for i, w := range reviewWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := []any{}
	for _, h := range reviewHeader {
		header = append(header, excelize.Cell{StyleID: hs, Value: h})
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, it := range review {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		row := reviewRow(it)
		row[3] = excelize.Cell{StyleID: ws, Value: row[3]}
		// Strings are data: a stream writer never turns "=..." into a formula.
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeCSV writes the CSV back with the answers, appending Answer and
// Comment columns when the input had none.
func writeCSV(ctx context.Context, out string, doc *Document, items []Item) error {
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
	h := doc.Layouts[0].HeaderRow - 1
	if h >= 0 && h < len(recs) {
		if d.answerCol >= d.width {
			recs[h][d.answerCol] = "Answer"
		}
		if d.commentCol >= d.width {
			recs[h][d.commentCol] = "Comment"
		}
	}
	// Rows for review are marked in a column of vouch's own, the last one,
	// which finalize removes (finalize.go).
	if h >= 0 && h < len(recs) && len(reviewItems(items)) > 0 {
		recs = markCSVReview(recs, h, items)
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
	return writeCSVRecords(ctx, out, d, recs)
}
