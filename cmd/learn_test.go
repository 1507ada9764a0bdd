package cmd

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vouchcli/vouch/internal/outfile"
	"github.com/vouchcli/vouch/internal/testutil"
)

// learn on one questionnaire, then fill another from a catalog that holds
// only a library: the overlapping questions are answered from it.
func TestLearnThenFillLibraryOnly(t *testing.T) {
	dir := t.TempDir()
	cat := filepath.Join(dir, "catalog")
	if err := os.MkdirAll(cat, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(cat, "company.yaml"), []byte("name: Zed\nlegal_name: Zed Ltd\n"), 0o644)
	os.WriteFile(filepath.Join(cat, "library.yaml"), []byte("answers: []\n"), 0o644)

	a := filepath.Join(dir, "answered-a.xlsx")
	testutil.WriteSheet(t, a, [][]string{
		{"ID", "Question", "Answer", "Comments"},
		{"A-1", "Do you encrypt customer data at rest?", "Yes", "Storage-layer encryption on all volumes."},
		{"A-2", "Do you maintain a documented incident response plan?", "Yes", "Reviewed yearly."},
		{"A-3", "Do you allow customers to perform penetration tests?", "No", ""},
		{"A-4", "Vendor Name", "Zed Ltd", ""},
	})
	b := filepath.Join(dir, "answered-b.xlsx")
	testutil.WriteSheet(t, b, [][]string{
		{"ID", "Question", "Answer", "Comments"},
		{"B-1", "Do you encrypt customer data at rest?", "No", "Only backups."},
	})
	r := run(t, "questionnaire", "learn", a, b, "--catalog", cat, "-o", "json")
	if r.code != 0 {
		t.Fatalf("learn: %+v", r)
	}
	var res learnResult
	if err := json.Unmarshal([]byte(r.out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Added != 4 || res.Merged != 1 || res.Fields != 1 || len(res.Conflicts) != 1 { // the field is learned apart
		t.Errorf("learn result = %+v", res)
	}

	buyer := filepath.Join(dir, "buyer.xlsx")
	testutil.WriteSheet(t, buyer, [][]string{
		{"Buyer questionnaire"},
		{"#", "Question", "Vendor Response", "Notes"},
		{"1", "Do you maintain a documented incident response plan?", "", ""},
		{"2", "Do you allow customers to perform penetration tests?", "", ""},
		{"3", "Do you encrypt customer data at rest?", "", ""},
		{"4", "Is there a bug bounty programme?", "", ""},
	})
	out := filepath.Join(dir, "buyer.filled.xlsx")
	r = run(t, "questionnaire", "fill", buyer, "--catalog", cat, "--out", out, "-o", "json")
	if r.code != 0 {
		t.Fatalf("fill: %+v", r)
	}
	var rep struct {
		Items []struct {
			Row     int    `json:"row"`
			Status  string `json:"status"`
			Verdict string `json:"verdict"`
			Answer  string `json:"answer"`
			Library string `json:"library"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatal(err)
	}
	byRow := map[int]int{}
	for i, it := range rep.Items {
		byRow[it.Row] = i
	}
	ir, pt, enc, bounty := rep.Items[byRow[3]], rep.Items[byRow[4]], rep.Items[byRow[5]], rep.Items[byRow[6]]
	if ir.Status != "answered" || ir.Answer != "Yes" || !strings.HasPrefix(ir.Library, "LIB-") {
		t.Errorf("incident response = %+v", ir)
	}
	if pt.Status != "answered" || pt.Answer != "No" || pt.Library == "" {
		t.Errorf("pentest = %+v", pt)
	}
	if enc.Status != "review" || enc.Answer != "" {
		t.Errorf("conflicting library answer must go to review: %+v", enc)
	}
	if bounty.Status != "review" || bounty.Answer != "" {
		t.Errorf("unknown question must go to review: %+v", bounty)
	}
}

func TestLearnNeedsCatalogDir(t *testing.T) {
	if r := run(t, "questionnaire", "learn", "x.xlsx"); r.code != 1 || !strings.Contains(r.err, "--catalog") {
		t.Errorf("%+v", r)
	}
	if r := run(t, "questionnaire", "learn"); r.code != 2 {
		t.Errorf("no argument: %+v", r)
	}
}

// TestLearnWaitsForTheLibrary: while another vouch holds the library, learn
// waits (and says so) instead of merging into a library about to be
// replaced; interrupted, it leaves the library as it was.
func TestLearnWaitsForTheLibrary(t *testing.T) {
	dir := t.TempDir()
	cat := filepath.Join(dir, "catalog")
	os.MkdirAll(cat, 0o755)
	os.WriteFile(filepath.Join(cat, "company.yaml"), []byte("name: Zed\nlegal_name: Zed Ltd\n"), 0o644)
	lib := filepath.Join(cat, "library.yaml")
	os.WriteFile(lib, []byte("answers: []\n"), 0o644)
	a := filepath.Join(dir, "answered.xlsx")
	testutil.WriteSheet(t, a, [][]string{
		{"ID", "Question", "Answer", "Comments"},
		{"A-1", "Do you encrypt customer data at rest?", "Yes", "Storage-layer encryption on all volumes."},
	})
	l, err := outfile.Acquire(context.Background(), lib, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(300*time.Millisecond, cancel)
	r := runCtx(t, ctx, "questionnaire", "learn", a, "--catalog", cat)
	if r.code != ExitInterrupted || !strings.Contains(r.err, "waiting for another vouch to finish writing") {
		t.Errorf("while locked: %+v", r)
	}
	if b, _ := os.ReadFile(lib); string(b) != "answers: []\n" {
		t.Errorf("library changed while locked: %q", b)
	}
	released := make(chan struct{})
	go func() { time.Sleep(200 * time.Millisecond); l.Release(); close(released) }()
	r = run(t, "questionnaire", "learn", a, "--catalog", cat)
	<-released
	if r.code != 0 || !strings.Contains(r.out, "1 added") {
		t.Errorf("after release: %+v", r)
	}
	wantFolder(t, cat, "company.yaml,library.yaml")
}
