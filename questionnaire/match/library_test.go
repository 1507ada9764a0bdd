package match

import (
	"strings"
	"testing"

	"github.com/vouchcli/vouch/controls"
)

// A library with no controls: the vendor starts from its past answers.
const reuseCompany = `name: Zed
legal_name: Zed Ltd
contacts:
  - {role: security, email: security@zed.example}
`

const reuseLibrary = `answers:
  - id: LIB-0001
    question: Do you have a documented incident response plan?
    verdict: "yes"
    answer: "Yes"
    narrative: Zed keeps a written incident response plan.
    sources: [{file: hecvat.xlsx, sheet: Vendor, row: 40, id: HFIH-01, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0002
    question: Do you require multi-factor authentication for administrators?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: hecvat.xlsx, row: 12, id: AAAI-05, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0003
    question: Do you encrypt your backups?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: a.xlsx, row: 3, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0004
    question: Are your backups encrypted?
    verdict: "no"
    answer: "No"
    sources: [{file: b.xlsx, row: 9, verdict: "no", learned: 2026-02-10}]
  - id: LIB-0005
    question: Do you have a SOC 2 Type II report?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: hecvat.xlsx, row: 30, id: DOCU-03, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0006
    question: Do you have a disaster recovery plan?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: old.xlsx, row: 5, verdict: "yes", learned: 2024-01-10}]
  - id: LIB-0007
    question: Have you completed the CSA CAIQ self-assessment?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: hecvat.xlsx, row: 31, id: DOCU-02, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0009
    question: "Do security event logs record at least all of the following: sign-in, sign-out, administrator changes and originating address?"
    verdict: "yes"
    answer: "Yes"
    narrative: Every event is kept for a year.
    sources: [{file: hecvat.xlsx, row: 50, id: AAAI-17, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0010
    question: Will you share the results of your penetration tests with customers?
    verdict: "no"
    answer: "No"
    sources: [{file: hecvat.xlsx, row: 60, id: VULN-04, verdict: "no", learned: 2026-01-10}]
  - id: LIB-0011
    question: Do you have a documented change management process?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: hecvat.xlsx, row: 70, id: DOCU-09, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0012
    question: Do emergency changes go through the documented change process, with approval after the fact?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: hecvat.xlsx, row: 71, id: CHNG-13, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0013
    question: Can the institution take a full or partial backup of its own data?
    verdict: "yes"
    answer: "Yes"
    narrative: Export tools are available in the interface and through the API.
    sources: [{file: hecvat.xlsx, row: 80, id: DATA-08, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0014
    question: Are your applications scanned with an authenticated account for vulnerabilities before each release?
    verdict: "yes"
    answer: "Yes"
    narrative: Every release is scanned by our DAST tool.
    sources: [{file: hecvat.xlsx, row: 90, id: VULN-03, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0015
    question: Are your servers hardened using CIS benchmarks within 30 days of deployment?
    verdict: "no"
    answer: "No"
    sources: [{file: hecvat.xlsx, row: 91, id: HFIH-09, verdict: "no", learned: 2026-01-10}]
  - id: LIB-0016
    question: Will you notify the institution of a data breach?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: hecvat.xlsx, row: 92, id: HFIH-05, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0008
    question: Vendor Contact Email
    kind: field
    answer: old-security@zed.example
    sources: [{file: hecvat.xlsx, row: 8, id: GNRL-08, learned: 2026-01-10}]
`

func reuseEngine(t *testing.T, certs string, opts Options) *Engine {
	t.Helper()
	files := map[string]string{"company.yaml": reuseCompany, "library.yaml": reuseLibrary}
	if certs != "" {
		files["certifications.yaml"] = certs
	}
	if opts.AsOf.IsZero() {
		opts.AsOf = testAsOf
	}
	return New(loadTestCatalog(t, files), opts)
}

