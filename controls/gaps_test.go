package controls

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/templates"
)

// A catalog with no gaps at all on 2026-11-23 with a 30-day window: every
// test below changes one thing in it and expects one kind of finding.
const (
	gapCompany = `name: Acme
legal_name: Acme Inc.
address: 1 Main Street, Dublin, Ireland
governing_law: the laws of Ireland
breach_notification: 48 hours
dpo: Jane Doe (dpo@acme.test)
vulnerability_reporting: security@acme.test
contacts:
  - role: security
    email: security@acme.test
    source: security-page
  - role: sales
    email: deals@acme.test
    source: security-page
documents:
  - id: security-page
    title: Security
    last_updated: 2026-01-02
`
	gapControls = `controls:
  - id: ENC-01
    title: Encryption in transit
    domain: encryption
    status: implemented
    statement: TLS 1.2 or later protects all connections.
    owner: Sam Rivera
    frameworks:
      soc2: [CC6.7]
      iso27001: [A.8.24]
    evidence:
      - name: TLS scan
        collected: 2026-06-01
        expires: 2027-06-01
    reviewed: 2026-06-01
    review_every: 12m
`
	gapCerts = `certifications:
  - id: soc2
    name: SOC 2 Type II
    status: held
    framework: soc2
    scope: the Acme platform
    valid_until: 2027-09-30
    evidence:
      - name: SOC 2 report
        collected: 2026-09-30
        expires: 2027-09-30
  - id: iso27001
    name: ISO/IEC 27001
    status: held
    framework: iso27001
    scope: the Acme ISMS
    valid_until: 2028-01-31
    evidence:
      - name: ISO certificate
        collected: 2025-02-01
        expires: 2028-01-31
`
	gapSubs = `published: true
url: https://acme.test/subprocessors
subprocessors:
  - name: Cloudy Hosting
    category: hosting
    purpose: Hosting of the service.
    location: EU (Frankfurt)
    transfer_mechanism: none needed (EEA)
    dpa_ref: DPA-2024-01
`
)

var gapAsOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

type edit struct{ file, old, new string }

// gapCatalog loads the clean catalog with the edits applied; an edit whose
// old text is not found fails the test (so that no case silently tests nothing).
func gapCatalog(t testing.TB, edits ...edit) *Catalog {
	t.Helper()
	files := map[string]string{
		CompanyFile:              gapCompany,
		"controls/security.yaml": gapControls,
		CertificationsFile:       gapCerts,
		SubprocessorsFile:        gapSubs,
	}
	for _, e := range edits {
		s, ok := files[e.file]
		if !ok || !strings.Contains(s, e.old) {
			t.Fatalf("edit of %s: %q not found", e.file, e.old)
		}
		files[e.file] = strings.Replace(s, e.old, e.new, 1)
	}
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	cat, err := Load(context.Background(), m, "test")
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return cat
}

