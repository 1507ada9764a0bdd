package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestQuestionnaireFinalize(t *testing.T) {
	dir := t.TempDir()
	in := questionBook(t, dir, 0)
	filled := filepath.Join(dir, "filled.xlsx")
	if r := run(t, "questionnaire", "fill", in, "--out", filled); r.code != 0 {
		t.Fatalf("fill: %d %s", r.code, r.err)
	}
	out := filepath.Join(dir, "for-buyer.xlsx")

	// Refused, listing the open rows on stderr.
	r := run(t, "questionnaire", "finalize", filled, "--out", out)
	if r.code != ExitFailure || !strings.Contains(r.err, "still marked for review") || !strings.Contains(r.err, "--allow-open") ||
		!strings.Contains(r.err, "Sheet1 row 4  Q2  Do you hold a FedRAMP High authorization?") {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused finalize wrote its output")
	}

	r = run(t, "q", "finalize", filled, "--out", out, "--allow-open", "-o", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var rep struct {
		ReviewSheets []string `json:"review_sheets"`
		Notes        int      `json:"notes"`
		Open         []struct {
			Row int    `json:"row"`
			ID  string `json:"id"`
		} `json:"open"`
	}
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.out)
	}
	if len(rep.ReviewSheets) != 1 || rep.Notes == 0 || len(rep.Open) != rep.Notes {
		t.Errorf("report %s", r.out)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 {
		t.Errorf("sheets %v", got)
	}

	// An existing output needs --force; --out is required.
	if r := run(t, "q", "finalize", filled, "--out", out, "--allow-open"); r.code != ExitFailure || !strings.Contains(r.err, "--force") {
		t.Errorf("existing output: exit %d %s", r.code, r.err)
	}
	if r := run(t, "q", "finalize", filled); r.code != ExitUsage || !strings.Contains(r.err, "--out") {
		t.Errorf("no --out: exit %d %s", r.code, r.err)
	}
	if r := run(t, "q", "finalize", filled, "--out", filepath.Join(dir, "missing", "x.xlsx")); r.code != ExitFailure || !strings.Contains(r.err, "does not exist") {
		t.Errorf("missing folder: exit %d %s", r.code, r.err)
	}
	if r := run(t, "q", "finalize", in, "--out", filepath.Join(dir, "x.xlsx")); r.code != ExitFailure || !strings.Contains(r.err, "no fill record") {
		t.Errorf("unfilled input: exit %d %s", r.code, r.err)
	}
}
