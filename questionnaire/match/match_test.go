package match

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	yesNoNA   = []string{"Yes", "No", "N/A"}
	yesNo     = []string{"Yes", "No"}
	withPart  = []string{"Yes", "No", "Partial", "N/A"}
	withAlt   = []string{"Yes", "No", "Alternate", "N/A"}
	shoutCase = []string{"YES", "NO", "N/A"}
)

type want struct {
	status, verdict, answer string
	control, library        string
	answerHas, commentHas   string
	reasonHas               string
}

func check(t *testing.T, name string, r Result, w want) {
	t.Helper()
	if r.Status != w.status {
		t.Errorf("%s: status %q, want %q (reasons %q)", name, r.Status, w.status, r.Reasons)
	}
	if w.status != "" && r.Verdict != w.verdict {
		t.Errorf("%s: verdict %q, want %q (reasons %q)", name, r.Verdict, w.verdict, r.Reasons)
	}
	if w.answer != "" || w.status == StatusReview {
		if r.Answer != w.answer {
			t.Errorf("%s: answer %q, want %q (reasons %q)", name, r.Answer, w.answer, r.Reasons)
		}
	}
	if w.control != "" && (len(r.Controls) == 0 || r.Controls[0] != w.control) {
		t.Errorf("%s: controls %q, want %s first (reasons %q)", name, r.Controls, w.control, r.Reasons)
	}
	if r.Library != w.library {
		t.Errorf("%s: library %q, want %q (reasons %q)", name, r.Library, w.library, r.Reasons)
	}
	if w.answerHas != "" && !strings.Contains(r.Answer, w.answerHas) {
		t.Errorf("%s: answer %q does not hold %q", name, r.Answer, w.answerHas)
	}
	if w.commentHas != "" && !strings.Contains(r.Comment, w.commentHas) {
		t.Errorf("%s: comment %q does not hold %q", name, r.Comment, w.commentHas)
	}
	if w.reasonHas != "" && !strings.Contains(strings.Join(r.Reasons, " | "), w.reasonHas) {
		t.Errorf("%s: reasons %q do not hold %q", name, r.Reasons, w.reasonHas)
	}
	if r.Confidence < 0 || r.Confidence > 1 {
		t.Errorf("%s: confidence %v outside [0,1]", name, r.Confidence)
	}
}