func criteria(t testing.TB) map[string]Framework {
	t.Helper()
	c, err := LoadCriteria(templates.Frameworks())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func gaps(t testing.TB, cat *Catalog, opts GapOptions) *GapReport {
	t.Helper()
	if opts.AsOf.IsZero() {
		opts.AsOf = gapAsOf
	}
	rep, err := Gaps(context.Background(), cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestGapsCleanCatalogHasNone(t *testing.T) {
	rep := gaps(t, gapCatalog(t), GapOptions{Within: Period{30, 'd'}, Criteria: criteria(t)})
	if len(rep.Findings) != 0 {
		t.Fatalf("clean catalog: %d findings: %+v", len(rep.Findings), rep.Findings)
	}
	if rep.Summary.ClaimedControls != 1 || rep.Summary.WithEvidence != 1 {
		t.Errorf("summary = %+v", rep.Summary)
	}
	if len(rep.Coverage) != 2 || rep.Coverage[1].String() != "1 of 33 SOC 2 common criteria mapped" ||
		rep.Coverage[0].String() != "1 of 93 ISO/IEC 27001:2022 Annex A controls mapped" {
		t.Errorf("coverage = %v", rep.Coverage)
	}
}

// TestGapsKinds: one case per finding kind (and per variant of a kind).
func TestGapsKinds(t *testing.T) {
	within := Period{30, 'd'}
	tests := []struct {
		name    string
		edits   []edit
		opts    GapOptions
		kind    Kind
		sev     Severity
		subject string
		id      string   // expected id, if checked
		msg     []string // substrings of the message
		count   int      // findings of the kind (default 1)
		total   int      // all findings (default count)
	}{
		{name: "certification not held", edits: []edit{{CertificationsFile, "status: held", "status: not-held"}, {CertificationsFile, "    scope: the Acme platform\n", ""}},
			kind: KindCertification, sev: High, subject: "soc2", id: "GAP-certification-soc2", msg: []string{"not held", "no report", "scope and timeline are not published (pending)"}},
		{name: "certification in progress with date", edits: []edit{{CertificationsFile, "status: held", "status: in-progress\n    expected: 2027-03-01"}},
			kind: KindCertification, sev: Medium, subject: "soc2", msg: []string{"in progress", "expected 2027-03-01"}},
		{name: "certification in progress, scope pending", edits: []edit{{CertificationsFile, "status: held", "status: in-progress"}, {CertificationsFile, "    scope: the Acme platform\n", ""}},
			kind: KindCertification, sev: Medium, subject: "soc2", msg: []string{"no expected date", "scope", "pending"}},
		{name: "certification in progress, date passed", edits: []edit{{CertificationsFile, "status: held", "status: in-progress\n    expected: 2026-10-01"}},
			kind: KindCertification, sev: High, subject: "soc2", msg: []string{"has passed"}},
		{name: "certification planned", edits: []edit{{CertificationsFile, "status: held", "status: planned"}},
			kind: KindCertification, sev: High, subject: "soc2", msg: []string{"planned, not held"}},
		{name: "certification not pursued", edits: []edit{{CertificationsFile, "status: held", "status: not-pursued"}},
			kind: KindCertification, sev: Low, subject: "soc2"},
		{name: "certification expired", edits: []edit{{CertificationsFile, "valid_until: 2027-09-30", "valid_until: 2026-10-31"}},
			kind: KindCertification, sev: High, subject: "soc2", id: "GAP-certification-soc2", msg: []string{"expired on 2026-10-31"}},
		{name: "certification expiring", edits: []edit{{CertificationsFile, "valid_until: 2027-09-30", "valid_until: 2026-12-15"}},
			kind: KindCertification, sev: Medium, subject: "soc2", msg: []string{"expires on 2026-12-15"}},
		{name: "certification report expired", edits: []edit{{CertificationsFile, "expires: 2027-09-30", "expires: 2026-11-01"}},
			kind: KindCertification, sev: High, subject: "soc2", id: "GAP-certification-soc2-SOC-2-report", msg: []string{`"SOC 2 report" expired on 2026-11-01`}},
		{name: "certification not recorded", edits: []edit{{CertificationsFile, "  - id: iso27001\n    name: ISO/IEC 27001\n    status: held\n    framework: iso27001\n", "  - id: iso\n    name: ISO/IEC 27001\n    status: held\n"}},
			kind: KindCertification, sev: High, subject: "iso27001", id: "GAP-certification-iso27001", msg: []string{"No ISO/IEC 27001:2022 certification or report is recorded"}},
		{name: "evidence missing", edits: []edit{{"controls/security.yaml", "    evidence:\n      - name: TLS scan\n        collected: 2026-06-01\n        expires: 2027-06-01\n", ""}},
			kind: KindEvidenceMissing, sev: Medium, subject: "ENC-01", id: "GAP-evidence-missing-ENC-01", msg: []string{"names no evidence"}},
		{name: "evidence missing, never reviewed: one finding", edits: []edit{{"controls/security.yaml", "    evidence:\n      - name: TLS scan\n        collected: 2026-06-01\n        expires: 2027-06-01\n    reviewed: 2026-06-01\n", ""}},
			kind: KindEvidenceMissing, sev: Medium, subject: "ENC-01", msg: []string{"never been reviewed"}},
		{name: "evidence missing on a partial control", edits: []edit{{"controls/security.yaml", "status: implemented", "status: partial\n    caveat: not on legacy endpoints"}, {"controls/security.yaml", "    evidence:\n      - name: TLS scan\n        collected: 2026-06-01\n        expires: 2027-06-01\n", ""}},
			kind: KindEvidenceMissing, sev: Medium, subject: "ENC-01", msg: []string{"claimed (partial)"}, total: 2},
		{name: "evidence expired", edits: []edit{{"controls/security.yaml", "expires: 2027-06-01", "expires: 2026-11-22"}},
			kind: KindEvidenceExpired, sev: High, subject: "ENC-01", id: "GAP-evidence-expired-ENC-01-TLS-scan", msg: []string{`"TLS scan" expired on 2026-11-22`}},
		{name: "evidence expiring within window", edits: []edit{{"controls/security.yaml", "expires: 2027-06-01", "expires: 2026-12-20"}},
			kind: KindEvidenceExpiring, sev: Medium, subject: "ENC-01", id: "GAP-evidence-expiring-ENC-01-TLS-scan", msg: []string{"within 30d"}},
		{name: "evidence expiring today is not expired", edits: []edit{{"controls/security.yaml", "expires: 2027-06-01", "expires: 2026-11-23"}},
			kind: KindEvidenceExpiring, sev: Medium, subject: "ENC-01"},
		{name: "evidence expiring after the window", edits: []edit{{"controls/security.yaml", "expires: 2027-06-01", "expires: 2026-12-24"}},
			kind: KindEvidenceExpiring, count: 0},
		{name: "review overdue", edits: []edit{{"controls/security.yaml", "reviewed: 2026-06-01", "reviewed: 2025-06-01"}},
			kind: KindReviewOverdue, sev: Medium, subject: "ENC-01", msg: []string{"overdue since 2026-06-01"}},
		{name: "review due within window", edits: []edit{{"controls/security.yaml", "reviewed: 2026-06-01", "reviewed: 2025-12-10"}},
			kind: KindReviewDue, sev: Low, subject: "ENC-01", msg: []string{"2026-12-10"}},
		{name: "never reviewed", edits: []edit{{"controls/security.yaml", "    reviewed: 2026-06-01\n", ""}},
			kind: KindNeverReviewed, sev: Low, subject: "ENC-01", msg: []string{"never been reviewed"}},
		{name: "planned", edits: []edit{{"controls/security.yaml", "status: implemented", "status: planned"}},
			kind: KindPlanned, sev: Medium, subject: "ENC-01", id: "GAP-planned-ENC-01"},
		{name: "hedged", edits: []edit{{"controls/security.yaml", "status: implemented", "status: implemented\n    caveat: where supported by the underlying infrastructure"}},
			kind: KindHedged, sev: Low, subject: "ENC-01", msg: []string{"where supported by the underlying infrastructure"}},
		{name: "security contact is a sales inbox", edits: []edit{{CompanyFile, "email: security@acme.test", "email: sales@acme.test"}},
			kind: KindSecurityContact, sev: High, subject: "security", id: "GAP-security-contact-security", msg: []string{"sales inbox", "sales@acme.test"}},
		{name: "security contact is the sales contact's address", edits: []edit{{CompanyFile, "email: security@acme.test", "email: Deals@acme.test"}},
			kind: KindSecurityContact, sev: High, subject: "security"},
		{name: "security contact hello@", edits: []edit{{CompanyFile, "email: security@acme.test", "email: hello@acme.test"}},
			kind: KindSecurityContact, sev: High, subject: "security"},
		{name: "security contact missing", edits: []edit{{CompanyFile, "  - role: security\n    email: security@acme.test\n    source: security-page\n", ""}, {CompanyFile, "vulnerability_reporting: security@acme.test\n", ""}},
			kind: KindSecurityContact, sev: High, subject: "security", msg: []string{"No security contact"}, total: 2},
		{name: "security contact missing, vulnerability channel published", edits: []edit{{CompanyFile, "  - role: security\n    email: security@acme.test\n    source: security-page\n", ""}},
			kind: KindSecurityContact, sev: Medium, subject: "security", msg: []string{"only the vulnerability reporting channel security@acme.test"}},
		{name: "privacy contact is a sales inbox", edits: []edit{{CompanyFile, "contacts:\n", "contacts:\n  - role: privacy\n    email: info@acme.test\n"}},
			kind: KindContactSales, sev: Medium, subject: "privacy"},
		{name: "documents disagree on a contact", edits: []edit{
			{CompanyFile, "contacts:\n", "contacts:\n  - role: support\n    email: help@acme.test\n    source: security-page\n  - role: support\n    email: support@acme.test\n    source: privacy-policy\n"},
			{CompanyFile, "documents:\n", "documents:\n  - id: privacy-policy\n    title: Privacy Policy\n    last_updated: 2026-02-01\n"}},
			kind: KindContactConflict, sev: Medium, subject: "support", msg: []string{"help@acme.test (security-page) vs support@acme.test (privacy-policy)"}},
		{name: "same address in two documents is no conflict", edits: []edit{
			{CompanyFile, "contacts:\n", "contacts:\n  - role: support\n    email: support@acme.test\n    source: security-page\n  - role: support\n    email: Support@acme.test\n    source: privacy-policy\n"},
			{CompanyFile, "documents:\n", "documents:\n  - id: privacy-policy\n    title: Privacy Policy\n    last_updated: 2026-02-01\n"}},
			kind: KindContactConflict, count: 0},
		{name: "no address for vulnerability reports", edits: []edit{{CompanyFile, "vulnerability_reporting: security@acme.test\n", ""}, {CompanyFile, "email: security@acme.test", "email: marketing@acme.test"}},
			kind: KindVulnReporting, sev: High, subject: "vulnerability_reporting", total: 2},
		{name: "a real security contact is an address for reports", edits: []edit{{CompanyFile, "vulnerability_reporting: security@acme.test\n", ""}},
			kind: KindVulnReporting, count: 0},
		{name: "subprocessor without location", edits: []edit{{SubprocessorsFile, "    location: EU (Frankfurt)\n", ""}},
			kind: KindSubprocessor, sev: Medium, subject: "Cloudy Hosting", id: "GAP-subprocessor-Cloudy-Hosting", msg: []string{"no location"}},
		{name: "subprocessor without DPA reference", edits: []edit{{SubprocessorsFile, "    dpa_ref: DPA-2024-01\n", ""}},
			kind: KindSubprocessor, sev: Medium, subject: "Cloudy Hosting", msg: []string{"no DPA reference"}},
		{name: "subprocessor not named", edits: []edit{{SubprocessorsFile, "  - name: Cloudy Hosting\n    category", "  - category"}, {SubprocessorsFile, "    dpa_ref: DPA-2024-01\n", ""}},
			kind: KindSubprocessor, sev: Medium, subject: "hosting", msg: []string{"not named", "no DPA reference"}},
		{name: "subprocessor list not published", edits: []edit{{SubprocessorsFile, "published: true\nurl: https://acme.test/subprocessors\n", "published: false\non_request: true\n"}},
			kind: KindSubprocessorList, sev: Medium, subject: "subprocessors", msg: []string{"not published", "on request"}},
		{name: "subprocessor list published without url or entries", edits: []edit{{SubprocessorsFile, gapSubs, "published: true\nsubprocessors: []\n"}},
			kind: KindSubprocessorList, sev: Medium, subject: "subprocessors", msg: []string{"no address (url)", "annex would be empty"}},
		{name: "document without last updated", edits: []edit{{CompanyFile, "    last_updated: 2026-01-02\n", ""}},
			kind: KindDocumentDate, sev: Medium, subject: "security-page", id: "GAP-document-date-security-page"},
		{name: "document with empty last updated", edits: []edit{{CompanyFile, "last_updated: 2026-01-02", "last_updated: \"\""}},
			kind: KindDocumentDate, sev: Medium, subject: "security-page"},
		{name: "company address empty", edits: []edit{{CompanyFile, "address: 1 Main Street, Dublin, Ireland\n", ""}},
			kind: KindCompanyField, sev: Medium, subject: "address", id: "GAP-company-field-address"},
		{name: "company governing law and breach window empty", edits: []edit{{CompanyFile, "governing_law: the laws of Ireland\nbreach_notification: 48 hours\n", ""}},
			kind: KindCompanyField, sev: Medium, count: 2},
		{name: "company legal name empty", edits: []edit{{CompanyFile, "legal_name: Acme Inc.\n", ""}},
			kind: KindCompanyField, sev: Medium, subject: "legal_name"},
		{name: "no DPO", edits: []edit{{CompanyFile, "dpo: Jane Doe (dpo@acme.test)\n", ""}},
			kind: KindCompanyField, sev: Low, subject: "dpo"},
		{name: "mapping to a criterion that does not exist", edits: []edit{{"controls/security.yaml", "soc2: [CC6.7]", "soc2: [CC6.7, CC6.9, P3.1]"}},
			kind: KindMapping, sev: Low, subject: "ENC-01", id: "GAP-mapping-ENC-01-soc2-CC6.9", msg: []string{"CC6.9"}},
		{name: "coverage with --framework", opts: GapOptions{Framework: "soc2"},
			kind: KindCoverage, sev: Low, count: 32},
		{name: "coverage of iso27001", opts: GapOptions{Framework: "iso27001"},
			kind: KindCoverage, sev: Low, count: 92},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Within = within
			opts.Criteria = criteria(t)
			rep := gaps(t, gapCatalog(t, tt.edits...), opts)
			var got []Finding
			for _, f := range rep.Findings {
				if f.Kind == tt.kind {
					got = append(got, f)
				}
			}
			want := tt.count
			if want == 0 && tt.sev != "" {
				want = 1
			}
			total := tt.total
			if total == 0 {
				total = want
			}
			if len(got) != want || len(rep.Findings) != total {
				var ids []string
				for _, f := range rep.Findings {
					ids = append(ids, f.ID)
				}
				t.Fatalf("%d findings of kind %s (want %d), %d in all (want %d): %v", len(got), tt.kind, want, len(rep.Findings), total, ids)
			}
			for _, f := range got {
				if f.Severity != tt.sev {
					t.Errorf("severity %s, want %s: %+v", f.Severity, tt.sev, f)
				}
				if tt.subject != "" && f.Subject != tt.subject {
					t.Errorf("subject %q, want %q", f.Subject, tt.subject)
				}
				if tt.id != "" && f.ID != tt.id {
					t.Errorf("id %q, want %q", f.ID, tt.id)
				}
				for _, m := range tt.msg {
					if !strings.Contains(f.Message, m) {
						t.Errorf("message %q lacks %q", f.Message, m)
					}
				}
				if f.Message == "" || f.Remedy == "" || f.SubjectType == "" || !strings.HasPrefix(f.ID, "GAP-"+string(f.Kind)) {
					t.Errorf("incomplete finding %+v", f)
				}
				if f.SubjectType == SubjectControl && f.Owner != "Sam Rivera" {
					t.Errorf("control finding without its owner: %+v", f)
				}
			}
		})
	}
}

func TestGapsNoWindow(t *testing.T) {
	cat := gapCatalog(t, edit{"controls/security.yaml", "expires: 2027-06-01", "expires: 2026-12-20"})
	if rep := gaps(t, cat, GapOptions{}); len(rep.Findings) != 0 {
		t.Errorf("no --within: %+v", rep.Findings)
	}
	// The same catalog later: the evidence has expired.
	rep := gaps(t, cat, GapOptions{AsOf: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)})
	if len(rep.Findings) != 1 || rep.Findings[0].Kind != KindEvidenceExpired || rep.AsOf != "2027-03-01" {
		t.Errorf("as of 2027-03-01: %+v", rep.Findings)
	}
}

