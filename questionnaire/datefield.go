package questionnaire

// The date form field ("Date", "Date completed", "Today's date"): the
// matcher answers it with today's date in ISO 8601; where the answer cell
// is date-formatted the copy gets a real date (a serial number in the
// cell's own format), elsewhere the ISO text.

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/questionnaire/match"
	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// markDateCells sets DateCell on the date fields whose answer cell has a
// date number format. Only the date fields are looked at: a style lookup
// per question would cost a large workbook for nothing.
func markDateCells(f *excelize.File, qs []Question) {
	if f == nil {
		return
	}
	// On the 1904 date system a serial means another day: the date goes
	// in as ISO text there.
	if wp, err := f.GetWorkbookProps(); err != nil || (wp.Date1904 != nil && *wp.Date1904) {
		return
	}
	for i := range qs {
		q := &qs[i]
		if q.AnswerCell == "" || !match.IsDateField(q.Text) {
			continue
		}
		id, err := f.GetCellStyle(q.Sheet, q.AnswerCell)
		if err != nil {
			continue
		}
		st, err := f.GetStyle(id)
		if err != nil || st == nil {
			continue
		}
		code := ""
		if st.CustomNumFmt != nil {
			code = *st.CustomNumFmt
		}
		q.DateCell = isDateFormat(st.NumFmt, code)
	}
}

// reFmtLiteral is what a number format shows as it is: quoted text,
// escaped characters, [colors] and [$-locales].
var reFmtLiteral = regexp.MustCompile(`"[^"]*"|\\.|\[[^\]]*\]`)

// isDateFormat says whether a number format shows a date: one of the
// built-in date formats, or a custom code with a day, month or year.
func isDateFormat(id int, code string) bool {
	switch {
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return true
	case code == "":
		return false
	}
	c := strings.ToLower(reFmtLiteral.ReplaceAllString(code, ""))
	if i := strings.IndexByte(c, ';'); i >= 0 {
		c = c[:i] // the positive section says it
	}
	return strings.ContainsAny(c, "dy") || strings.Contains(c, "mmm") || (strings.Contains(c, "m") && !strings.Contains(c, "h") && !strings.Contains(c, "s"))
}

// setAnswer puts an answer in a cell edit: a date as a date serial where
// the cell is date-formatted, any other answer as text.
func setAnswer(e *xlsx.CellEdit, q Question, answer string) {
	e.Value, e.Set, e.Number = answer, true, false
	if !q.DateCell {
		return
	}
	d, err := time.Parse("2006-01-02", answer)
	if err != nil {
		return
	}
	e.Value, e.Number = strconv.Itoa(dateSerial(d)), true
}

// dateSerial is a date's serial number in the 1900 date system.
func dateSerial(d time.Time) int {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return int(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24)
}

// setCell writes an edit's value with excelize: a number as a number
// (the cell keeps its format), anything else as text.
func setCell(f *excelize.File, sheet, ref string, e *xlsx.CellEdit) error {
	if e.Number {
		if n, err := strconv.ParseFloat(e.Value, 64); err == nil {
			return f.SetCellFloat(sheet, ref, n, -1, 64)
		}
	}
	return f.SetCellStr(sheet, ref, e.Value)
}
