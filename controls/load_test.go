package controls

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const companyYAML = `name: Acme
legal_name: Acme Inc.
contacts:
  - role: security
    email: security@acme.test
    source: security-page
documents:
  - id: security-page
    title: Security
    last_updated: 2026-01-02
`

const controlsYAML = `# encryption controls
controls:
  - id: ENC-01
    title: Encryption in transit
    domain: encryption
    status: implemented
    statement: TLS protects data in transit.
    keywords: [TLS, HTTPS]
    frameworks:
      soc2: [CC6.7]
      caiq: [CEK-03]
    source: security-page § Encryption
  - id: ENC-02
    title: Encryption at rest
    domain: encryption
    status: partial
    statement: Stored data is encrypted at rest.
    caveat: where supported by the infrastructure
    evidence:
      - name: KMS config
        collected: 2026-01-01
        expires: 2027-01-01
`

func catalogFS(overrides map[string]string) fstest.MapFS {
	files := map[string]string{
		"company.yaml":             companyYAML,
		"controls/encryption.yaml": controlsYAML,
		"certifications.yaml":      "certifications:\n  - id: soc2\n    name: SOC 2\n    status: not-held\n",
		"subprocessors.yaml":       "published: false\non_request: true\nsubprocessors:\n  - category: hosting\n    purpose: hosting\n",
		"processing.yaml":          "subject_matter: the service\nduration: the term\nnature: hosting\npurposes: [provide]\ndata_subjects: [users]\ndata_categories:\n  - name: Account data\n",
		"library.yaml":             "answers: []\n",
	}
	for k, v := range overrides {
		if v == "" {
			delete(files, k)
			continue
		}
		files[k] = v
	}
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

func TestLoadValid(t *testing.T) {
	cat, err := Load(context.Background(), catalogFS(nil), "cat")
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Controls) != 2 || cat.Controls[0].ID != "ENC-01" {
		t.Fatalf("controls = %+v", cat.Controls)
	}
	c, ok := cat.Control("enc-02")
	if !ok || c.Status != Partial || c.Line != 13 || c.File != "controls/encryption.yaml" {
		t.Fatalf("ENC-02 = %+v", c)
	}
	if got := c.Evidence[0].Expires.String(); got != "2027-01-01" {
		t.Errorf("expires = %q", got)
	}
	if len(cat.ByFramework("caiq", "cek-03")) != 1 {
		t.Error("crosswalk caiq CEK-03 should find ENC-01")
	}
	if !strings.HasPrefix(cat.Revision, "sha256:") {
		t.Errorf("revision = %q", cat.Revision)
	}
	again, _ := Load(context.Background(), catalogFS(nil), "cat")
	if again.Revision != cat.Revision {
		t.Error("revision is not stable")
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // each a substring of one problem line
	}{
		{"unknown field", map[string]string{"controls/encryption.yaml": strings.Replace(controlsYAML, "    keywords:", "    keywrods:", 1)},
			[]string{`cat/controls/encryption.yaml:8: unknown field "keywrods"`}},
		{"wrong type", map[string]string{"controls/encryption.yaml": strings.Replace(controlsYAML, "keywords: [TLS, HTTPS]", "keywords: {a: b}", 1)},
			[]string{"cat/controls/encryption.yaml:8: wrong type: found a mapping, want a list"}},
		{"tab indentation", map[string]string{"controls/encryption.yaml": "controls:\n\t- id: X\n"},
			[]string{"cat/controls/encryption.yaml:2:", "tabs are not allowed"}},
		{"duplicate id", map[string]string{"controls/other.yaml": "controls:\n  - id: enc-01\n    title: t\n    domain: d\n    status: implemented\n    statement: s\n"},
			[]string{"cat/controls/other.yaml:2: duplicate control id enc-01 (first at controls/encryption.yaml:3)"}},
		{"bad status", map[string]string{"controls/encryption.yaml": strings.Replace(controlsYAML, "status: implemented", "status: sort-of", 1)},
			[]string{`cat/controls/encryption.yaml:3: control ENC-01: status "sort-of" is not one of implemented, partial, planned, alternative, not-applicable`}},
		{"bad date", map[string]string{"controls/encryption.yaml": strings.Replace(controlsYAML, "2027-01-01", "next year", 1)},
			[]string{`cat/controls/encryption.yaml:22: "next year" is not a date (want YYYY-MM-DD)`}},
		{"expires before collected", map[string]string{"controls/encryption.yaml": strings.Replace(controlsYAML, "2027-01-01", "2025-01-01", 1)},
			[]string{`control ENC-02: evidence "KMS config" expires (2025-01-01) before it was collected (2026-01-01)`}},
		{"unknown reference", map[string]string{"library.yaml": "answers:\n  - id: LIB-1\n    question: q?\n    verdict: yes\n    control: ENC-99\n"},
			[]string{"cat/library.yaml:2: library answer LIB-1 refers to unknown control ENC-99"}},
		{"unknown source document", map[string]string{"controls/encryption.yaml": strings.Replace(controlsYAML, "security-page §", "blog §", 1)},
			[]string{`source "blog" names no document`}},
		{"partial without caveat", map[string]string{"controls/encryption.yaml": strings.Replace(controlsYAML, "    caveat: where supported by the infrastructure\n", "", 1)},
			[]string{"control ENC-02 is partial but has no caveat"}},
		{"missing company", map[string]string{"company.yaml": ""},
			[]string{"cat/company.yaml: missing"}},
		{"bad certification status", map[string]string{"certifications.yaml": "certifications:\n  - id: soc2\n    name: SOC 2\n    status: maybe\n"},
			[]string{`cat/certifications.yaml:2: certification soc2: status "maybe"`}},
		{"all problems at once", map[string]string{
			"controls/encryption.yaml": strings.Replace(strings.Replace(controlsYAML, "status: implemented", "status: sort-of", 1), "2027-01-01", "soon", 1),
			"library.yaml":             "answers:\n  - id: LIB-1\n    question: q?\n    control: NOPE-1\n"},
			[]string{"status \"sort-of\"", "\"soon\" is not a date", "unknown control NOPE-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), catalogFS(tt.files), "cat")
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a ValidationError, got %v", err)
			}
			var lines []string
			for _, p := range ve.Problems {
				lines = append(lines, p.String())
			}
			all := strings.Join(lines, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("problems do not contain %q:\n%s", w, all)
				}
			}
		})
	}
}

