package questionnaire

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// maxCSVBytes bounds a CSV questionnaire.
const maxCSVBytes = 64 << 20

// csvData is a parsed CSV questionnaire, kept for writing it back.
type csvData struct {
	records    [][]string
	sep        rune
	bom        bool
	answerCol  int // may be == width: an appended column
	commentCol int
	width      int
}

// sniffSep picks the separator of the first line among , ; and tab (outside quotes).
func sniffSep(b []byte) rune {
	counts := map[rune]int{}
	inQ := false
	for _, c := range string(b) {
		if c == '"' {
			inQ = !inQ
			continue
		}
		if inQ {
			continue
		}
		if c == '\n' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best, n := ',', 0
	for _, c := range []rune{',', ';', '\t'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return best
}

// parseCSV decodes CSV bytes: BOM, separator sniffing, quoted newlines,
// ragged rows; a non-UTF-8 file is read as Latin-1.
func parseCSV(b []byte) (*csvData, error) {
	d := &csvData{}
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		d.bom = true
		b = b[3:]
	}
	if !utf8.Valid(b) {
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		b = []byte(string(r))
	}
	d.sep = sniffSep(b)
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = d.sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		d.records = append(d.records, rec)
		if len(rec) > d.width {
			d.width = len(rec)
		}
	}
	return d, nil
}

// readCSV reads a CSV questionnaire: one question per record.
func readCSV(ctx context.Context, path string, opts ReadOptions) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b) > maxCSVBytes {
		return nil, fmt.Errorf("%s: the CSV is larger than %d MiB: refusing to read it", path, maxCSVBytes>>20)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d, err := parseCSV(b)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable CSV file: %v", path, err)
	}
	if len(d.records) == 0 || d.width == 0 {
		return nil, fmt.Errorf("%s: the file is empty", path)
	}
	name := filepath.Base(path)
	g := &grid{sheet: name, flat: true}
	g.rows = make([][]string, len(d.records))
	for i, r := range d.records {
		row := make([]string, d.width)
		copy(row, r)
		g.rows[i] = row
	}
	layout, qs, err := detectLayout(g, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %v (use --header-row, --question-col)", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no question rows found below the header (use --header-row, --question-col)", path)
	}
	d.answerCol, d.commentCol = colIndex(layout.AnswerCol), colIndex(layout.CommentCol)
	next := d.width
	if d.answerCol < 0 {
		d.answerCol = next
		next++
		layout.AnswerCol = colName(d.answerCol)
		layout.Notes = append(layout.Notes, "no answer column: the output gets an appended Answer column")
	}
	if d.commentCol < 0 {
		d.commentCol = next
		layout.CommentCol = colName(d.commentCol)
		layout.Notes = append(layout.Notes, "no comment column: the output gets an appended Comment column")
	}
	dropdowns := map[string]bool{}
	for i := range qs {
		r := qs[i].Row - 1
		qs[i].AnswerCell = cellName(d.answerCol, r, true)
		qs[i].CommentCell = cellName(d.commentCol, r, true)
		if k := strings.Join(qs[i].Allowed, " | "); k != "" && len(k) <= 80 && !dropdowns[k] && len(layout.Dropdowns) < maxShownLists {
			dropdowns[k] = true
			layout.Dropdowns = append(layout.Dropdowns, k)
		}
	}
	fixDates(qs)
	return &Document{
		Path: path, Format: "csv",
		Sheets:    []SheetInfo{{Name: name, Rows: len(d.records), Used: true}},
		Layouts:   []Layout{layout},
		Questions: qs,
		csv:       d,
	}, nil
}
