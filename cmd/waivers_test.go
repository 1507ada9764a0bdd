package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func koraCopy(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "kora")
	if r := run(t, "init", dir, "--example", "kora"); r.code != 0 {
		t.Fatal(r.err)
	}
	return dir
}

func addWaivers(t *testing.T, dir, extra string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", "kora-waivers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "waivers.yaml"), append(b, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
}

type gapsJSON struct {
	Summary struct {
		Total, High, Waived, Baselined int
	} `json:"summary"`
	Findings []struct {
		ID       string `json:"id"`
		Kind     string `json:"kind"`
		Severity string `json:"severity"`
		Baseline bool   `json:"baseline"`
		Waiver   *struct {
			Approver, Expires, Reason string
		} `json:"waiver"`
	} `json:"findings"`
}

func gapsOf(t *testing.T, r result) gapsJSON {
	t.Helper()
	var g gapsJSON
	if err := json.Unmarshal([]byte(r.out), &g); err != nil {
		t.Fatalf("%v: %s %s", err, r.out, r.err)
	}
	return g
}

// Kora's catalog fails --fail-on high on its four published gaps; with the
// example waivers it passes, the four are shown as waived, and they come
// back when the waivers expire.
func TestKoraWaivers(t *testing.T) {
	dir := koraCopy(t)
	gate := []string{"gaps", "--catalog", dir, "--fail-on", "high", "--as-of", "2026-12-01"}
	if r := run(t, gate...); r.code != 3 || !strings.Contains(r.err, "4 findings at severity high") {
		t.Fatalf("without waivers: %d %s", r.code, r.err)
	}
	addWaivers(t, dir, "")
	if r := run(t, gate...); r.code != 0 {
		t.Fatalf("with waivers: %d %s", r.code, r.err)
	}
	g := gapsOf(t, run(t, append(gate, "-o", "json")...))
	if g.Summary.Waived != 4 || g.Summary.High != 4 {
		t.Errorf("summary %+v", g.Summary)
	}
	for _, f := range g.Findings {
		if (f.Severity == "high") != (f.Waiver != nil) {
			t.Errorf("%s: severity %s, waiver %+v", f.ID, f.Severity, f.Waiver)
		}
		if f.Waiver != nil && (f.Waiver.Approver != "Security lead (example)" || f.Waiver.Expires == "") {
			t.Errorf("%s: waiver %+v", f.ID, f.Waiver)
		}
	}
	// Every output format says it.
	table := run(t, "gaps", "--catalog", dir, "--as-of", "2026-12-01")
	if strings.Count(table.out, "(waived)") != 4 || !strings.Contains(table.out, "not counted for --fail-on: 4 waived") {
		t.Errorf("table:\n%s", table.out)
	}
	csvOut := run(t, "gaps", "--catalog", dir, "--as-of", "2026-12-01", "-o", "csv")
	if !strings.HasPrefix(csvOut.out, "id,severity,kind,subject_type,subject,title,owner,message,remedy,date,where,waiver,baseline\n") ||
		strings.Count(csvOut.out, "waived until 2027-") != 4 {
		t.Errorf("csv:\n%s", csvOut.out[:200])
	}
	md := run(t, "gaps", "--catalog", dir, "--as-of", "2026-12-01", "-o", "markdown")
	if strings.Count(md.out, "waived until 2027-") != 4 {
		t.Errorf("markdown lacks the waivers")
	}
	yml := run(t, "gaps", "--catalog", dir, "--as-of", "2026-12-01", "-o", "yaml")
	if strings.Count(yml.out, "approver: Security lead (example)") != 4 {
		t.Errorf("yaml lacks the waivers")
	}

	// After 2027-03-31 two waivers have expired: their findings count again,
	// and each expired waiver is a finding.
	late := run(t, "gaps", "--catalog", dir, "--fail-on", "high", "--as-of", "2027-04-01", "-o", "json")
	if late.code != 3 || !strings.Contains(late.err, "2 findings at severity high or above (--fail-on high); not counted: 2 waived") {
		t.Errorf("expired: %d %s", late.code, late.err)
	}
	expired := 0
	for _, f := range gapsOf(t, late).Findings {
		if f.Kind == "waiver-expired" {
			expired++
		}
	}
	if expired != 2 {
		t.Errorf("%d waiver-expired findings, want 2", expired)
	}
}