func TestLoadNotCatalog(t *testing.T) {
	_, err := Load(context.Background(), fstest.MapFS{"x.txt": {Data: []byte("hi")}}, "somewhere")
	if !errors.Is(err, ErrNotCatalog) {
		t.Fatalf("err = %v", err)
	}
}

func TestParsePeriodAndEvidence(t *testing.T) {
	for _, ok := range []string{"90d", "6w", "12m", "1y"} {
		if _, err := ParsePeriod(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "d", "0d", "12x", "-1y"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q: want error", bad)
		}
	}
	d, _ := ParseDate("2026-01-31")
	p, _ := ParsePeriod("1m")
	if got := p.AddTo(d).String(); got != "2026-03-03" {
		t.Errorf("2026-01-31 + 1m = %s", got)
	}
	e, err := ParseEvidence("name=TLS scan,ref=evidence/tls.pdf,collected=2026-11-01,expires=2027-11-01")
	if err != nil || e.Name != "TLS scan" || e.Expires.String() != "2027-11-01" {
		t.Fatalf("%+v %v", e, err)
	}
	for in, want := range map[string]string{
		"ref=x.pdf":                  "has no name=",
		"name=x,colour=red":          `unknown key "colour"`,
		"name=x,collected=yesterday": "not a date",
		"name=x,collected=2026-02-01,expires=2026-01-01": "expires before it was collected",
		"name": "is not key=value",
	} {
		if _, err := ParseEvidence(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseEvidence(%q) = %v, want %q", in, err, want)
		}
	}
}