func TestGapsFilterSortAndIDs(t *testing.T) {
	cat := gapCatalog(t,
		edit{CompanyFile, "email: security@acme.test", "email: sales@acme.test"},
		edit{CompanyFile, "address: 1 Main Street, Dublin, Ireland\n", ""},
		edit{"controls/security.yaml", "status: implemented", "status: implemented\n    caveat: mostly"},
		edit{CertificationsFile, "status: held", "status: not-held"},
	)
	rep := gaps(t, cat, GapOptions{})
	var kinds []string
	for _, f := range rep.Findings {
		kinds = append(kinds, string(f.Severity)+"/"+string(f.Kind))
	}
	want := []string{"high/certification", "high/security-contact", "medium/company-field", "low/hedged"}
	if !slices.Equal(kinds, want) {
		t.Errorf("order = %v, want %v", kinds, want)
	}
	if rep.Summary != (GapSummary{Total: 4, High: 2, Medium: 1, Low: 1, ClaimedControls: 1, WithEvidence: 1}) {
		t.Errorf("summary = %+v", rep.Summary)
	}
	if rep.Count(High) != 2 || rep.Count(Medium) != 3 || rep.Count(Low) != 4 {
		t.Errorf("counts %d %d %d", rep.Count(High), rep.Count(Medium), rep.Count(Low))
	}
	only := gaps(t, cat, GapOptions{Severities: []Severity{Medium, Low}})
	if only.Summary.Total != 2 || only.Findings[0].Kind != KindCompanyField {
		t.Errorf("--severity medium,low: %+v", only.Findings)
	}
	if _, err := Gaps(context.Background(), cat, GapOptions{Framework: "nist", Criteria: criteria(t)}); err == nil || !strings.Contains(err.Error(), "soc2") {
		t.Errorf("unknown framework: %v", err)
	}
}

