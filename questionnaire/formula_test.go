package questionnaire

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"testing"

	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// TestFormulaFixturesBuild writes the fixtures (see -fixtures).
func TestFormulaFixturesBuild(t *testing.T) {
	dir := t.TempDir()
	hecvatBook(t, dir, "hecvat4.xlsx", hvNames)
	sigBook(t, dir)
	formulaBuyerBook(t, dir)
}

// csvSheets parses LibreOffice's CSV of each sheet.
func csvSheets(t *testing.T, sheets map[string][]byte) map[string][][]string {
	t.Helper()
	out := map[string][][]string{}
	for name, b := range sheets {
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("LibreOffice CSV of %s: %v", name, err)
		}
		out[name] = recs
	}
	return out
}

// at returns a cell of a CSV grid ("" outside it).
func at(recs [][]string, cell string) string {
	c, r, ok := xlsx.ParseRef(cell)
	if !ok || r > len(recs) || c > len(recs[r-1]) {
		return ""
	}
	return recs[r-1][c-1]
}

// TestHECVAT4LibreOffice fills the HECVAT-4-like fixture, has LibreOffice
// open it, save it as .xlsx (recalculating) and export every sheet: the
// START HERE answers show on every dependent response sheet, and the
// analyst sheets read the answers vouch wrote.
func TestHECVAT4LibreOffice(t *testing.T) {
	testutil.RequireTool(t, "soffice")
	dir := t.TempDir()
	in, lay := hecvatBook(t, dir, "hecvat4.xlsx", hvNames)
	out := filepath.Join(dir, "filled.xlsx")
	rep, err := Fill(context.Background(), in, firstChoice{}, FillOptions{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]string{} // ID -> answer
	for _, it := range rep.Items {
		if it.Answer != "" {
			written[it.ID] = it.Answer
		}
	}
	if len(written) != lay.questions {
		t.Fatalf("%d answers written, want %d", len(written), lay.questions)
	}
	sheets := csvSheets(t, testutil.SofficeToCSVs(t, testutil.SofficeToXLSX(t, out)))
	checked := 0
	for _, s := range hvResponse {
		recs := sheets[s.name]
		for i, q := range hvShared {
			cell := "C" + itoa(13+i)
			if got := at(recs, cell); got != written[q.id] {
				t.Errorf("%s!%s (%s): LibreOffice shows %q, START HERE has %q", s.name, cell, q.id, got, written[q.id])
			}
			checked++
		}
	}
	// The analyst sheets read the vendor's answers through their formulas.
	recs := sheets[hvNames.highRisk]
	if got := at(recs, "C5"); got != written["AAAI-02"] {
		t.Errorf("%s!C5 shows %q, want the answer to AAAI-02 %q", hvNames.highRisk, got, written["AAAI-02"])
	}
	t.Logf("LibreOffice: %d START HERE answers checked on %d dependent sheets", checked, len(hvResponse))
}
