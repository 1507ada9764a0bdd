package questionnaire

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/testutil"
)

// TestRealFinalize fills the real Instructure workbooks (their answers
// overwritten), finalizes the copies with --allow-open and checks that
// every part but the answered sheet and the workbook part is the buyer's
// byte for byte, and that LibreOffice shows the same answers in the
// finalized copy as in the filled one, without the review sheet.
func TestRealFinalize(t *testing.T) {
	shared := testutil.SharedDir(t, "questionnaires")
	eng := koraEngine(t, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	for _, c := range []struct {
		file, sheet string
		soffice     bool
	}{
		{"instructure-full/Canvas LMS HECVAT Full.xlsx", "HECVAT - Full | Vendor Response", true},
		{"instructure-lite/Canvas Studio HECVAT Lite.xlsx", "HECVAT - Lite | Vendor Response", true},
		{"instructure-lite/Canvas LMS K-12CVAT-Lite.xlsx", "CoSN K-12CVAT", false},
	} {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			in := filepath.Join(shared, c.file)
			tmp := t.TempDir()
			filled, out := filepath.Join(tmp, "filled.xlsx"), filepath.Join(tmp, "for-buyer.xlsx")
			rep, err := Fill(context.Background(), in, eng, FillOptions{Out: filled, Overwrite: true})
			if err != nil {
				t.Fatal(err)
			}
			fr, err := Finalize(context.Background(), filled, FinalizeOptions{Out: out, AllowOpen: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d answered, %d review; finalize removed %q, %d notes, %d highlights, %d formats; %d rows were open",
				filepath.Base(c.file), rep.Summary.Answered, rep.Summary.Review, fr.ReviewSheets, fr.Notes, fr.Highlights, fr.Styles, len(fr.Open))
			if len(fr.ReviewSheets) != 1 || fr.Notes != rep.Summary.Review || fr.Highlights != rep.Summary.Review || len(fr.Open) != rep.Summary.Review {
				t.Errorf("finalize report %+v", fr)
			}
			f, err := excelize.OpenFile(in)
			if err != nil {
				t.Fatal(err)
			}
			sheets := f.GetSheetList()
			f.Close()
			inParts, outParts := zipParts(t, in), zipParts(t, out)
			var differ []string
			for name, b := range inParts {
				if ob, ok := outParts[name]; !ok || !bytes.Equal(ob, b) {
					differ = append(differ, name)
				}
			}
			slices.Sort(differ)
			if len(outParts) != len(inParts) || len(differ) != 2 || !slices.Contains(differ, "xl/workbook.xml") {
				t.Errorf("%d parts, the buyer's had %d; differing: %v (want the answered sheet and xl/workbook.xml)", len(outParts), len(inParts), differ)
			}
			g, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if got := g.GetSheetList(); !slices.Equal(got, sheets) {
				t.Errorf("sheets %v, want the buyer's %v", got, sheets)
			}
			g.Close()
			if !c.soffice {
				return
			}
			idx := slices.Index(sheets, c.sheet) + 1
			a, b := testutil.SofficeToCSV(t, filled, idx), testutil.SofficeToCSV(t, out, idx)
			if !bytes.Equal(a, b) {
				t.Errorf("LibreOffice shows the finalized %q otherwise than the filled one", c.sheet)
			}
		})
	}
}