func TestFindingIDUnique(t *testing.T) {
	if got := FindingID(KindSubprocessor, "error reporting"); got != "GAP-subprocessor-error-reporting" {
		t.Errorf("id = %q", got)
	}
	fs := []Finding{{ID: "GAP-x"}, {ID: "GAP-y"}, {ID: "GAP-x"}}
	uniqueIDs(fs)
	if fs[2].ID != "GAP-x-2" || fs[0].ID != "GAP-x" {
		t.Errorf("ids = %+v", fs)
	}
}

func TestParseSeverity(t *testing.T) {
	if s, err := ParseSeverity("HIGH"); err != nil || s != High {
		t.Errorf("HIGH: %v %v", s, err)
	}
	if _, err := ParseSeverity("bogus"); err == nil || !strings.Contains(err.Error(), "high, medium, low") {
		t.Errorf("bogus: %v", err)
	}
	if !Medium.AtLeast(Low) || Low.AtLeast(Medium) || !High.AtLeast(High) {
		t.Error("AtLeast")
	}
}

func TestLoadCriteria(t *testing.T) {
	c := criteria(t)
	if len(c["soc2"].Criteria) != 33 || len(c["iso27001"].Criteria) != 93 {
		t.Fatalf("soc2 %d, iso27001 %d criteria", len(c["soc2"].Criteria), len(c["iso27001"].Criteria))
	}
	// The SOC 2 common criteria per series, and ISO Annex A per theme.
	count := func(fw, prefix string) int {
		n := 0
		for _, cr := range c[fw].Criteria {
			if strings.HasPrefix(cr.ID, prefix) {
				n++
			}
		}
		return n
	}
	for prefix, n := range map[string]int{"CC1.": 5, "CC2.": 3, "CC3.": 4, "CC4.": 2, "CC5.": 3, "CC6.": 8, "CC7.": 5, "CC8.": 1, "CC9.": 2} {
		if got := count("soc2", prefix); got != n {
			t.Errorf("soc2 %s: %d criteria, want %d", prefix, got, n)
		}
	}
	for prefix, n := range map[string]int{"A.5.": 37, "A.6.": 8, "A.7.": 14, "A.8.": 34} {
		if got := count("iso27001", prefix); got != n {
			t.Errorf("iso27001 %s: %d controls, want %d", prefix, got, n)
		}
	}
	bad := []struct{ name, data, want string }{
		{"dup.yaml", "id: x\ncriteria:\n  - {id: A1, title: a}\n  - {id: a1, title: b}\n", "listed twice"},
		{"untitled.yaml", "id: x\ncriteria:\n  - {id: A1}\n", "needs an id and a title"},
		{"unknown.yaml", "id: x\nnope: 1\ncriteria:\n  - {id: A1, title: a}\n", "nope"},
		{"empty.yaml", "id: x\n", "no criteria"},
		{"upper.yaml", "id: SOC2\ncriteria:\n  - {id: A1, title: a}\n", "lowercase"},
	}
	for _, b := range bad {
		_, err := LoadCriteria(fstest.MapFS{b.name: &fstest.MapFile{Data: []byte(b.data)}})
		if err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), b.name) {
			t.Errorf("%s: %v, want %q", b.name, err, b.want)
		}
	}
	if _, err := LoadCriteria(fstest.MapFS{}); err == nil {
		t.Error("empty fs: no error")
	}
}

