package questionnaire

// Finalize: the copy that goes back to the buyer. A filled workbook holds
// what vouch added for its reviewer — the review sheet, "vouch: ..." notes,
// highlight fills — recorded at fill time in customXml/vouch-fill.xml
// (questionnaire/xlsx/record.go); finalize removes exactly that and keeps
// the answers and comments. A filled CSV carries a last column of vouch's
// own, "vouch review", marking the rows for review; finalize drops it.

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// CSVReviewColumn is the header of the column Fill appends to a CSV to
// mark its rows for review.
const CSVReviewColumn = "vouch review"

// FinalizeOptions are the options of Finalize.
type FinalizeOptions struct {
	Out       string // required: the copy for the buyer
	Force     bool   // replace an existing Out
	AllowOpen bool   // finalize although rows are still marked for review
	// MaxUnzipBytes bounds what one part may unzip to (0: DefaultMaxUnzipBytes).
	MaxUnzipBytes int64
}

// OpenRow is a row still marked for review.
type OpenRow struct {
	Sheet    string `json:"sheet"`
	Row      int    `json:"row"`
	ID       string `json:"id"`
	Question string `json:"question"`
}

// FinalizeReport says what Finalize removed.
type FinalizeReport struct {
	Input        string    `json:"input"`
	Output       string    `json:"output"`
	Open         []OpenRow `json:"open"`              // rows still marked for review (finalized with AllowOpen)
	ReviewSheets []string  `json:"review_sheets"`     // the review sheets removed
	Notes        int       `json:"notes"`             // vouch's notes removed
	Highlights   int       `json:"highlights"`        // cells given back their own format
	Styles       int       `json:"styles"`            // cell formats vouch had added, removed
	Columns      []string  `json:"columns,omitempty"` // CSV columns removed
	Warnings     []string  `json:"warnings"`
}

// OpenError is Finalize's refusal: rows are still marked for review.
type OpenError struct {
	Path string
	Rows []OpenRow
}

func (e *OpenError) Error() string {
	return fmt.Sprintf("%s: %d rows are still marked for review: review them (and delete their lines from the %q sheet, or clear their %q cells in a CSV), or use --allow-open",
		e.Path, len(e.Rows), ReviewSheet, CSVReviewColumn)
}

// Finalize writes the copy of a filled questionnaire that goes back to the
// buyer: what vouch added at fill time removed, answers and comments kept.
// The input is never modified; the output is written atomically.
func Finalize(ctx context.Context, in string, opts FinalizeOptions) (*FinalizeReport, error) {
	if opts.Out == "" {
		return nil, fmt.Errorf("%s: finalize needs an output file (--out)", in)
	}
	kind, err := sniff(in, ReadOptions{})
	if err != nil {
		return nil, err
	}
	if err := checkOutFormat(opts.Out, kind); err != nil {
		return nil, err
	}
	if err := CheckOut(in, opts.Out, opts.Force); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if kind == "csv" {
		return finalizeCSV(ctx, in, opts)
	}
	return finalizeXLSX(in, opts)
}

func finalizeXLSX(in string, opts FinalizeOptions) (rep *FinalizeReport, err error) {
	defer func() { // the workbook is untrusted input: a bug must not panic
		if r := recover(); r != nil {
			rep, err = nil, fmt.Errorf("%s: cannot finalize this workbook (internal error: %v)", in, r)
		}
	}()
	limit := opts.MaxUnzipBytes
	if limit <= 0 {
		limit = DefaultMaxUnzipBytes
	}
	p, err := xlsx.Open(in, xlsx.Options{Limit: limit, Highlight: reviewFill})
	if err != nil {
		return nil, fmt.Errorf("%s: cannot finalize this workbook: %v", in, err)
	}
	defer p.Close()
	rec, err := p.Record()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in, err)
	}
	if rec == nil {
		return nil, fmt.Errorf("%s: no fill record (%s): not a copy vouch filled, or one saved since by a program that dropped the record; nothing to finalize", in, xlsx.RecordPart)
	}
	rep = &FinalizeReport{Input: in, Output: opts.Out, Open: []OpenRow{}, ReviewSheets: []string{}, Warnings: []string{}}
	var review []string
	for _, name := range rec.ReviewSheets {
		g, err := p.SheetGrid(name, len(reviewHeader))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", in, err)
		}
		if g == nil {
			continue // deleted by the reviewer
		}
		// Only a sheet that still reads as vouch's review sheet goes.
		if len(g) == 0 || strings.Join(g[0], "\t") != strings.Join(reviewHeader, "\t") {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("sheet %q does not have the review sheet's header any more: kept", name))
			continue
		}
		review = append(review, name)
		for i, r := range g {
			if i == 0 || strings.TrimSpace(strings.Join(r, "")) == "" {
				continue
			}
			n, _ := strconv.Atoi(strings.TrimSpace(r[1]))
			rep.Open = append(rep.Open, OpenRow{Sheet: r[0], Row: n, ID: r[2], Question: r[3]})
		}
	}
	if len(rep.Open) > 0 && !opts.AllowOpen {
		return rep, &OpenError{Path: in, Rows: rep.Open}
	}
	rec.ReviewSheets = review
	u, err := p.Unfill(rec)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot finalize this workbook: %v", in, err)
	}
	rep.ReviewSheets, rep.Notes, rep.Highlights, rep.Styles = u.ReviewSheets, u.Notes, u.Highlights, u.Styles
	rep.Warnings = append(rep.Warnings, u.Warnings...)
	if err := AtomicWrite(opts.Out, p.Write); err != nil {
		return nil, err
	}
	return rep, nil
}

