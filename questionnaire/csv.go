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

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// maxCSVBytes bounds a CSV questionnaire.
const maxCSVBytes = 64 << 20

// csvData is a parsed CSV questionnaire, kept for writing it back.
type csvData struct {
	records    [][]string
	sep        rune
	bom        bool
	enc        csvEncoding // the file's encoding: the copy is written in it
	eol        string      // the file's line ending: "\n", "\r\n" or "\r"
	answerCol  int         // may be == width: an appended column
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

// csvEncoding is the character encoding of a CSV file.
type csvEncoding int

const (
	encUTF8 csvEncoding = iota
	encUTF16LE
	encUTF16BE
	encCP1252
)

// cp1252High is Windows-1252's 0x80..0x9F; the five bytes it leaves
// undefined stay the C1 characters of Latin-1, so that any byte round-trips.
var cp1252High = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

// cp1252Fallback spells characters Windows-1252 lacks in what it has.
var cp1252Fallback = map[rune]string{'≥': ">=", '≤': "<=", '→': "->", '←': "<-", '✓': "x", '✔': "x", '−': "-", '‑': "-", '‐': "-", '\u202f': " ", '\u2009': " ", '≠': "!="}

func decodeCP1252(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		if c >= 0x80 && c < 0xA0 {
			r[i] = cp1252High[c-0x80]
		} else {
			r[i] = rune(c)
		}
	}
	return string(r)
}

// encodeCP1252 writes s in Windows-1252; a character it lacks is spelled
// with cp1252Fallback, else as '?'.
func encodeCP1252(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, c := range s {
		switch {
		case c < 0x80 || (c >= 0xA0 && c <= 0xFF):
			out = append(out, byte(c))
			continue
		case c >= 0x80 && c < 0xA0:
			if cp1252High[c-0x80] == c {
				out = append(out, byte(c))
				continue
			}
		}
		if i := indexRune(cp1252High[:], c); i >= 0 {
			out = append(out, byte(0x80+i))
		} else if f, ok := cp1252Fallback[c]; ok {
			out = append(out, f...)
		} else {
			out = append(out, '?')
		}
	}
	return out
}

func indexRune(rs []rune, c rune) int {
	for i, r := range rs {
		if r == c {
			return i
		}
	}
	return -1
}

// utf16Of returns the UTF-16 encoding of a file that starts with a UTF-16
// BOM. Without a BOM vouch does not guess (a guess would not survive the
// round trip): looksUTF16 lets the reader say so.
func utf16Of(b []byte) (csvEncoding, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return encUTF16LE, true
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return encUTF16BE, true
	}
	return encUTF8, false
}

// IsUTF16Text says whether a file's first bytes are a UTF-16 BOM.
func IsUTF16Text(head []byte) bool {
	e, _ := utf16Of(head)
	return e != encUTF8
}

// looksUTF16 says whether a file without a BOM starts as ASCII text in
// UTF-16 (NUL high bytes).
func looksUTF16(b []byte) bool {
	return len(b) >= 4 && ((b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0) || (b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0))
}

func (e csvEncoding) utf16() encoding.Encoding {
	if e == encUTF16BE {
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
}

// lineEnding is the line ending a text uses: CRLF when it has one, a lone
// CR when it has no LF, else LF.
func lineEnding(s string) string {
	switch {
	case strings.Contains(s, "\r\n"):
		return "\r\n"
	case strings.Contains(s, "\r") && !strings.Contains(s, "\n"):
		return "\r"
	}
	return "\n"
}

// parseCSV decodes CSV bytes: BOM, UTF-16, separator sniffing, quoted
// newlines, ragged rows, any line ending (a lone CR is a line break too);
// a non-UTF-8 file is read as Windows-1252.
func parseCSV(b []byte) (*csvData, error) { return parseCSVSep(b, 0) }

// parseCSVSep is parseCSV with the separator given (0: sniffed).
func parseCSVSep(b []byte, sep rune) (*csvData, error) {
	d := &csvData{}
	var text string
	if e, _ := utf16Of(b); e != encUTF8 {
		d.enc, d.bom = e, true
		b = b[2:]
		if len(b)%2 == 1 {
			return nil, fmt.Errorf("a UTF-16 file with an odd number of bytes (truncated?)")
		}
		u, err := e.utf16().NewDecoder().Bytes(b)
		if err != nil {
			return nil, fmt.Errorf("not valid UTF-16: %v", err)
		}
		text = string(u)
	} else {
		if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
			d.bom = true
			b = b[3:]
		}
		if utf8.Valid(b) {
			text = string(b)
		} else {
			d.enc = encCP1252
			text = decodeCP1252(b)
		}
	}
	if strings.IndexByte(text, 0) >= 0 {
		return nil, fmt.Errorf("it holds NUL characters: not a text file")
	}
	d.eol = lineEnding(text)
	// encoding/csv breaks lines at LF only: every CR line break becomes one.
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	d.sep = sep
	if sep == 0 {
		d.sep = sniffSep([]byte(text))
	}
	cr := csv.NewReader(strings.NewReader(text))
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

// encode writes the records as the file was: its separator, line ending,
// encoding and BOM.
func (d *csvData) encode(ctx context.Context, w io.Writer, recs [][]string) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Comma = d.sep
	cw.UseCRLF = d.eol == "\r\n"
	for i, r := range recs {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	b := buf.Bytes()
	if d.eol == "\r" {
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r"))
	}
	switch d.enc {
	case encCP1252:
		b = encodeCP1252(string(b))
	case encUTF16LE, encUTF16BE:
		u, err := d.enc.utf16().NewEncoder().Bytes(b)
		if err != nil {
			return err
		}
		b = u
	}
	if d.bom {
		var bom []byte
		switch d.enc {
		case encUTF16LE:
			bom = []byte{0xFF, 0xFE}
		case encUTF16BE:
			bom = []byte{0xFE, 0xFF}
		default:
			bom = []byte("\xEF\xBB\xBF")
		}
		if _, err := w.Write(bom); err != nil {
			return err
		}
	}
	_, err := w.Write(b)
	return err
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
