package match

import (
	"slices"
	"strings"
	"testing"
)

// The embedded vocabulary parses, and a broken one is refused.
func TestConceptsParse(t *testing.T) {
	v, err := ParseConcepts(conceptsYAML)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.concepts) < 100 {
		t.Errorf("%d concepts: the vocabulary should cover the CCM, HECVAT, ISO and SOC 2 topics", len(v.concepts))
	}
	for _, bad := range []struct{ yaml, want string }{
		{"concepts:\n  - id: a\n    phrases: [x]\n  - id: a\n    phrases: [y]\n", "duplicate id"},
		{"concepts:\n  - id: a\n    phrases: [x]\n    broader: [nope]\n", "unknown broader"},
		{"concepts:\n  - id: a\n    phrases: [x]\n    broader: [b]\n  - id: b\n    phrases: [y]\n    broader: [a]\n", ""},
		{"concepts:\n  - id: a\n    phrase: [x]\n", "field phrase not found"},
	} {
		_, err := ParseConcepts([]byte(bad.yaml))
		if bad.want == "" {
			continue // a cycle is walked once per concept and stops; it is not an error to read
		}
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: error %v, want %q", bad.yaml, err, bad.want)
		}
	}
}

// No phrase of the vocabulary is swallowed by a common English word: a
// one-word phrase that stems to the stem of a frequent word would tag
// every question that uses the word ("accessibility" stems to "access").
func TestConceptPhrasesAreSpecific(t *testing.T) {
	common := map[string]bool{}
	for _, w := range []string{"access", "available", "continue", "contain", "depend", "employ", "utilize", "vendor",
		"provide", "support", "use", "data", "system", "service", "process", "control", "manage", "review", "track", "assure"} {
		for _, s := range seq(w) {
			common[s] = true
		}
	}
	for _, c := range defaultVocabulary.concepts {
		for _, p := range c.Phrases {
			if s := seq(p); len(s) == 1 && common[s[0]] {
				t.Errorf("%s: phrase %q is the stem %q of a common word", c.ID, p, s[0])
			}
		}
	}
}

func ids(v *vocabulary, cs []int) []string { return v.ids(cs) }

