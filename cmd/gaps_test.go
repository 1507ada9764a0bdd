package cmd

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/term"
)

type gapsResult struct {
	out, err string
	code     int
}

// runGaps runs vouch in a test factory whose clock says 2026-11-23.
func runGaps(t *testing.T, tty bool, args ...string) gapsResult {
	t.Helper()
	ios, _, out, errOut := term.Test()
	if tty {
		ios.SetTTY(false, true, false)
		ios.SetColor(true)
	}
	f := &Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC) }}
	t.Setenv("VOUCH_CATALOG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	code := Run(context.Background(), f, args)
	return gapsResult{out.String(), errOut.String(), code}
}

// writeCatalog writes a small catalog with one low finding (a hedged claim)
// and evidence that expires on 2027-01-10.
func writeCatalog(t *testing.T, controlsYAML string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"company.yaml": `name: Acme
legal_name: Acme Inc.
address: 1 Main Street, Dublin
governing_law: the laws of Ireland
breach_notification: 48 hours
dpo: Jane Doe
vulnerability_reporting: https://acme.test/security
contacts:
  - {role: security, email: security@acme.test, source: web}
documents:
  - {id: web, title: Security, last_updated: 2026-01-02}
`,
		"controls/enc.yaml": controlsYAML,
		"certifications.yaml": `certifications:
  - {id: soc2, name: SOC 2, status: held, framework: soc2, valid_until: 2027-09-30}
  - {id: iso27001, name: ISO 27001, status: held, framework: iso27001, valid_until: 2027-09-30}
`,
		"subprocessors.yaml": "published: true\nurl: https://acme.test/sub\nsubprocessors:\n  - {name: Host, category: hosting, purpose: hosting, location: EU, dpa_ref: D-1}\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const smallControls = `controls:
  - id: ENC-01
    title: Encryption in transit
    domain: encryption
    status: implemented
    statement: TLS everywhere.
    caveat: not on the legacy API
    owner: Sam
    frameworks: {soc2: [CC6.7], iso27001: [A.8.24]}
    evidence:
      - {name: TLS scan, collected: 2026-01-10, expires: 2027-01-10}
    reviewed: 2026-06-01
    review_every: 12m
`

func TestGapsExitCodes(t *testing.T) {
	small := writeCatalog(t, smallControls)
	bad := writeCatalog(t, "controls:\n  - id: ENC-01\n    title: x\n    domain: d\n    status: done\n    statement: s\n    colour: red\n")
	tests := []struct {
		name string
		args []string
		code int
		err  []string // substrings of stderr
	}{
		{"kora", []string{"gaps"}, 0, nil},
		{"kora fail-on high", []string{"gaps", "--fail-on", "high"}, 3, []string{"--fail-on high"}},
		{"small fail-on medium", []string{"gaps", "--catalog", small, "--fail-on", "medium"}, 0, nil},
		{"small fail-on low", []string{"gaps", "--catalog", small, "--fail-on", "low"}, 3, []string{"1 findings at severity low"}},
		{"small expiring later", []string{"gaps", "--catalog", small, "--fail-on", "medium", "--as-of", "2026-12-20"}, 3, nil},
		{"fail-on bogus", []string{"gaps", "--fail-on", "bogus"}, 2, []string{`"bogus"`, "high, medium, low"}},
		{"as-of bad", []string{"gaps", "--as-of", "yesterday-ish"}, 2, []string{"yesterday-ish", "YYYY-MM-DD"}},
		{"as-of year 1 is not today (17.18)", []string{"gaps", "--as-of", "0001-01-01"}, 2, []string{"0001-01-01", "out of range"}},
		{"within bad", []string{"gaps", "--within", "3 fortnights"}, 2, []string{"30d, 6w, 2m"}},
		{"framework bad", []string{"gaps", "--framework", "nist"}, 2, []string{"soc2", "iso27001"}},
		{"severity bad", []string{"gaps", "--severity", "high,urgent"}, 2, []string{"urgent", "high, medium, low"}},
		{"output bad", []string{"gaps", "-o", "html"}, 2, []string{"markdown"}},
		{"out extension bad", []string{"gaps", "--out", "gaps.txt"}, 2, []string{".xlsx, .csv, .md, .json"}},
		{"extra argument", []string{"gaps", "now"}, 2, nil},
		{"invalid catalog", []string{"gaps", "--catalog", bad}, 1, []string{"enc.yaml:", `unknown field "colour"`, `status "done"`}},
		{"missing catalog", []string{"gaps", "--catalog", filepath.Join(small, "nope")}, 1, []string{"no such directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runGaps(t, false, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %.500s\nstderr: %s", r.code, tt.code, r.out, r.err)
			}
			for _, s := range tt.err {
				if !strings.Contains(r.err, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.err)
				}
			}
		})
	}
}

func TestGapsInvalidCatalogEveryProblem(t *testing.T) {
	bad := writeCatalog(t, "controls:\n  - id: ENC-01\n    title: x\n    domain: d\n    status: done\n    statement: s\n  - id: ENC-01\n    title: y\n    domain: d\n    status: planned\n    statement: s\n")
	r := runGaps(t, false, "gaps", "--catalog", bad)
	if r.code != 1 || strings.Count(r.err, "error: ") < 2 || !strings.Contains(r.err, "duplicate control id") || r.out != "" {
		t.Errorf("exit %d\nstdout %q\nstderr %s", r.code, r.out, r.err)
	}
}

func TestGapsKoraTableAndJSON(t *testing.T) {
	r := runGaps(t, false, "gaps")
	if strings.Contains(r.out, "\x1b[") {
		t.Error("piped table has ANSI codes")
	}
	for _, s := range []string{
		"Kora Studio: ", "as of 2026-11-23",
		"of 33 SOC 2 common criteria mapped", "of 93 ISO/IEC 27001:2022 Annex A controls mapped",
		"severity\tfinding\tsubject\towner\twhy\twhat would close it\n",
		"high\tcertification\tsoc2\t", "high\tcertification\tiso27001\t", "high\tsecurity-contact\tsecurity\t\tThe security contact is a sales inbox: sales@kora.studio",
		"medium\tsubprocessor-list\tsubprocessors\t", "low\thedged\tENC-02\t", "medium\tevidence-missing\tENC-03\t",
	} {
		if !strings.Contains(r.out, s) {
			t.Errorf("table lacks %q", s)
		}
	}
	if strings.Contains(r.out, "\tcoverage\t") {
		t.Error("coverage findings listed without --framework")
	}
	// Sorted by severity: no high after a medium, no medium after a low.
	rank := map[string]int{"high": 0, "medium": 1, "low": 2}
	last := 0
	for _, line := range strings.Split(r.out, "\n") {
		sev, _, _ := strings.Cut(line, "\t")
		if n, ok := rank[sev]; ok {
			if n < last {
				t.Fatalf("out of order: %q", line)
			}
			last = n
		}
	}

	j := runGaps(t, false, "gaps", "-o", "json")
	var rep struct {
		AsOf    string `json:"as_of"`
		Within  string `json:"within"`
		Summary struct {
			Total, High, Medium, Low int
			Claimed                  int `json:"claimed_controls"`
		} `json:"summary"`
		Coverage []struct {
			Framework string `json:"framework"`
			Mapped    int    `json:"mapped"`
			Total     int    `json:"total"`
		} `json:"coverage"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(j.out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.AsOf != "2026-11-23" || rep.Within != "30d" || rep.Summary.Total != len(rep.Findings) || rep.Summary.High < 4 || len(rep.Coverage) != 2 {
		t.Errorf("report: %+v", rep)
	}
	for _, f := range rep.Findings {
		for _, k := range []string{"id", "severity", "kind", "subject_type", "subject", "message", "remedy"} {
			if s, _ := f[k].(string); s == "" {
				t.Errorf("finding without %s: %v", k, f)
			}
		}
	}
	if y := runGaps(t, false, "gaps", "-o", "yaml"); y.code != 0 || !strings.Contains(y.out, "as_of: \"2026-11-23\"") && !strings.Contains(y.out, "as_of: 2026-11-23") {
		t.Errorf("yaml: %d %.300s", y.code, y.out)
	}
	if m := runGaps(t, false, "gaps", "-o", "markdown"); m.code != 0 || !strings.Contains(m.out, "# Evidence gaps: Kora Studio") || !strings.Contains(m.out, "| id | severity |") {
		t.Errorf("markdown: %d %.300s", m.code, m.out)
	}
}

func TestGapsTTYColor(t *testing.T) {
	r := runGaps(t, true, "gaps", "--severity", "high")
	if r.code != 0 || !strings.Contains(r.out, "\x1b[") || !strings.Contains(r.out, "SEVERITY") {
		t.Errorf("tty: %d %.400q", r.code, r.out)
	}
	plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(r.out, "")
	rows := 0
	for _, line := range strings.Split(plain, "\n") {
		switch strings.Fields(line + " x")[0] {
		case "high":
			rows++
		case "medium", "low":
			t.Errorf("--severity high shows %q", line)
		}
	}
	if rows < 4 || !strings.Contains(plain, "coverage: ") {
		t.Errorf("tty table: %d high rows\n%s", rows, plain)
	}
}

func TestGapsFramework(t *testing.T) {
	j := runGaps(t, false, "gaps", "--framework", "SOC2", "--severity", "low", "-o", "json")
	var rep struct {
		Coverage []struct {
			Framework string
			Mapped    int
			Total     int
			Unmapped  []struct{ ID string }
		}
		Findings []struct{ Kind, Subject, Severity string }
	}
	if err := json.Unmarshal([]byte(j.out), &rep); err != nil {
		t.Fatalf("%v: %s", err, j.err)
	}
	var cov, unmapped []string
	for _, f := range rep.Findings {
		if f.Kind == "coverage" {
			cov = append(cov, f.Subject)
		}
	}
	for _, c := range rep.Coverage {
		if c.Framework == "soc2" {
			if c.Total != 33 || c.Mapped+len(c.Unmapped) != 33 {
				t.Errorf("soc2 coverage %+v", c)
			}
			for _, u := range c.Unmapped {
				unmapped = append(unmapped, u.ID)
			}
		}
	}
	if len(cov) == 0 || !slices.Equal(cov, unmapped) {
		t.Errorf("coverage findings %v, unmapped %v", cov, unmapped)
	}
}

func TestGapsAsOfReproducible(t *testing.T) {
	small := writeCatalog(t, smallControls)
	a := runGaps(t, false, "gaps", "--catalog", small, "--as-of", "2027-03-01", "-o", "json")
	b := runGaps(t, false, "gaps", "--catalog", small, "--as-of", "2027-03-01", "-o", "json")
	if a.code != 0 || a.out != b.out {
		t.Fatalf("two runs differ or failed: %d %s", a.code, a.err)
	}
	for _, want := range []string{`"as_of": "2027-03-01"`, `"GAP-evidence-expired-ENC-01-TLS-scan"`, `"date": "2027-01-10"`} {
		if !strings.Contains(a.out, want) {
			t.Errorf("as of 2027-03-01 lacks %s", want)
		}
	}
	today := runGaps(t, false, "gaps", "--catalog", small, "-o", "json")
	if strings.Contains(today.out, "evidence-expired") || !strings.Contains(today.out, `"as_of": "2026-11-23"`) {
		t.Errorf("today (the factory's clock): %s", today.out)
	}
	within := runGaps(t, false, "gaps", "--catalog", small, "--within", "2m", "-o", "csv")
	if !strings.Contains(within.out, "GAP-evidence-expiring-ENC-01-TLS-scan,medium,evidence-expiring") {
		t.Errorf("--within 2m:\n%s", within.out)
	}
	if none := runGaps(t, false, "gaps", "--catalog", small, "--within", "0", "--as-of", "2027-01-01", "-o", "csv"); strings.Contains(none.out, "expiring") {
		t.Errorf("--within 0:\n%s", none.out)
	}
}

func TestGapsOutFiles(t *testing.T) {
	dir := t.TempDir()
	csvRun := runGaps(t, false, "gaps", "--as-of", "2026-11-23", "-o", "csv")
	want, err := csv.NewReader(strings.NewReader(csvRun.out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}

	xlsx := filepath.Join(dir, "gaps.xlsx")
	r := runGaps(t, false, "gaps", "--as-of", "2026-11-23", "--out", xlsx)
	if r.code != 0 || r.out != "" || !strings.Contains(r.err, "wrote ") {
		t.Fatalf("--out xlsx: %d %q %s", r.code, r.out, r.err)
	}
	x, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := x.GetRows("Gaps")
	x.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("xlsx %d rows, csv %d rows", len(got), len(want))
	}
	for i := range want {
		w := want[i]
		for len(w) > 0 && w[len(w)-1] == "" {
			w = w[:len(w)-1]
		}
		if !slices.Equal(got[i], w) {
			t.Errorf("row %d: xlsx %q, csv %q", i+1, got[i], w)
		}
	}

	// No overwrite without --force; nothing half-written; --force replaces.
	before, _ := os.ReadFile(xlsx)
	r = runGaps(t, false, "gaps", "--out", xlsx)
	after, _ := os.ReadFile(xlsx)
	if r.code != 1 || !strings.Contains(r.err, "--force") || !bytes.Equal(before, after) {
		t.Errorf("overwrite without --force: %d %s", r.code, r.err)
	}
	if r = runGaps(t, false, "gaps", "--out", xlsx, "--force", "--severity", "high"); r.code != 0 {
		t.Errorf("--force: %d %s", r.code, r.err)
	}
	if x, err := excelize.OpenFile(xlsx); err != nil {
		t.Error(err)
	} else if rows, _ := x.GetRows("Gaps"); len(rows) >= len(want) {
		t.Errorf("--force did not replace the workbook (%d rows)", len(rows))
	} else {
		x.Close()
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}

	for ext, check := range map[string]string{".json": `"findings": [`, ".md": "| id | severity | kind |", ".csv": "id,severity,kind,subject_type"} {
		p := filepath.Join(dir, "gaps"+ext)
		if r := runGaps(t, false, "gaps", "--out", p, "--fail-on", "high"); r.code != 3 {
			t.Errorf("%s: exit %d %s", ext, r.code, r.err)
		}
		if b, err := os.ReadFile(p); err != nil || !strings.Contains(string(b), check) {
			t.Errorf("%s: %v %.200s", ext, err, b)
		}
	}
	if r := runGaps(t, false, "gaps", "--out", filepath.Join(dir, "nodir", "g.json")); r.code != 1 {
		t.Errorf("unwritable folder: %d %s", r.code, r.err)
	}
	if r := runGaps(t, false, "gaps", "--out", filepath.Join(dir, "g2.json"), "-o", "csv"); r.code != 2 {
		t.Errorf("--out with -o: %d", r.code)
	}
}

func TestGapsFlagsParsed(t *testing.T) {
	ios, _, _, _ := term.Test()
	f := &Factory{IOStreams: ios, Now: func() time.Time { return time.Date(2026, 2, 3, 23, 0, 0, 0, time.UTC) }}
	var got *GapsOptions
	cmd := newCmdGaps(f, func(o *GapsOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--within", "6w", "--fail-on", "Medium", "--severity", "high,low", "--framework", "iso27001"})
	cmd.SetOut(ios.Out)
	cmd.SetErr(ios.ErrOut)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.within.String() != "6w" || got.failOn != "medium" || len(got.severities) != 2 || got.Framework != "iso27001" ||
		got.asOf.Format(time.DateOnly) != "2026-02-03" || got.format != "table" {
		t.Errorf("options = %+v", got)
	}
}
