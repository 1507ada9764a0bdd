package questionnaire

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/internal/testutil"
)

// checkInLibreOffice converts the first sheet of a filled workbook with
// LibreOffice and checks that the answers are in place and that every
// dropdown cell holds an allowed value (or is empty).
func checkInLibreOffice(t *testing.T, out string, doc *Document, sheet string) {
	t.Helper()
	idx := 0
	for i, s := range doc.Sheets {
		if s.Name == sheet {
			idx = i + 1
		}
	}
	b := testutil.SofficeToCSV(t, out, idx)
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("LibreOffice CSV: %v", err)
	}
	get := func(row int, col string) string {
		c := colIndex(col)
		if row-1 < len(recs) && c < len(recs[row-1]) {
			return recs[row-1][c]
		}
		return ""
	}
	answered, dropdowns := 0, 0
	for _, q := range doc.Questions {
		if q.Sheet != sheet || q.AnswerCell == "" {
			continue
		}
		col := q.AnswerCell[:len(q.AnswerCell)-len(itoa(q.Row))]
		v := get(q.Row, col)
		if q.DateCell && v != "" && v != q.Answer { // a real date: LibreOffice shows it in its locale
			if !strings.Contains(v, "11") || !strings.Contains(v, "23") {
				t.Errorf("row %d: LibreOffice shows the date as %q", q.Row, v)
			}
			answered++
			continue
		}
		if v != q.Answer {
			t.Errorf("row %d: LibreOffice shows %q, vouch wrote %q", q.Row, v, q.Answer)
		}
		if v != "" {
			answered++
		}
		if len(q.Allowed) > 0 {
			dropdowns++
			if v != "" && !slices.Contains(q.Allowed, v) {
				t.Errorf("row %d: %q is not among the dropdown values %q", q.Row, v, q.Allowed)
			}
		}
	}
	if answered == 0 || dropdowns == 0 {
		t.Errorf("checked %d answers, %d dropdown cells: nothing to check", answered, dropdowns)
	}
	t.Logf("LibreOffice: %d answers in place, %d dropdown cells checked", answered, dropdowns)
}

// TestFillOpensInLibreOffice runs in CI (soffice installed): one conversion.
func TestFillOpensInLibreOffice(t *testing.T) {
	testutil.RequireTool(t, "soffice")
	dir := t.TempDir()
	in := buyerBook(t, dir)
	out := filepath.Join(dir, "out.xlsx")
	if _, err := Fill(context.Background(), in, &fakeAnswerer{}, FillOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	doc := read(t, out, ReadOptions{})
	if doc.Questions[0].Answer != "YES" || doc.Questions[5].Answer != "N/A" {
		t.Fatalf("read back %+v", summaries(doc))
	}
	checkInLibreOffice(t, out, doc, "Vendor Response")
}