func TestDecide(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name string
		q    Query
		w    want
	}{
		// implemented -> yes
		{"implemented", Query{Text: "Is customer data encrypted at rest?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", control: "ENC-02", commentHas: "encrypts customer data at rest"}},
		{"implemented free text", Query{Text: "Is customer data encrypted at rest?", HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", control: "ENC-02"}},
		{"implemented shouting dropdown", Query{Text: "Is customer data encrypted at rest?", Allowed: shoutCase, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "YES", control: "ENC-02"}},
		// partial
		{"partial with Partial", Query{Text: "Is data encrypted in transit?", Allowed: withPart, HasComment: true},
			want{status: "answered", verdict: "partial", answer: "Partial", control: "ENC-01", commentHas: "Caveat: Internal service-to-service"}},
		{"partial without Partial", Query{Text: "Is data encrypted in transit?", Allowed: yesNo, HasComment: true},
			want{status: "answered", verdict: "partial", answer: "Yes", control: "ENC-01", commentHas: "Caveat:", reasonHas: "caveat in the comment"}},
		{"partial caveat cannot travel", Query{Text: "Is data encrypted in transit?", Allowed: yesNo},
			want{status: "review", control: "ENC-01", reasonHas: "no comment column"}},
		{"partial free text", Query{Text: "Is data encrypted in transit?", HasComment: true},
			want{status: "answered", verdict: "partial", answer: "Partial", control: "ENC-01", commentHas: "Caveat: Internal service-to-service traffic is not yet covered."}},
		{"partial free text no comment", Query{Text: "Is data encrypted in transit?"},
			want{status: "answered", verdict: "partial", control: "ENC-01", answerHas: "Caveat: Internal"}},
		{"In Progress is not Partial", Query{Text: "Is data encrypted in transit?", Allowed: []string{"Yes", "No", "In Progress"}, HasComment: true},
			want{status: "answered", verdict: "partial", answer: "Yes", control: "ENC-01"}},
		// planned -> no
		{"planned", Query{Text: "Do you keep a tested failover region?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "no", answer: "No", control: "BCR-01", commentHas: "Planned: "}},
		// not-applicable -> na
		{"not applicable", Query{Text: "Do you secure physical access to your data centers?", Allowed: []string{"Yes", "No", "Not Applicable"}, HasComment: true},
			want{status: "answered", verdict: "na", answer: "Not Applicable", control: "PHY-01"}},
		{"not applicable free", Query{Text: "Do you secure physical access to your data centers?", HasComment: true},
			want{status: "answered", verdict: "na", answer: "N/A", control: "PHY-01"}},
		// alternative
		{"alternative with Alternate", Query{Text: "Do you use network segmentation?", Allowed: withAlt, HasComment: true},
			want{status: "answered", verdict: "partial", answer: "Alternate", control: "NET-01"}},
		{"alternative with Compensating", Query{Text: "Do you use network segmentation?", Allowed: []string{"Yes", "No", "Compensating Control"}, HasComment: true},
			want{status: "answered", verdict: "partial", answer: "Compensating Control", control: "NET-01"}},
		{"alternative without Alternate", Query{Text: "Do you use network segmentation?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", control: "NET-01", reasonHas: "Alternate"}},
		// expired evidence
		{"expired evidence", Query{Text: "Do you scan your systems for vulnerabilities?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", control: "VUL-01", reasonHas: `evidence "Scanner report 2025" expired 2026-01-10`}},
		// qualifiers
		{"third-party annual pentest", Query{Text: "Do you conduct annual third-party penetration tests?", Allowed: yesNoNA, HasComment: true},
			want{status: "review"}},
		{"independent testing vs caveat", Query{Text: "Is independent security testing performed before major releases?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", control: "SDL-01", reasonHas: "independent/third-party"}},
		{"MFA for all employees", Query{Text: "Do you enforce multi-factor authentication for all employees?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", reasonHas: "all/every"}},
		{"AES-256", Query{Text: "Is customer data encrypted at rest using AES-256?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", control: "ENC-02", reasonHas: "AES"}},
		{"24/7", Query{Text: "Is your incident response plan staffed 24/7?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", reasonHas: "24/7"}},
		{"figure", Query{Text: "Do you investigate security incidents within 24 hours under your incident response plan?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", control: "IR-01", reasonHas: "figure 24"}},
		{"FIPS", Query{Text: "Is data at rest encrypted with FIPS 140-2 validated modules?", Allowed: yesNoNA, HasComment: true},
			want{status: "review"}},
		// polarity
		{"sell: no", Query{Text: "Do you sell customer data?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "no", answer: "No", control: "PRV-01", commentHas: "does not sell"}},
		{"refrain: yes", Query{Text: "Do you refrain from selling customer data?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", control: "PRV-01"}},
		{"commit not: yes", Query{Text: "Do you commit not to sell customer data?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", control: "PRV-01"}},
		{"prevent: yes", Query{Text: "Do you prevent the sale of customer data?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", control: "PRV-01"}},
		{"negated question, positive control", Query{Text: "Is customer data at rest not encrypted?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", control: "ENC-02", reasonHas: "polarity"}},
		// descriptive questions
		{"describe free text", Query{Text: "Describe your incident response plan.", HasComment: false},
			want{status: "answered", verdict: "yes", control: "IR-01", answerHas: "maintains an incident response plan"}},
		{"describe dropdown", Query{Text: "Describe your incident response plan.", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", control: "IR-01"}},
		{"how question dropdown", Query{Text: "How is your incident response plan maintained?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", reasonHas: "descriptive question but the answer cell is a dropdown"}},
		// abstain
		{"no match", Query{Text: "Do you have a clean desk policy for visitors in the lobby?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", commentHas: "vouch: needs review"}},
		{"empty", Query{Text: "  \n "}, want{status: "skipped"}},
		{"follow-up", Query{Text: "If yes, describe how the plan is tested.", HasComment: true}, want{status: "review", reasonHas: "depends on"}},
		{"form field from company.yaml", Query{Text: "Vendor Name"}, want{status: "answered", verdict: "yes", answer: "Acme Cloud Ltd", reasonHas: "company.yaml legal_name"}},
		{"form field company.yaml lacks", Query{Text: "Vendor Contact Phone Number"}, want{status: "review", reasonHas: "does not record"}},
		{"form field nobody knows", Query{Text: "Signature"}, want{status: "review", reasonHas: "form field"}},
		{"date field: today", Query{Text: "Date"}, want{status: "answered", verdict: "yes", answer: "2026-06-01", reasonHas: "today's date"}},
		{"date field completed", Query{Text: "Date completed:"}, want{status: "answered", verdict: "yes", answer: "2026-06-01", reasonHas: "today's date"}},
		// customer responsibility
		{"customer responsibility", Query{Text: "Do you keep devices patched and protected?", Allowed: yesNoNA, HasComment: true},
			want{status: "review"}},
		// library
		{"library serves", Query{Text: "Do you operate a public bug bounty program?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "no", answer: "No", library: "LIB-0001", commentHas: "runs no bug bounty"}},
		{"library over control", Query{Text: "Do you encrypt customer data at rest in your databases?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0005", control: "ENC-02"}},
		{"library contradicted by control", Query{Text: "Is there a disaster recovery plan in place?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", library: "LIB-0002", reasonHas: "BCR-01 is now planned"}},
		{"library conflict", Query{Text: "Do you allow customers to choose the region where their data is hosted?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", library: "LIB-0003", reasonHas: "conflict"}},
		{"library free text", Query{Text: "What is the maximum session timeout for the web application?", HasComment: true},
			want{status: "answered", library: "LIB-0004", answer: "Sessions end after 30 minutes of inactivity."}},
		{"library free text in dropdown", Query{Text: "What is the maximum session timeout for the web application?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", library: "LIB-0004"}},
		// certifications
		{"held cert", Query{Text: "Do you have a SOC 2 Type II report?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", control: "soc2", commentHas: "Example CPA LLP"}},
		{"not-held cert", Query{Text: "Are you ISO 27001 certified?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", control: "iso27001", commentHas: "does not hold"}},
		{"in-progress cert", Query{Text: "Are you PCI DSS compliant?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", control: "pci", commentHas: "under way"}},
		{"unlisted cert", Query{Text: "Are you FedRAMP authorized?", Allowed: yesNoNA, HasComment: true},
			want{status: "review", reasonHas: "FedRAMP, which the catalog does not list"}},
		{"unlisted cert, library says no", Query{Text: "Do you hold a HITRUST certification?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "no", answer: "No", library: "LIB-0006"}},
		// the vendor's own past answer outranks the absence of a catalog record
		{"unlisted cert, library says yes", Query{Text: "Do you hold a CSA STAR certification?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0007", reasonHas: "the catalog does not list CSA STAR"}},
		{"two certs, one not held", Query{Text: "Do you hold SOC 2 and ISO 27001?", Allowed: yesNoNA, HasComment: true},
			want{status: "review"}},
		// crosswalk
		{"crosswalk CAIQ", Query{ID: "CEK-03.1", Text: "Is data protected with encryption in transit over networks?", Allowed: withPart, HasComment: true},
			want{status: "answered", verdict: "partial", answer: "Partial", control: "ENC-01", reasonHas: "crosswalk caiq CEK-03"}},
		{"crosswalk exact ID", Query{ID: "A.8.24", Text: "Is stored customer data encrypted?", Allowed: yesNoNA, HasComment: true},
			want{status: "answered", verdict: "yes", answer: "Yes", control: "ENC-02", reasonHas: "crosswalk iso27001 A.8.24"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.Answer(tt.q)
			check(t, tt.name, r, tt.w)
			if len(tt.q.Allowed) > 0 && r.Answer != "" && !slices.Contains(tt.q.Allowed, r.Answer) {
				t.Errorf("answer %q is outside the dropdown %q", r.Answer, tt.q.Allowed)
			}
			if len(r.Candidates) > 3 {
				t.Errorf("%d candidates, want at most 3", len(r.Candidates))
			}
			for i := 1; i < len(r.Candidates); i++ {
				if r.Candidates[i].Confidence > r.Candidates[i-1].Confidence {
					t.Errorf("candidates not sorted: %v", r.Candidates)
				}
			}
		})
	}
}

func TestCrosswalkSanityFloor(t *testing.T) {
	e := testEngine(t)
	r := e.Answer(Query{ID: "CEK-03.1", Text: "Do you operate a public bug bounty program?", Allowed: yesNoNA, HasComment: true})
	for _, c := range r.Controls {
		if c == "ENC-01" || c == "ENC-02" {
			t.Fatalf("crosswalk served %s for an unrelated question: %+v", c, r)
		}
	}
}

func TestCertificationExpired(t *testing.T) {
	e := New(testCatalog(t), Options{AsOf: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)})
	r := e.Answer(Query{Text: "Do you have a SOC 2 Type II report?", Allowed: yesNoNA, HasComment: true})
	check(t, "expired SOC 2", r, want{status: "review", control: "soc2", reasonHas: "expired 2026-12-31"})
}

func TestCertificationTypeII(t *testing.T) {
	cat := testCatalog(t)
	cat.Certifications[0].Name = "SOC 2 Type I"
	e := New(cat, Options{AsOf: testAsOf})
	r := e.Answer(Query{Text: "Do you have a SOC 2 Type II report?", Allowed: yesNoNA, HasComment: true})
	check(t, "type I held, type II asked", r, want{status: "review", reasonHas: "Type II"})
	r = e.Answer(Query{Text: "Do you have a SOC 2 report?", Allowed: yesNoNA, HasComment: true})
	check(t, "type I held, SOC 2 asked", r, want{status: "answered", verdict: "yes", answer: "Yes", control: "soc2"})
}

func TestMinConfidence(t *testing.T) {
	q := Query{Text: "Is customer object storage encrypted at rest?", Allowed: yesNoNA, HasComment: true}
	low := New(testCatalog(t), Options{AsOf: testAsOf, MinConfidence: 0.05}).Answer(q)
	high := New(testCatalog(t), Options{AsOf: testAsOf, MinConfidence: 0.99}).Answer(q)
	if low.Status != StatusAnswered {
		t.Errorf("with a low bar: status %q (%q)", low.Status, low.Reasons)
	}
	if high.Status != StatusReview || !strings.Contains(high.Comment, "closest: ENC-02") {
		t.Errorf("with a high bar: %q %q, want review with ENC-02 suggested", high.Status, high.Comment)
	}
	if len(high.Candidates) == 0 || high.Candidates[0].ID != "ENC-02" {
		t.Errorf("candidates %v, want ENC-02 first", high.Candidates)
	}
	if e := New(testCatalog(t), Options{}); e.minConf != DefaultMinConfidence || e.asOf.IsZero() {
		t.Errorf("defaults: minConf %v asOf %v", e.minConf, e.asOf)
	}
}

func TestLibraryOnlyCatalog(t *testing.T) {
	lib := testLibrary[:strings.Index(testLibrary, "  - id: LIB-0005")] // LIB-0005 links a control
	cat := loadTestCatalog(t, map[string]string{"company.yaml": testCompany, "library.yaml": strings.ReplaceAll(lib, "    control: BCR-01\n", "")})
	e := New(cat, Options{AsOf: testAsOf})
	r := e.Answer(Query{Text: "Do you operate a public bug bounty program?", Allowed: yesNoNA, HasComment: true})
	check(t, "library only", r, want{status: "answered", verdict: "no", answer: "No", library: "LIB-0001"})
	r = e.Answer(Query{Text: "Is there a disaster recovery plan in place?", Allowed: yesNoNA, HasComment: true})
	check(t, "library only, no link", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0002"})
	r = e.Answer(Query{Text: "Do you encrypt data at rest?", Allowed: yesNoNA, HasComment: true})
	check(t, "library only, no match", r, want{status: "review"})
	if _, ok := e.BestControl("encryption at rest"); ok {
		t.Error("BestControl found a control in a catalog without controls")
	}
}

func TestEmptyCatalog(t *testing.T) {
	for _, e := range []*Engine{New(nil, Options{}), New(loadTestCatalog(t, map[string]string{"company.yaml": testCompany}), Options{})} {
		r := e.Answer(Query{Text: "Do you encrypt data?", Allowed: yesNoNA})
		if r.Status != StatusReview || r.Answer != "" {
			t.Errorf("empty catalog: %+v", r)
		}
	}
}

func TestBestControl(t *testing.T) {
	e := testEngine(t)
	c, ok := e.BestControl("Customer data is encrypted at rest in databases")
	if !ok || c.ID != "ENC-02" || c.Kind != KindControl {
		t.Errorf("BestControl = %+v, %v; want ENC-02", c, ok)
	}
	if c, ok := e.BestControl("Do you have a SOC 2 report?"); ok && c.Kind != KindControl {
		t.Errorf("BestControl returned a %s", c.Kind)
	}
	if _, ok := e.BestControl("What colour is the office carpet in the lobby?"); ok {
		t.Error("BestControl matched an unrelated text")
	}
	// two controls that answer together are no control a learned answer
	// can name
	k := koraEngine(t)
	for _, q := range []string{"Is data encrypted at rest and in transit?", "Are cryptography, encryption, and key management policies maintained?"} {
		if c, ok := k.BestControl(q); ok {
			if _, known := k.cat.Control(c.ID); !known {
				t.Errorf("BestControl(%q) = %+v, no control of the catalog", q, c)
			}
		}
		if c, ok := k.BestControl(q); ok && strings.Contains(c.ID, "+") {
			t.Errorf("BestControl(%q) = %+v", q, c)
		}
	}
}

func TestAnswerConcurrent(t *testing.T) {
	e := testEngine(t)
	qs := []string{"Is data encrypted in transit?", "Do you sell customer data?", "Do you have a SOC 2 Type II report?", "Describe your incident response plan."}
	want := make([]Result, len(qs))
	for i, q := range qs {
		want[i] = e.Answer(Query{Text: q, Allowed: withPart, HasComment: true})
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, q := range qs {
				r := e.Answer(Query{Text: q, Allowed: withPart, HasComment: true})
				if r.Answer != want[i].Answer || r.Status != want[i].Status {
					t.Errorf("concurrent Answer(%q) = %q/%q, want %q/%q", q, r.Status, r.Answer, want[i].Status, want[i].Answer)
				}
			}
		}()
	}
	wg.Wait()
}

func TestSpell(t *testing.T) {
	tests := []struct {
		verdict string
		allowed []string
		want    string
		ok      bool
	}{
		{"yes", []string{"Yes", "No"}, "Yes", true},
		{"yes", []string{"YES", "NO"}, "YES", true},
		{"yes", []string{"Y", "N"}, "Y", true},
		{"yes", []string{"True", "False"}, "True", true},
		{"no", []string{"True", "False"}, "False", true},
		{"no", []string{"Y", "N"}, "N", true},
		{"na", []string{"Yes", "No", "N/A"}, "N/A", true},
		{"na", []string{"Yes", "No", "NA"}, "NA", true},
		{"na", []string{"Yes", "No", "n/a"}, "n/a", true},
		{"na", []string{"Yes", "No", "Not Applicable"}, "Not Applicable", true},
		{"na", []string{"Yes", "No"}, "", false},
		{"partial", []string{"Yes", "No", "Partially"}, "Partially", true},
		{"partial", []string{"Compliant", "Non-Compliant", "Partially Compliant"}, "Partially Compliant", true},
		{"partial", []string{"Yes", "No", "In Progress"}, "", false},
		{"alternative", []string{"Yes", "No", "Alternate"}, "Alternate", true},
		{"alternative", []string{"Yes", "No", "Alternative"}, "Alternative", true},
		{"alternative", []string{"Yes", "No", "Compensating control"}, "Compensating control", true},
		{"yes", []string{"Yes - see comment", "Yes", "No"}, "Yes", true},
		{"no", []string{" No ", "Yes"}, " No ", true},
		{"yes", nil, "", false},
		// numbered values ("1) Yes") spell what follows the number
		{"yes", []string{"1) Yes", "2) No", "3) Both modes available", "4) N/A"}, "1) Yes", true},
		{"na", []string{"1) Yes", "2) No", "3) Both modes available", "4) N/A"}, "4) N/A", true},
		{"no", []string{"1. Yes", "2. No"}, "2. No", true},
		{"partial", []string{"1) Yes", "2) No", "3) Both modes available"}, "", false},
		{"yes", []string{"1", "0"}, "1", true},
	}
	for _, tt := range tests {
		got, ok := spell(tt.verdict, tt.allowed, nil)
		if got != tt.want || ok != tt.ok {
			t.Errorf("spell(%q, %q) = %q, %v; want %q, %v", tt.verdict, tt.allowed, got, ok, tt.want, tt.ok)
		}
	}
	// A value whose words spell no verdict spells the one its name ends in
	// (VSAQ's choices column: "q_yes=We keep the root password in a safe").
	sentences := []string{"We keep the key in a safe.", "We are not that careful."}
	keyed := []struct {
		verdict string
		keys    []string
		want    string
		ok      bool
	}{
		{"yes", []string{"root_yes", "root_no"}, sentences[0], true},
		{"no", []string{"root_yes", "root_no"}, sentences[1], true},
		{"yes", []string{"q1-TRUE", "q1-FALSE"}, sentences[0], true},
		{"yes", []string{"monitoring_robust", "monitoring_weak"}, "", false},
		{"yes", nil, "", false},
		{"yes", []string{"root_yes"}, sentences[0], true}, // fewer keys than values
	}
	for _, tt := range keyed {
		got, ok := spell(tt.verdict, sentences, tt.keys)
		if got != tt.want || ok != tt.ok {
			t.Errorf("spell(%q, %q, keys %q) = %q, %v; want %q, %v", tt.verdict, sentences, tt.keys, got, ok, tt.want, tt.ok)
		}
	}
	// Words win over the name: a value that says "No" is No whatever its name.
	if got, ok := spell(VerdictYes, []string{"No", "Yes"}, []string{"a_yes", "a_no"}); !ok || got != "Yes" {
		t.Errorf("spell(yes) over misnamed values = %q, %v; want Yes", got, ok)
	}
	if classify("Not Applicable") != VerdictNA || classify("No") != VerdictNo || classify("Notes") != "" {
		t.Error("classify confuses Not Applicable, No and Notes")
	}
}

func TestMissingQualifiers(t *testing.T) {
	tests := []struct {
		question, support string
		want              string // "" = none missing
	}{
		{"Do you conduct annual penetration tests?", "We run penetration tests annually.", ""},
		{"Do you conduct annual penetration tests?", "We run penetration tests.", "annual"},
		{"Are backups tested?", "We take daily backups.", "tested"},
		{"Are backups tested?", "Backups are tested every quarter.", ""},
		{"Is there an independent audit?", "We run audits. We do not use independent auditors.", "independent/third-party"},
		{"Do you share data with third parties?", "We share data with processors.", ""},
		{"Is MFA enforced?", "We enforce two-factor authentication.", ""},
		{"Is MFA enforced?", "We enforce strong passwords.", "MFA"},
		// to authorize access by role is to enforce it; to authorize a change is not
		{"Are role restrictions enforced?", "We authorize access with role-based access controls.", ""},
		{"Are role restrictions enforced?", "We use roles. Changes are authorized by a manager.", "enforced"},
		{"Do you use a SIEM?", "We monitor logs.", "SIEM"},
		{"Do you use DLP?", "We monitor logs.", "DLP"},
		{"Do you run IDS/IPS?", "We use intrusion detection.", ""},
		{"Do you perform background checks on staff?", "We screen employees with background checks.", ""},
		{"Do you perform background checks?", "We hire carefully.", "background checks"},
		{"Do you use an HSM?", "Keys are in a cloud KMS.", "HSM"},
		{"Is there 24x7 monitoring?", "Monitoring runs around the clock.", ""},
		{"Are all laptops encrypted?", "Laptops are encrypted.", "all/every"},
		{"Do you use TLS 1.2?", "We use TLS 1.2 or later.", ""},
		{"Do you use TLS 1.3?", "We use TLS 1.2 or later.", "figure 1.3"},
		{"1.2 Do you use TLS?", "We use TLS.", ""},
		{"Are your staff certified?", "Staff take courses.", "certified"},
		{"Do you encrypt with AES-256?", "We use AES-256.", ""},
		{"Do you have a documented incident response plan?", "We maintain an incident response plan.", "documented/written"},
		// time-limited privileged access, metrics and integration are properties of their own
		{"Is privileged access granted only for a limited period?", "Privileged access follows least privilege.", "time-limited access"},
		{"Is privileged access granted just-in-time?", "Privileged access is just-in-time and expires after four hours.", ""},
		{"Are incident response metrics tracked?", "We run an incident response process.", "metrics"},
		{"Are incident response metrics tracked?", "Incident metrics (time to contain) are tracked monthly.", ""},
		{"Does the product support integration with other identity systems?", "Access uses role-based permissions.", "integration"},
		{"Does the product support integration with other identity systems?", "Single sign-on (SSO) is offered.", ""},
		// a named owner is what the statement says, not the catalog's owner field
		{"Is there a privacy program with a designated owner?", "We run a privacy program.", "designated owner"},
		{"Is there a privacy program with a designated owner?", "Our privacy program is owned by the Data Protection Officer.", ""},
		// an age threshold is held by a higher one: "under 16" says it of everyone under 13
		{"Do you refuse accounts to children under 13?", "Accounts are refused to children under 16.", ""},
		{"Do you refuse accounts to users younger than 13?", "Accounts are refused to children under 16.", ""},
		{"Do you refuse accounts to anyone under 18?", "Accounts are refused to children under 16.", "figure under 18"},
		{"Do you refuse accounts to children under 13?", "Accounts are refused to children.", "figure under 13"},
		// "enforced" in the CCM template list asks no enforcement; outside it, it does
		{"Are data handling policies established, documented, approved, communicated, enforced, evaluated, and maintained?", "We publish our data handling policy.", ""},
		{"Is the data handling policy enforced?", "We publish our data handling policy.", "enforced"},
		// a duration is stated in units; "periodically" is a cadence, not a period
		{"Data retention period?", "Data is retained according to internal schedules.", "duration"},
		{"How long are audit logs kept?", "Audit logs are kept for 12 months.", ""},
		{"Is cloud data periodically backed up?", "Data is backed up.", ""},
		// compliance with a named law is a claim of its own
		{"Are you GDPR compliant?", "Individuals can exercise their GDPR rights.", "compliance with a law"},
		{"Are you GDPR compliant?", "The service complies with the GDPR.", ""},
		{"Do you support GDPR data subject rights?", "Individuals can exercise their GDPR rights.", ""},
		// user and session IDs are identifiers, not an IDS
		{"Are unique user IDs assigned to each user?", "Each user has an account.", ""},
		{"Are session IDs invalidated on logout?", "Sessions end at logout.", ""},
		{"Do you use an IDS?", "Each user has an account.", "IDS/IPS"},
		// SLAs named among the rules a practice follows ask for no SLA
		{"Are breaches reported as per applicable SLAs, laws and regulations?", "Customers are notified of breaches as the law requires.", ""},
		{"Is there an uptime SLA?", "Customers are notified of breaches as the law requires.", "SLA/uptime"},
		// names and the customer's staff are not what a qualifier asks for
		{"Do K-12 district staff have access to audit logs?", "Audit logs are available to administrators.", ""},
		{"Do your staff have access to audit logs?", "Audit logs are available to administrators.", "personnel"},
		// "all relevant", "all necessary" leave the scope to the vendor
		{"Do you collect usage data for all relevant components?", "We collect usage telemetry.", ""},
		{"Have you taken all necessary steps to protect your keys?", "Keys are kept in a vault.", ""},
		{"Do you collect usage data for all components?", "We collect usage telemetry.", "all/every"},
		{"Are audits performed according to risk-based plans?", "We run regular independent audits.", "risk-based"},
		{"Are vulnerabilities remediated based on risk?", "We remediate vulnerabilities, prioritised by risk-based scoring.", ""},
		{"Is security training mandatory for employees and contractors?", "All personnel are trained in security.", "contractors"},
		{"Do contractors sign NDAs?", "Employees and contractors sign confidentiality agreements.", ""},
		// approval by management is asked; a discipline named "... management" is not
		{"Is the security policy approved by management?", "We keep a security policy.", "approval"},
		{"Are change management policies established, approved and maintained?", "We apply change management controls.", ""},
		// a third party that is assessed is not the assessor; one that assesses is
		{"Do you perform security assessments of third party companies?", "We assess vendors' security posture.", ""},
		{"Are third-party service providers assessed for security?", "We assess vendors' security posture.", ""},
		{"Has a third party conducted a security assessment of your application?", "We test our application.", "independent/third-party"},
		{"Are your systems assessed by an independent third party?", "We test our systems.", "independent/third-party"},
		{"Do you answer K-12 schools within 12 hours?", "We answer within 24 hours.", "figure 12"},
	}
	for _, tt := range tests {
		miss := missingQualifiers(tt.question, positiveClauses(tt.support))
		got := strings.Join(miss, ",")
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("missingQualifiers(%q, %q) = %q, want %q", tt.question, tt.support, got, tt.want)
		}
	}
	// Every table entry is reachable: its first ask phrase triggers it
	// against an empty support text.
	for _, q := range qualifiers {
		text := "Do you have " + q.ask[0]
		if len(q.near) > 0 {
			text += " " + q.near[0]
		}
		miss := missingQualifiers(text+"?", "")
		found := false
		for _, m := range miss {
			found = found || m == q.name
		}
		if !found {
			t.Errorf("qualifier %q is not triggered by %q (missing %q)", q.name, text, miss)
		}
	}
}

func TestMentionedCerts(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Do you have a SOC 2 Type II report?", "soc2"},
		{"Do you have a SOC2 report?", "soc2"},
		{"Are you ISO/IEC 27001:2022 certified?", "iso27001"},
		{"Are you PCI-DSS compliant?", "pci"},
		{"Has an SSAE 18 audit been completed?", "soc1"},
		{"Are you HITRUST certified?", "hitrust"},
		{"Do you have a security operations center (SOC)?", ""},
		{"Is the ISO 9001 certificate current?", "iso9001"},
		{"Do you encrypt data?", ""},
	}
	for _, tt := range tests {
		ms := mentionedCerts(tt.in)
		got := ""
		if len(ms) > 0 {
			got = ms[0].key
		}
		if got != tt.want {
			t.Errorf("mentionedCerts(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A framework control heading a question names the control it maps to,
// not a certification; the question after it is asked as it stands.
func TestFrameworkRef(t *testing.T) {
	tests := []struct {
		in, id, rest string
	}{
		{"SOC 2 CC6.1: Are logical access controls in place?", "CC6.1", "are logical access controls in place?"},
		{"ISO 27001 A.8.32 - Are changes controlled?", "A.8.32", "are changes controlled?"},
		{"ISO/IEC 27001:2022 A.5.20: Are supplier agreements in place?", "A.5.20", "are supplier agreements in place?"},
		{"NIST 800-53 AC-2: Are accounts managed?", "AC-2", "are accounts managed?"},
		{"PCI DSS 8.3.1: Is user access authenticated?", "8.3.1", "is user access authenticated?"},
		{"GDPR Article 33: Do you notify the supervisory authority of breaches?", "33", "do you notify the supervisory authority of breaches?"},
		{"NIST CSF RS.MA: Is there an incident response process?", "RS.MA", "is there an incident response process?"},
		{"NIST CSF PR.DS-02: Is data in transit protected?", "PR.DS-02", "is data in transit protected?"},
		{"SOC 2: do you have a report?", "", ""},
		{"Do you have a SOC 2 report?", "", ""},
		{"ISO 27001 certified?", "", ""},
	}
	for _, tt := range tests {
		id, rest, ok := frameworkRef(clean(tt.in))
		if ok != (tt.id != "") || id != tt.id || ok && rest != tt.rest {
			t.Errorf("frameworkRef(%q) = %q, %q, %v; want %q, %q", tt.in, id, rest, ok, tt.id, tt.rest)
		}
	}
	e := koraEngine(t)
	r := e.Answer(Query{Text: "ISO 27001 A.5.26: Are incident response procedures defined?", Allowed: yesNoNA, HasComment: true})
	check(t, "ISO-headed question", r, want{status: "answered", verdict: "yes"})
	r = e.Answer(Query{Text: "Are you ISO 27001 certified?", Allowed: yesNoNA, HasComment: true})
	check(t, "ISO certification", r, want{status: "review", reasonHas: "ISO/IEC 27001"})
}

// A request for several details of one contact is answered when
// company.yaml holds them all, and otherwise goes to review naming what is
// missing and what is known.
func TestContactFields(t *testing.T) {
	for _, tt := range []struct {
		company, q, status, has string
	}{
		{"name: Z\ncontacts:\n  - {role: security, name: Ada Lovelace, email: sec@z.example}\n",
			"Provide the name and email address of your primary security contact.", StatusAnswered, "Ada Lovelace"},
		{"name: Z\ncontacts:\n  - {role: security, email: sec@z.example}\n",
			"Provide the name, title and email address of your primary security contact.", StatusReview, "name and title"},
		{"name: Z\ncontacts:\n  - {role: security, email: sec@z.example}\n",
			"Security contact email:", StatusAnswered, "sec@z.example"},
	} {
		e := New(loadTestCatalog(t, map[string]string{"company.yaml": tt.company, "controls/c.yaml": testControls}), Options{AsOf: testAsOf})
		r := e.Answer(Query{Text: tt.q})
		if r.Status != tt.status || !strings.Contains(r.Answer+" "+r.Comment, tt.has) {
			t.Errorf("%q: %s %q %q", tt.q, r.Status, r.Answer, r.Comment)
		}
		if tt.status == StatusReview && !strings.Contains(r.Comment, "sec@z.example") {
			t.Errorf("%q: the known email is not suggested: %q", tt.q, r.Comment)
		}
	}
}