func koraCatalog(t testing.TB) *Catalog {
	t.Helper()
	cat, err := Load(context.Background(), templates.DefaultCatalog(), "embedded default")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func find(rep *GapReport, kind Kind, subject string) *Finding {
	for i, f := range rep.Findings {
		if f.Kind == kind && (subject == "" || strings.EqualFold(f.Subject, subject)) {
			return &rep.Findings[i]
		}
	}
	return nil
}

func TestGapsKora(t *testing.T) {
	cat := koraCatalog(t)
	rep := gaps(t, cat, GapOptions{Within: Period{30, 'd'}, Criteria: criteria(t)})
	must := []struct {
		kind    Kind
		subject string
		sev     Severity
		msg     string
	}{
		{KindCertification, "soc2", High, "pending"},
		{KindCertification, "iso27001", High, "not held"},
		{KindSecurityContact, "security", High, "sales@kora.studio"},
		{KindVulnReporting, "vulnerability_reporting", High, ""},
		{KindSubprocessorList, "subprocessors", Medium, "on request"},
		{KindSubprocessor, "hosting", Medium, "not named"},
		{KindHedged, "ENC-02", Low, "where supported by the underlying infrastructure"},
		{KindContactConflict, "support", Medium, "sales@kora.studio (security-page) vs support@kora.studio (privacy-policy)"},
		{KindContactConflict, "privacy", Medium, "samira@kora.studio"},
		{KindDocumentDate, "privacy-policy", Medium, ""},
		{KindCompanyField, "address", Medium, ""},
		{KindCompanyField, "governing_law", Medium, ""},
		{KindCompanyField, "breach_notification", Medium, ""},
	}
	for _, m := range must {
		f := find(rep, m.kind, m.subject)
		if f == nil {
			t.Errorf("no %s finding for %s", m.kind, m.subject)
			continue
		}
		if f.Severity != m.sev || !strings.Contains(f.Message, m.msg) {
			t.Errorf("%s %s: %s %q", m.kind, m.subject, f.Severity, f.Message)
		}
	}
	// Every implemented control names no evidence in the seeds: one finding each.
	for _, ct := range cat.Controls {
		f := find(rep, KindEvidenceMissing, ct.ID)
		if claimed(ct.Status) != (f != nil) {
			t.Errorf("%s (%s): evidence-missing finding = %v", ct.ID, ct.Status, f)
		}
		if f != nil && ct.Owner != "" && f.Owner != ct.Owner {
			t.Errorf("%s: owner %q, want %q", ct.ID, f.Owner, ct.Owner)
		}
	}
	ids := map[string]bool{}
	for _, f := range rep.Findings {
		if ids[f.ID] {
			t.Errorf("duplicate id %s", f.ID)
		}
		ids[f.ID] = true
	}
	// Reproducible: same catalog and date, same bytes.
	a, _ := json.Marshal(rep)
	b, _ := json.Marshal(gaps(t, cat, GapOptions{Within: Period{30, 'd'}, Criteria: criteria(t)}))
	if !bytes.Equal(a, b) {
		t.Error("two runs as of the same date differ")
	}
	for _, c := range rep.Coverage {
		if c.Mapped == 0 || c.Mapped >= c.Total || c.Mapped+len(c.Unmapped) != c.Total {
			t.Errorf("coverage %s: %+v", c.Framework, c)
		}
	}
	t.Logf("Kora: %s", strings.Join(rep.SummaryLines(), "; "))
}

func TestGapsProtoStudio(t *testing.T) {
	dir := filepath.Join("..", "examples", "proto-studio")
	if _, err := os.Stat(filepath.Join(dir, CompanyFile)); err != nil {
		t.Skip("examples/proto-studio has no company.yaml yet")
	}
	cat, err := Load(context.Background(), os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	rep := gaps(t, cat, GapOptions{Criteria: criteria(t)})
	var undated []string
	for _, f := range rep.Findings {
		if f.Kind == KindDocumentDate {
			undated = append(undated, f.Subject)
		}
	}
	if !slices.ContainsFunc(undated, func(s string) bool { return strings.Contains(s, "privacy") }) {
		t.Errorf("no missing-last-updated finding for the privacy policy (got %v)", undated)
	}
	if rep.Summary.ClaimedControls == 0 || find(rep, KindEvidenceMissing, "") == nil {
		t.Errorf("no claims without evidence: %+v", rep.Summary)
	}
	t.Logf("Proto: %s", strings.Join(rep.SummaryLines(), "; "))
}

func TestWriteGapsXLSX(t *testing.T) {
	rep := gaps(t, koraCatalog(t), GapOptions{Within: Period{30, 'd'}, Criteria: criteria(t)})
	var buf bytes.Buffer
	if err := WriteGapsXLSX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); !slices.Equal(got, []string{"Gaps", "Summary"}) {
		t.Errorf("sheets = %v", got)
	}
	got, err := x.GetRows("Gaps")
	if err != nil {
		t.Fatal(err)
	}
	header, rows := rep.Table()
	want := append([][]string{header}, rows...)
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		w := want[i]
		for len(w) > 0 && w[len(w)-1] == "" { // GetRows drops trailing empty cells
			w = w[:len(w)-1]
		}
		if !slices.Equal(got[i], w) {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, got[i], w)
		}
	}
	// Frozen header and severity colored.
	panes, err := x.GetPanes("Gaps")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, %v", panes, err)
	}
	id, _ := x.GetCellStyle("Gaps", "B2")
	st, err := x.GetStyle(id)
	if err != nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
		t.Errorf("B2 (%s) style = %+v, %v", got[1][1], st, err)
	}
	sum, _ := x.GetRows("Summary")
	if len(sum) < 10 || sum[3][1] != rep.AsOf {
		t.Errorf("summary = %v", sum)
	}
}

func BenchmarkGaps(b *testing.B) {
	cat := koraCatalog(b)
	crit := criteria(b)
	ctx := context.Background()
	opts := GapOptions{AsOf: gapAsOf, Within: Period{30, 'd'}, Criteria: crit, Framework: "iso27001"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Gaps(ctx, cat, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCatalog loads and validates the embedded default catalog,
// as every command does before its work.
func BenchmarkLoadCatalog(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(ctx, templates.DefaultCatalog(), "default"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWriteGapsXLSXOpensInLibreOffice proves the workbook opens in a real
// spreadsheet program with the same cells.
func TestWriteGapsXLSXOpensInLibreOffice(t *testing.T) {
	testutil.RequireTool(t, "soffice")
	rep := gaps(t, koraCatalog(t), GapOptions{Within: Period{30, 'd'}, Criteria: criteria(t), Severities: []Severity{High, Low}})
	var buf bytes.Buffer
	if err := WriteGapsXLSX(&buf, rep); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gaps.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(bytes.NewReader(testutil.SofficeToCSV(t, path, 0))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, rows := rep.Table()
	want := append([][]string{header}, rows...)
	if len(got) != len(want) {
		t.Fatalf("LibreOffice reads %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, got[i], want[i])
		}
	}
}