// Question analysis: subject, context, template and residue.
func TestAnalyse(t *testing.T) {
	v := defaultVocabulary
	tests := []struct {
		q                string
		subject, context []string
		residue          []string // nil: not checked
	}{
		// the CAIQ template carries no topic
		{"Are business continuity management and operational resilience policies and procedures established, documented, approved, communicated, applied, evaluated and maintained?",
			[]string{"business-continuity"}, nil, []string{}},
		// examples and asides are context, not subject
		{"Do you use third-party (e.g. hosted mail, bulk mailing services) email providers?",
			[]string{"email-provider"}, []string{"hosting", "third-party"}, nil},
		// a preamble before the question is context
		{"Backups matter. Are backups encrypted at rest?", []string{"backup", "encryption-at-rest"}, nil, nil},
		// a leading condition is context
		{"For customers not using SSO, does your solution support local authentication?", []string{"authentication"}, []string{"sso"}, nil},
		// generic concepts are the subject only when nothing specific is named
		{"Will customer data be hosted by third parties?", []string{"hosting", "third-party"}, []string{"personal-data"}, nil},
		// where data is kept is its location; where a password is kept is not:
		// a root password is a secret, kept as secrets are
		{"Where do you store customer data?", []string{"international-transfer"}, []string{"personal-data"}, nil},
		{"Where do you keep the root password?", []string{"secrets-management"}, nil, nil},
		{"Do you enforce password complexity?", []string{"password"}, nil, nil},
		// "integration" frames; "integrity", of the same stem, does not
		{"Do you verify the integrity of backups?", []string{"backup"}, nil, []string{"integr"}},
		// a party that acts is part of the subject
		{"Will any third parties have access to institutional data?", []string{"access-control", "third-party"}, nil, nil},
		{"Is physical access to data centers restricted?", []string{"physical-security"}, nil, nil},
		{"Do you share data with third parties?", []string{"data-sharing"}, []string{"third-party"}, nil},
		// "made sure", "carry out" and what a role "permits" name no topic
		{"Have you made sure that users can only carry out the actions their role permits?", []string{"authorization"}, nil, []string{}},
		// the words no concept accounts for are the residue
		{"Is a data inventory maintained for all sensitive assets with a named steward?", []string{"data-inventory"}, nil, []string{"asset", "name", "steward"}},
		// two phrases that share a word are both found ("local
		// authentication" and "authentication protocols")
		{"Do you support local authentication protocols?", []string{"authentication"}, nil, []string{}},
		// assessing vendors is no security testing of one's own product
		{"Do you perform security assessments of your vendors?", []string{"vendor-assessment"}, nil, []string{}},
		{"Are systems monitored for anomalous activity?", []string{"monitoring"}, nil, []string{}},
		// what the law asks to be disclosed is no forensic evidence
		{"Do you maintain chain of custody for evidence?", []string{"forensics"}, nil, nil},
		{"How do you respond to subpoenas for customer data?", []string{"legal-requests"}, []string{"personal-data"}, []string{}},
		// a supervisory authority is no authorization
		{"Do you notify the supervisory authority of breaches?", []string{"incident-notification", "incident-response", "regulators"}, nil, nil},
		// a regulator is no regulation; "applicable laws and regulations" is boilerplate
		{"Are retention practices consistent with business requirements, applicable laws and regulations?", []string{"data-retention"}, nil, []string{}},
		{"Do you notify regulators of a personal data breach?", []string{"incident-notification", "incident-response", "regulators"}, []string{"personal-data"}, nil},
		// "internationally" is not "internally": both stem to "intern"
		{"Do you transfer personal data internationally?", []string{"international-transfer"}, []string{"personal-data"}, nil},
		{"Are internal access rights reviewed?", []string{"access-control"}, nil, nil},
		// to retain an outside team is to engage a third party, not to retain data
		{"Do you have an internal security team or retain an outside firm?", []string{"security-roles"}, []string{"third-party"}, nil},
		// a "designated" contact is no design; a design stage is
		{"Do you have a designated contact for privacy questions?", []string{"contacts"}, nil, []string{}},
		{"Are security and privacy considered product requirements from the design stage?", []string{"security-by-design"}, []string{"privacy-program"}, []string{}},
		// the CCM domain's own name
		{"Are application and interface security policies and procedures established and maintained?", []string{"application-security"}, nil, []string{}},
		// a sale of assets is a corporate transaction, not a sale of data
		{"Could personal data be transferred in a merger, acquisition or sale of assets?", []string{"corporate-transaction"}, []string{"personal-data"}, nil},
		{"Is source code peer-reviewed?", []string{"code-review"}, nil, []string{}},
		{"Do you honor requests from California residents?", []string{"ccpa"}, nil, []string{"request"}},
		{"Can our admins manage users themselves?", []string{"account-management"}, nil, []string{}},
		// the document a practice is measured against is its reference
		{"Do you require third parties to protect personal information in a manner consistent with your privacy policy?",
			[]string{"third-party-management"}, []string{"personal-data", "privacy-notice"}, []string{}},
		{"Is it true that customer data is not sold?", []string{"data-sale"}, []string{"personal-data"}, []string{}},
		// "minor releases" are no minors
		{"Are minor releases tested before deployment?", []string{"software-testing"}, nil, nil},
		// the risk management of something is about that thing; an
		// "including ..., etc." list is examples
		{"Are risk management procedures associated with changes to production systems, including databases, servers, etc., documented?", []string{"change-management"}, []string{"risk-management", "servers"}, nil},
		{"Do you have a risk management program?", []string{"risk-management"}, nil, nil},
		// monitoring compliance with policies is no security monitoring
		{"Do you monitor compliance with your security policies?", []string{"compliance-monitoring", "security-policy"}, nil, nil},
		// changing assets is change management
		{"Is there a documented process for changing organizational assets?", []string{"change-management"}, nil, nil},
		// where something is kept frames what is asked of it; "hosted" is no server
		{"Are the TLS private keys on your web servers well protected?", []string{"encryption-in-transit", "key-management"}, []string{"servers"}, []string{}},
		{"Do you host the product in a high availability setup?", []string{"hosting", "business-continuity"}, nil, nil},
		// manner words frame the question
		{"Is the product built using secure coding techniques?", []string{"sdlc"}, nil, []string{}},
		// "have you got", contractions and the team that does the work name no topic
		{"Have you got an incident response procedure?", []string{"incident-response"}, nil, []string{}},
		{"Does your engineering team know what you're monitoring?", []string{"monitoring"}, nil, []string{}},
		// the production environment is where activity is watched, not a separation of environments
		{"Is anomalous activity in your production environment detected?", []string{"monitoring"}, nil, nil},
		// a heading before a dash frames the question; one that points back
		// at it ("these", "it", "they") is about what the heading names
		{"A.8.31 Separation of development, test and production environments - Are these environments kept separate?", []string{"environment-separation"}, nil, []string{}},
		{"Backups - are they encrypted?", []string{"encryption", "backup"}, nil, []string{}},
		{"Backups matter - do you encrypt data at rest?", []string{"encryption", "encryption-at-rest"}, []string{"backup"}, nil},
		{"When a critical vulnerability is found in a dependency, is it fixed promptly?", []string{"vulnerability-management"}, nil, nil},
		// a dash inside a question is no heading
		{"Is data encrypted - is it AES-256?", []string{"encryption"}, nil, nil},
		// SOC 2's "the entity", logical access
		{"Does the entity restrict logical access to customer data?", []string{"access-control"}, nil, []string{}},
		{"Is code review part of your software development process?", []string{"code-review", "sdlc"}, nil, []string{}},
		{"Is automated testing part of your build and release pipeline?", []string{"software-testing", "ci-cd"}, nil, []string{}},
		{"Might our personal data be stored in a country other than our own?", []string{"international-transfer"}, []string{"personal-data"}, nil},
		// client systems are machines; customer systems are not (both
		// would fold to "customer system")
		{"Are client systems configured to log security events?", []string{"logging", "endpoint-security"}, nil, nil},
		{"Is internal access to customer systems granted on a least-privilege basis?", []string{"least-privilege"}, nil, []string{}},
		{"Are change control procedures governing modifications to the product documented?", []string{"change-management"}, nil, []string{}},
		// an aside names the topic when the question names only its data
		{"Is customer data protected (e.g., encryption at rest)?", []string{"encryption-at-rest"}, nil, nil},
		// a vendor risk questionnaire is a questionnaire, not vendor risk;
		// to retain ownership is to own, not to retain
		{"Will you complete our vendor risk questionnaire?", []string{"questionnaire"}, nil, nil},
		{"Does our firm retain full ownership of the data we upload?", []string{"data-ownership"}, nil, nil},
		// administrators managing users are no privileged account management
		{"Can customer administrators manage users, roles, and access within their own organization?", []string{"account-management", "authorization"}, nil, nil},
		{"Do you use privileged account management?", []string{"privileged-access"}, nil, nil},
		// a buyer's plain words frame the question
		{"Do you back up customer data, and do you have procedures to recover it if something goes wrong?", []string{"backup"}, []string{"personal-data"}, []string{}},
		{"Is customer data ever used for advertising, or handed over to ad networks?", []string{"advertising-use"}, []string{"personal-data"}, nil},
		{"Do you hand over customer data to law enforcement?", []string{"data-sharing", "legal-requests"}, nil, nil},
		{"Can we use our own encryption keys?", []string{"customer-managed-keys"}, nil, []string{}},
		// a list after "the following:" is an example
		{"Do audit logs record at least all of the following: login, logout and source IP address?", []string{"logging"}, []string{"authentication", "session-management"}, nil},
	}
	for _, tt := range tests {
		a := v.analyse(clean(tt.q))
		if got := ids(v, a.subject); !slices.Equal(got, sorted(tt.subject)) {
			t.Errorf("%q: subject %v, want %v", tt.q, got, sorted(tt.subject))
		}
		if tt.context != nil {
			if got := ids(v, a.context); !slices.Equal(got, sorted(tt.context)) {
				t.Errorf("%q: context %v, want %v", tt.q, got, sorted(tt.context))
			}
		}
		if tt.residue != nil {
			got := a.residual
			if got == nil {
				got = []string{}
			}
			if !slices.Equal(got, tt.residue) {
				t.Errorf("%q: residue %v, want %v", tt.q, got, tt.residue)
			}
		}
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// Tagging a control: title and keywords at full strength, the statement at
// statementShare, topics by ID, broader concepts included.
func TestControlTagging(t *testing.T) {
	cat := loadTestCatalog(t, map[string]string{
		"company.yaml": testCompany,
		"controls/c.yaml": `controls:
  - id: IAM-04
    title: Role-based access control
    domain: access
    status: implemented
    statement: Acme grants permissions by role and logs every change.
  - id: X-01
    title: Something plain
    domain: other
    status: implemented
    statement: Acme does a thing.
    topics: [data-inventory]
`,
	})
	e := New(cat, Options{AsOf: testAsOf})
	v := e.voc
	c := e.ctlConcepts[0]
	if c[v.byID["authorization"]] != 1 || c[v.byID["access-control"]] != 1 {
		t.Errorf("IAM-04: authorization %v, access-control %v: want 1 (title, and its broader concept)", c[v.byID["authorization"]], c[v.byID["access-control"]])
	}
	if c[v.byID["logging"]] != statementShare {
		t.Errorf("IAM-04: logging %v, want %v (statement only)", c[v.byID["logging"]], statementShare)
	}
	if e.ctlConcepts[1][v.byID["data-inventory"]] != 1 {
		t.Error("X-01: the topic data-inventory is not tagged")
	}
	// A question about the broader concept is covered by the narrower one,
	// not the other way round.
	r := e.Answer(Query{Text: "Do you control access to customer data?", Allowed: yesNoNA, HasComment: true})
	check(t, "broader question", r, want{status: "answered", verdict: "yes", answer: "Yes", control: "IAM-04"})
	r = e.Answer(Query{Text: "Do you enforce multi-factor authentication?", Allowed: yesNoNA, HasComment: true})
	if r.Status == StatusAnswered {
		t.Errorf("narrower question answered from a broader control: %+v", r)
	}
}

// A question about two concepts needs both covered: one control that
// covers one of them is not enough.
func TestSubjectMustBeCovered(t *testing.T) {
	e := testEngine(t)
	r := e.Answer(Query{Text: "Are backups encrypted at rest?", Allowed: yesNoNA, HasComment: true})
	if r.Status == StatusAnswered {
		t.Errorf("backups encrypted: answered from %v though no control covers backups (%q)", r.Controls, r.Reasons)
	}
}

const propsControls = `controls:
  - id: BCR-02
    title: Business continuity plan
    domain: continuity
    status: implemented
    statement: Acme maintains a business continuity plan for its critical systems.
    source: security-page
    review_every: 12m
    reviewed: 2026-03-01
    evidence:
      - {name: Continuity tabletop exercise, kind: exercise, collected: 2026-02-10}
  - id: VUL-09
    title: Penetration testing
    domain: vulnerability
    status: implemented
    statement: Acme has its service penetration tested.
    evidence:
      - {name: Pentest report by an independent firm, kind: pentest, collected: 2026-01-15, expires: 2027-01-15}
`

const propsControlsBare = `controls:
  - id: BCR-02
    title: Business continuity plan
    domain: continuity
    status: implemented
    statement: Acme maintains a business continuity plan for its critical systems.
    review_every: 24m
    reviewed: 2026-03-01
  - id: VUL-09
    title: Penetration testing
    domain: vulnerability
    status: implemented
    statement: Acme has its service penetration tested.
    evidence:
      - {name: Pentest report, kind: pentest, collected: 2024-01-15}
`

const propsCompany = `name: Acme
legal_name: Acme Ltd
documents:
  - {id: security-page, title: Security}
`

// Each catalog-backed property, with a catalog that records it and one
// that does not.
func TestCatalogProperties(t *testing.T) {
	with := New(loadTestCatalog(t, map[string]string{"company.yaml": propsCompany, "controls/c.yaml": propsControls}), Options{AsOf: testAsOf})
	without := New(loadTestCatalog(t, map[string]string{"company.yaml": propsCompany, "controls/c.yaml": propsControlsBare}), Options{AsOf: testAsOf})
	tests := []struct {
		property, q, control string
	}{
		{"documented", "Do you have a documented business continuity plan?", "BCR-02"},
		{"reviewed at least annually", "Is the business continuity plan reviewed and updated at least annually?", "BCR-02"},
		{"tested", "Is the business continuity plan tested?", "BCR-02"},
		{"independent", "Do you have independent penetration tests performed?", "VUL-09"},
	}
	for _, tt := range tests {
		r := with.Answer(Query{Text: tt.q, Allowed: yesNoNA, HasComment: true})
		check(t, tt.property+" recorded", r, want{status: "answered", verdict: "yes", answer: "Yes", control: tt.control})
		r = without.Answer(Query{Text: tt.q, Allowed: yesNoNA, HasComment: true})
		check(t, tt.property+" not recorded", r, want{status: "review", reasonHas: "does not state it"})
	}
	// "automated" needs the statement to say so, whatever the evidence.
	r := with.Answer(Query{Text: "Is penetration testing automated?", Allowed: yesNoNA, HasComment: true})
	check(t, "automated", r, want{status: "review", reasonHas: "automated"})
	// a review overdue sends the control to review (as vouch gaps lists it)
	late := New(loadTestCatalog(t, map[string]string{"company.yaml": propsCompany, "controls/c.yaml": propsControls}),
		Options{AsOf: testAsOf.AddDate(1, 0, 0)})
	r = late.Answer(Query{Text: "Do you have a business continuity plan?", Allowed: yesNoNA, HasComment: true})
	check(t, "review overdue", r, want{status: "review", reasonHas: "overdue"})
}

// Expired evidence that a newer item of the same kind supersedes no
// longer blocks the answer; expired evidence alone does.
func TestEvidenceSupersession(t *testing.T) {
	ctl := func(ev string) string {
		return `controls:
  - id: ENC-02
    title: Encryption at rest
    domain: encryption
    status: implemented
    statement: Acme encrypts customer data at rest.
    evidence:
` + ev
	}
	old := "      - {name: KMS config, kind: config, collected: 2025-01-01, expires: 2026-01-01}\n"
	newer := "      - {name: KMS config 2026, kind: config, collected: 2026-01-02, expires: 2027-01-02}\n"
	q := Query{Text: "Is customer data encrypted at rest?", Allowed: yesNoNA, HasComment: true}
	r := New(loadTestCatalog(t, map[string]string{"company.yaml": testCompany, "controls/c.yaml": ctl(old)}), Options{AsOf: testAsOf}).Answer(q)
	check(t, "expired", r, want{status: "review", reasonHas: "expired"})
	r = New(loadTestCatalog(t, map[string]string{"company.yaml": testCompany, "controls/c.yaml": ctl(old + newer)}), Options{AsOf: testAsOf}).Answer(q)
	check(t, "superseded", r, want{status: "answered", verdict: "yes", answer: "Yes", control: "ENC-02"})
}

// A draft control claims nothing.
func TestDraftControl(t *testing.T) {
	cat := loadTestCatalog(t, map[string]string{"company.yaml": testCompany, "controls/c.yaml": `controls:
  - id: IR-01
    title: Incident response plan
    domain: incident-response
    status: draft
    statement: ""
`})
	r := New(cat, Options{AsOf: testAsOf}).Answer(Query{Text: "Do you have an incident response plan?", Allowed: yesNoNA, HasComment: true})
	check(t, "draft", r, want{status: "review", reasonHas: "draft"})
}

// The crosswalk raises recall, never the claim: a mapped control that does
// not cover the question's subject, or lacks a property it asks for, does
// not answer.
func TestCrosswalkChecks(t *testing.T) {
	e := testEngine(t)
	// CEK-03 maps to ENC-01 and ENC-02, neither of which covers key management
	r := e.Answer(Query{ID: "CEK-03.2", Text: "Are encryption keys rotated?", Allowed: yesNoNA, HasComment: true})
	if r.Status == StatusAnswered {
		t.Errorf("crosswalk without the subject answered: %+v", r)
	}
	// SEF-03 maps to IR-01, which does not say "automated"
	r = e.Answer(Query{ID: "SEF-03.4", Text: "Is incident response automated?", Allowed: yesNoNA, HasComment: true})
	check(t, "crosswalk without the property", r, want{status: "review", reasonHas: "automated"})
	// with both, the crosswalk answers and says so
	r = e.Answer(Query{ID: "SEF-03.1", Text: "Do you have an incident response plan?", Allowed: yesNoNA, HasComment: true})
	check(t, "crosswalk", r, want{status: "answered", verdict: "yes", answer: "Yes", control: "IR-01", reasonHas: "crosswalk caiq SEF-03"})
}

// A question about what customers are given is not answered by the
// vendor's own practice.
func TestOfferedToCustomers(t *testing.T) {
	cat := loadTestCatalog(t, map[string]string{"company.yaml": testCompany, "controls/c.yaml": `controls:
  - id: SDL-02
    title: Separation of environments
    domain: development
    status: implemented
    statement: Acme keeps its development, test and production environments separate.
`})
	e := New(cat, Options{AsOf: testAsOf})
	r := e.Answer(Query{Text: "Do you provide tenants with separate environments for production and test?", Allowed: yesNoNA, HasComment: true})
	check(t, "offered", r, want{status: "review", reasonHas: "customers are offered"})
	r = e.Answer(Query{Text: "Do you keep non-production environments separate from production?", Allowed: yesNoNA, HasComment: true})
	check(t, "own practice", r, want{status: "answered", verdict: "yes", answer: "Yes", control: "SDL-02"})
}

// Two controls of one domain answer a two-concept question together, with
// the weaker verdict.
func TestPairAnswer(t *testing.T) {
	e := testEngine(t)
	r := e.Answer(Query{Text: "Is customer data encrypted at rest and in transit?", Allowed: yesNoNA, HasComment: true})
	check(t, "pair", r, want{status: "answered", verdict: "partial", answer: "Yes", commentHas: "Caveat: Internal"})
	if !slices.Equal(r.Controls, []string{"ENC-01", "ENC-02"}) && !slices.Equal(r.Controls, []string{"ENC-02", "ENC-01"}) {
		t.Errorf("pair controls %v", r.Controls)
	}
}

// Explain carries the analysis.
func TestExplain(t *testing.T) {
	x := testEngine(t).Explain(Query{Text: "Do you have a documented incident response plan?", Allowed: yesNoNA, HasComment: true})
	if !slices.Contains(x.Subject, "incident-response") || !slices.Contains(x.Asks, "documented/written") || x.Status == "" {
		t.Errorf("explain: %+v", x)
	}
}

// Law enforcement asking for data is no ask that a control be enforced.
func TestLawEnforcementIsNoEnforcement(t *testing.T) {
	e := testEngine(t)
	for q, want := range map[string]bool{
		"Do you share personal information with law enforcement?": false,
		"Is password complexity enforced?":                        true,
	} {
		x := e.Explain(Query{Text: q, Allowed: yesNoNA, HasComment: true})
		if got := slices.Contains(x.Asks, "enforced"); got != want {
			t.Errorf("%q asks enforced: %v, want %v (%v)", q, got, want, x.Asks)
		}
	}
}

// A dropdown whose values are answers in words takes the strongest one the
// control supports, never a negated one, never one that claims more.
func TestSentenceChoice(t *testing.T) {
	cat := loadTestCatalog(t, map[string]string{"company.yaml": testCompany, "controls/c.yaml": `controls:
  - id: PRV-07
    title: Privacy rights requests
    domain: privacy
    status: implemented
    statement: Acme handles privacy rights requests (access, deletion) from individuals.
    caveat: No response timeframe is published.
`})
	e := New(cat, Options{AsOf: testAsOf})
	choices := []string{
		"We have a documented process to guarantee that deletion and access requests are handled within the legal timeframe.",
		"We handle privacy requests as they come.",
		"We are not prepared for privacy requests.",
	}
	r := e.Answer(Query{Text: "How do you handle privacy requests?", Allowed: choices, HasComment: true})
	check(t, "sentence choice", r, want{status: "answered", verdict: "yes", answer: choices[1], control: "PRV-07", reasonHas: "strongest"})
	// with only the overreaching and the negated value, nothing is chosen
	r = e.Answer(Query{Text: "How do you handle privacy requests?", Allowed: []string{choices[0], choices[2]}, HasComment: true})
	check(t, "no supported sentence", r, want{status: "review"})
}

// A descriptive question that asks for a number, a name or a link needs
// one in the narrative.
func TestFactQuestions(t *testing.T) {
	e := testEngine(t)
	for _, q := range []string{
		"How many incident response plans do you keep?",
		"Who is responsible for your incident response plan?",
		"Please provide a link to your incident response plan.",
	} {
		r := e.Answer(Query{Text: q})
		if r.Status == StatusAnswered {
			t.Errorf("%q answered with %q", q, r.Answer)
		}
	}
	r := e.Answer(Query{Text: "Describe your incident response plan."})
	check(t, "description", r, want{status: "answered", verdict: "yes", control: "IR-01"})
}