func writeCatalog(t *testing.T, overrides map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range catalogFS(overrides) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSetKeepsCommentsAndOrder(t *testing.T) {
	dir := writeCatalog(t, nil)
	d, _ := ParseDate("2026-11-20")
	ev, _ := ParseEvidence("name=TLS scan,ref=evidence/tls.pdf,collected=2026-11-01,expires=2027-11-01")
	file, err := Set(context.Background(), dir, "enc-02", Change{Status: Implemented, Reviewed: &d, Evidence: []Evidence{ev}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(file)
	s := string(b)
	if !strings.HasPrefix(s, "# encryption controls\n") {
		t.Errorf("comment lost:\n%s", s)
	}
	if strings.Index(s, "id: ENC-01") > strings.Index(s, "id: ENC-02") {
		t.Error("order of controls changed")
	}
	cat, err := Load(context.Background(), os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := cat.Control("ENC-02")
	if c.Status != Implemented || c.Reviewed.String() != "2026-11-20" || len(c.Evidence) != 2 || c.Evidence[1].Ref != "evidence/tls.pdf" {
		t.Errorf("ENC-02 after set = %+v", c)
	}
	// The order of a control's keys survives: status stays before statement.
	i, j := strings.Index(s[strings.Index(s, "id: ENC-02"):], "status:"), strings.Index(s[strings.Index(s, "id: ENC-02"):], "statement:")
	if i > j {
		t.Error("key order changed")
	}
}

func TestSetRefusesAndWritesNothing(t *testing.T) {
	t.Run("invalid catalog", func(t *testing.T) {
		dir := writeCatalog(t, map[string]string{"library.yaml": "answers:\n  - id: L\n    question: q\n    control: NOPE-1\n"})
		before, _ := os.ReadFile(filepath.Join(dir, "controls/encryption.yaml"))
		_, err := Set(context.Background(), dir, "ENC-01", Change{Status: Planned})
		if err == nil || !strings.Contains(err.Error(), "unknown control NOPE-1") {
			t.Fatalf("err = %v", err)
		}
		after, _ := os.ReadFile(filepath.Join(dir, "controls/encryption.yaml"))
		if string(before) != string(after) {
			t.Error("file changed")
		}
	})
	t.Run("change that breaks the catalog", func(t *testing.T) {
		dir := writeCatalog(t, nil)
		empty := ""
		_, err := Set(context.Background(), dir, "ENC-02", Change{Caveat: &empty}) // partial without caveat
		if err == nil || !strings.Contains(err.Error(), "would make the catalog invalid") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("unknown control", func(t *testing.T) {
		dir := writeCatalog(t, nil)
		if _, err := Set(context.Background(), dir, "ZZZ-1", Change{Status: Planned}); err == nil || !strings.Contains(err.Error(), "no control ZZZ-1") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("read-only", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("running as root: permissions do not stop writes, so a read-only catalog cannot be simulated here")
		}
		dir := writeCatalog(t, nil)
		if err := os.Chmod(filepath.Join(dir, "controls"), 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(filepath.Join(dir, "controls"), 0o755)
		_, err := Set(context.Background(), dir, "ENC-01", Change{Status: Planned})
		if err == nil || !errors.Is(err, os.ErrPermission) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestInit(t *testing.T) {
	src := catalogFS(nil)
	dir := filepath.Join(t.TempDir(), "cat")
	files, err := Init(context.Background(), src, dir, InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Errorf("files = %v", files)
	}
	cat, err := Load(context.Background(), os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	if cat.Company.Name != "Acme" || cat.Company.LegalName != "Acme Inc." {
		t.Errorf("company = %+v", cat.Company)
	}
	if _, err := Init(context.Background(), src, dir, InitOptions{}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("second init: %v", err)
	}
	if _, err := Init(context.Background(), src, dir, InitOptions{Force: true}); err != nil {
		t.Errorf("--force: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".cat.*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left: %v", leftovers)
	}
}

func TestCertificationDetails(t *testing.T) {
	c := Certification{Name: "SOC 2 Type II", Scope: "the platform", Auditor: "Example CPA", Period: "2025", ValidUntil: Date{Time: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}}
	if got, want := c.Details(true), ", scope: the platform, auditor: Example CPA, period: 2025, valid until 2026-12-31"; got != want {
		t.Errorf("Details(true) = %q, want %q", got, want)
	}
	if got, want := c.Details(false), ", scope: the platform, auditor: Example CPA, valid until 2026-12-31"; got != want {
		t.Errorf("Details(false) = %q, want %q", got, want)
	}
	if got := (Certification{Name: "X"}).Details(true); got != "" {
		t.Errorf("Details of a bare certification = %q", got)
	}
}