func TestLibraryReuse(t *testing.T) {
	e := reuseEngine(t, "", Options{})
	ask := func(q string) Result { return e.Answer(Query{Text: q, Allowed: yesNoNA, HasComment: true}) }

	// the same question, worded otherwise, is reused and cited
	r := ask("Is there a documented incident response plan?")
	check(t, "paraphrase", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0001", reasonHas: "hecvat.xlsx"})

	// a property the new question adds and the learned one lacks
	r = ask("Do you have a documented and tested incident response plan?")
	check(t, "property missing from the learned question", r, want{status: "review", library: "LIB-0001", reasonHas: "tested"})

	// a narrower learned question does not answer a broader one
	r = ask("Do you require multi-factor authentication for all users?")
	if r.Status == StatusAnswered {
		t.Errorf("narrower learned question answered a broader one: %+v", r)
	}

	// two entries that disagree on the same question
	r = ask("Do you encrypt backups?")
	check(t, "conflict", r, want{status: "review", library: "LIB-0003", reasonHas: "conflict"})

	// a paraphrase that shares few words: the same subject, and every word
	// of the new question in the claim (the list after "the following:"
	// is an example, not more subject)
	r = ask("Do you keep an audit trail?")
	check(t, "paraphrase by concept", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0009"})

	// the learned question asks something besides the subject (the
	// results, shared with customers): its No is no answer to "do you test"
	r = ask("Do you perform penetration tests?")
	if r.Status == StatusAnswered {
		t.Errorf("a learned question on sharing results answered whether tests are done: %+v", r)
	}

	// the closest entry does not state what is asked ("emergency
	// changes"); the next one that does answers
	r = ask("Do you have a documented change management process for standard and emergency changes?")
	check(t, "next entry states the property", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0012", reasonHas: "was not used"})

	// a compound question whose second ask the learned answer does not hold
	r = ask("Is your change process documented, and does it rank changes by impact and size?")
	if r.Status == StatusAnswered {
		t.Errorf("a compound question was answered from half of it: %+v", r)
	}

	// a question on the subject whose other words the claim lacks is not
	// answered by concept alone
	r = ask("Is there anything else you want us to know about your audit trail at the office?")
	if r.Status == StatusAnswered {
		t.Errorf("a catch-all question was answered by concept: %+v", r)
	}

	// what the customer can do is not the vendor's practice
	r = ask("Do you back up institution data regularly?")
	if r.Status == StatusAnswered && r.Library == "LIB-0013" {
		t.Errorf("a customer's capability answered the vendor's practice: %+v", r)
	}
	r = ask("Can the institution take a backup of its data?")
	check(t, "same actor", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0013"})

	// a Yes to the question with conditions of manner and time answers it
	// without them; a No to it says nothing of the weaker question, and a
	// condition the new question adds is still checked
	r = ask("Are your applications scanned for vulnerabilities?")
	check(t, "stronger learned question", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0014", reasonHas: "more conditions"})
	r = ask("Are your applications scanned for vulnerabilities by an independent third party?")
	if r.Status == StatusAnswered {
		t.Errorf("a condition the new question adds was answered by the stronger entry: %+v", r)
	}
	r = ask("Are your servers hardened?")
	if r.Status == StatusAnswered && r.Library == "LIB-0015" {
		t.Errorf("a No to a stronger question answered the weaker one: %+v", r)
	}

	// notifying the institution is not notifying individuals
	r = ask("Will you notify the institution of a breach of its data?")
	check(t, "same recipient", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0016"})
	r = ask("Will you notify affected individuals of a data breach?")
	if r.Status == StatusAnswered {
		t.Errorf("notifying the institution answered notifying individuals: %+v", r)
	}

	// a certification the catalog does not list: the vendor's own answer
	r = ask("Have you completed the CSA CAIQ self-assessment?")
	check(t, "unlisted certification", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0007"})
}

func TestLibraryMaxAge(t *testing.T) {
	q := Query{Text: "Do you have a disaster recovery plan?", Allowed: yesNoNA, HasComment: true}
	r := reuseEngine(t, "", Options{}).Answer(q)
	check(t, "no max age", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0006"})
	p, err := controls.ParsePeriod("18m")
	if err != nil {
		t.Fatal(err)
	}
	r = reuseEngine(t, "", Options{MaxAge: p}).Answer(q)
	check(t, "older than --max-age", r, want{status: "review", library: "LIB-0006", reasonHas: "--max-age 18m"})
}

// The catalog is the truth: a certification it records as not held beats a
// learned Yes, and the conflict is said.
func TestLibraryNotHeldCertificationWins(t *testing.T) {
	certs := `certifications:
  - id: soc2
    name: SOC 2 Type II
    status: not-held
    framework: soc2
    note: No SOC 2 report is published.
    keywords: [SOC 2]
`
	r := reuseEngine(t, certs, Options{}).Answer(Query{Text: "Do you have a SOC 2 Type II report?", Allowed: yesNoNA, HasComment: true})
	check(t, "not held beats learned yes", r, want{status: "review", library: "LIB-0005", reasonHas: "the catalog wins"})
}

// A form field learned apart is never written by itself, and a learned
// value that company.yaml contradicts sends the field to review.
func TestLibraryFields(t *testing.T) {
	e := reuseEngine(t, "", Options{})
	r := e.Answer(Query{Text: "Vendor Contact Email"})
	check(t, "field disagreement", r, want{status: "review", library: "LIB-0008", reasonHas: "which is current"})
	if !strings.Contains(strings.Join(r.Reasons, " "), "old-security@zed.example") {
		t.Errorf("the learned value is not shown: %q", r.Reasons)
	}
	// a learned field never answers a question that is not a field
	r = e.Answer(Query{Text: "Do you publish a vendor contact email for security reports?", Allowed: yesNoNA, HasComment: true})
	if r.Library == "LIB-0008" && r.Status == StatusAnswered {
		t.Errorf("a field answered a question: %+v", r)
	}
}

// A learned compliance answer answers for the framework it names, not for
// another of the same kind.
func TestLibraryFrameworkMustMatch(t *testing.T) {
	const lib = `answers:
  - id: LIB-0001
    question: Can the systems that hold the institution's data be compliant with NIST SP 800-171 and/or CMMC Level 3 standards?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: hecvat.xlsx, row: 44, id: DOCU-05, verdict: "yes", learned: 2026-01-10}]
`
	cat := loadTestCatalog(t, map[string]string{"company.yaml": reuseCompany, "library.yaml": lib})
	e := New(cat, Options{AsOf: testAsOf})
	r := e.Answer(Query{Text: "Are you compliant with FISMA standards?", ID: "DOCU-05", Allowed: yesNoNA, HasComment: true})
	if r.Status == StatusAnswered {
		t.Errorf("FISMA answered from a NIST 800-171 answer: %+v", r)
	}
	if got := namedFrameworks(clean("Are you compliant with NIST SP 800-171 and FISMA?")); !namesAll(got, []string{"nist", "fisma"}) || namesAll(got, []string{"hipaa"}) {
		t.Errorf("namedFrameworks = %v", got)
	}
}