// A waiver that matches nothing is a low finding; a broken waivers.yaml is
// an invalid catalog, with file:line.
func TestWaiverUnmatchedAndInvalid(t *testing.T) {
	dir := koraCopy(t)
	addWaivers(t, dir, "\n  - finding: GAP-planned-NOPE-99\n    reason: closed long ago\n    approver: CISO\n    expires: 2027-01-01\n")
	g := gapsOf(t, run(t, "gaps", "--catalog", dir, "--as-of", "2026-12-01", "-o", "json"))
	found := false
	for _, f := range g.Findings {
		if f.Kind == "waiver-unmatched" {
			found = f.ID == "GAP-waiver-unmatched-GAP-planned-NOPE-99" && f.Severity == "low"
		}
	}
	if !found {
		t.Errorf("no waiver-unmatched finding for GAP-planned-NOPE-99")
	}
	if r := run(t, "gaps", "--catalog", dir, "--as-of", "2026-12-01", "--fail-on", "medium"); r.code != 3 {
		t.Errorf("medium gate: %d", r.code)
	}
	addWaivers(t, dir, "\n  - finding: GAP-x\n    reason: \"\"\n    approver: CISO\n  - finding: GAP-y\n    reasn: typo\n")
	r := run(t, "controls", "validate", "--catalog", dir)
	for _, want := range []string{
		dir + "/waivers.yaml:43: waiver GAP-x has no reason",
		dir + "/waivers.yaml:43: waiver GAP-x has no expiry date",
		`unknown field "reasn"`,
	} {
		if r.code != 1 || !strings.Contains(r.err, want) {
			t.Errorf("validate: %d, want %q in\n%s", r.code, want, r.err)
		}
	}
}

// --baseline: --fail-on counts only findings new since the baseline report.
func TestGapsBaseline(t *testing.T) {
	dir := koraCopy(t)
	base := filepath.Join(t.TempDir(), "baseline.json")
	if r := run(t, "gaps", "--catalog", dir, "--as-of", "2026-12-01", "--out", base); r.code != 0 {
		t.Fatal(r.err)
	}
	gate := []string{"gaps", "--catalog", dir, "--as-of", "2026-12-01", "--fail-on", "high", "--baseline", base}
	if r := run(t, gate...); r.code != 0 {
		t.Fatalf("nothing new: %d %s", r.code, r.err)
	}
	// A new high finding: evidence that has expired.
	if r := run(t, "controls", "evidence", "add", "ENC-01", "name=TLS scan,collected=2025-01-01,expires=2026-01-01", "--catalog", dir); r.code != 0 {
		t.Fatal(r.err)
	}
	r := run(t, gate...)
	if r.code != 3 || !strings.Contains(r.err, "1 findings at severity high or above (--fail-on high); not counted: 0 waived, 116 in the baseline") {
		t.Errorf("one new: %d %s", r.code, r.err)
	}
	g := gapsOf(t, run(t, append(gate[:len(gate)-4], "--baseline", base, "-o", "json")...))
	// New: the expired item, and "never reviewed" now that ENC-01 has evidence.
	for _, f := range g.Findings {
		isNew := f.ID == "GAP-evidence-expired-ENC-01-TLS-scan" || f.ID == "GAP-review-missing-ENC-01"
		if f.Baseline == isNew {
			t.Errorf("%s: baseline %v", f.ID, f.Baseline)
		}
	}
	if g.Summary.Baselined != 116 || g.Summary.Total != 118 {
		t.Errorf("summary %+v", g.Summary)
	}
	for _, bad := range []struct{ body, want string }{
		{"not json", "not the JSON output of vouch gaps -o json"},
		{`{"summary": {}}`, "not the JSON output of vouch gaps -o json: it has no findings list"},
		{`{"findings": [{"severity": "high"}]}`, "finding #1 has no id"},
	} {
		p := filepath.Join(t.TempDir(), "b.json")
		_ = os.WriteFile(p, []byte(bad.body), 0o644)
		if r := run(t, "gaps", "--catalog", dir, "--baseline", p); r.code != 1 || !strings.Contains(r.err, "--baseline "+p+": "+bad.want) {
			t.Errorf("%q: %d %s", bad.body, r.code, r.err)
		}
	}
	if r := run(t, "gaps", "--catalog", dir, "--baseline", t.TempDir()); r.code != 1 || !strings.Contains(r.err, "not a regular file") {
		t.Errorf("a folder as baseline: %d %s", r.code, r.err)
	}
}