// markCSVReview appends the review column to a filled CSV's records: its
// header in the header row h, "vouch: for review ..." on each review row.
func markCSVReview(recs [][]string, h int, items []Item) [][]string {
	col := 0
	for _, r := range recs {
		col = max(col, len(r))
	}
	if n := len(recs[h]); n > 0 && recs[h][n-1] == CSVReviewColumn {
		// A filled copy filled again: its markers give way to this fill's.
		col = n - 1
		for i := range recs {
			if i != h && len(recs[i]) > col {
				recs[i][col] = ""
			}
		}
	}
	grow := func(r []string) []string {
		for len(r) <= col {
			r = append(r, "")
		}
		return r
	}
	for i := range recs { // every record as wide: the column is the last of each
		recs[i] = grow(recs[i])
	}
	recs[h][col] = CSVReviewColumn
	for _, it := range reviewItems(items) {
		if r := it.Row - 1; r >= 0 && r < len(recs) && r != h {
			note := "vouch: for review"
			if len(it.Reasons) > 0 {
				note += ": " + strings.Join(it.Reasons, "; ")
			}
			recs[r][col] = note
		}
	}
	return recs
}

// finalizeCSV drops the review column of a filled CSV.
func finalizeCSV(ctx context.Context, in string, opts FinalizeOptions) (*FinalizeReport, error) {
	b, err := os.ReadFile(in)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in, err)
	}
	if len(b) > maxCSVBytes {
		return nil, fmt.Errorf("%s: the CSV is larger than %d MiB: refusing to read it", in, maxCSVBytes>>20)
	}
	d, err := parseCSV(b)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable CSV file: %v", in, err)
	}
	rep := &FinalizeReport{Input: in, Output: opts.Out, Open: []OpenRow{}, ReviewSheets: []string{}, Warnings: []string{}}
	h, col := -1, -1
	for i, r := range d.records {
		if n := len(r) - 1; n >= 0 && r[n] == CSVReviewColumn {
			h, col = i, n
			break
		}
	}
	if col < 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("no %q column: nothing vouch added to remove", CSVReviewColumn))
	} else {
		rep.Columns = []string{CSVReviewColumn}
		var qcol, idcol = -1, -1
		if doc, err := readCSV(context.Background(), in, ReadOptions{}); err == nil && len(doc.Layouts) > 0 {
			qcol, idcol = colIndex(doc.Layouts[0].QuestionCol), colIndex(doc.Layouts[0].IDCol)
		}
		cell := func(r []string, c int) string {
			if c >= 0 && c < len(r) {
				return r[c]
			}
			return ""
		}
		for i, r := range d.records {
			if i != h && len(r) > col && strings.TrimSpace(r[col]) != "" {
				rep.Open = append(rep.Open, OpenRow{Sheet: d.sheetName(in), Row: i + 1, ID: cell(r, idcol), Question: cell(r, qcol)})
			}
		}
	}
	if len(rep.Open) > 0 && !opts.AllowOpen {
		return rep, &OpenError{Path: in, Rows: rep.Open}
	}
	recs := d.records
	if col >= 0 {
		recs = make([][]string, len(d.records))
		for i, r := range d.records {
			if len(r) > col {
				r = r[:col]
			}
			recs[i] = r
		}
	}
	err = writeCSVRecords(ctx, opts.Out, d, recs)
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// sheetName is what a CSV's rows are listed under: the file's name, as
// the fill report names them.
func (d *csvData) sheetName(path string) string { return filepath.Base(path) }

// writeCSVRecords writes records as the input CSV was written: its
// separator, its byte-order mark.
func writeCSVRecords(ctx context.Context, out string, d *csvData, recs [][]string) error {
	return AtomicWrite(out, func(w io.Writer) error { return d.encode(ctx, w, recs) })
}
