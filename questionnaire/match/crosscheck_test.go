package match

import (
	"slices"
	"strings"
	"testing"
)

// controlsEngine is an engine over the test company and the controls
// YAML given.
func controlsEngine(t *testing.T, controlsYAML string) *Engine {
	t.Helper()
	return New(loadTestCatalog(t, map[string]string{"company.yaml": testCompany, "controls/controls.yaml": controlsYAML}), Options{AsOf: testAsOf})
}

// A Yes from one control must not contradict the caveat of another that is
// about the question's subject: "Are retention periods published?" is not
// answered from a published policy that mentions retention while the
// retention control says its periods are not published.
func TestDeniedByAnotherCaveat(t *testing.T) {
	const policy = `  - id: POL-01
    title: Published privacy policy
    domain: privacy
    status: implemented
    statement: Acme Cloud publishes a privacy policy describing how it collects, uses and retains personal information.
    keywords: [privacy policy, privacy notice]
`
	const retention = `  - id: RET-01
    title: Retention schedules
    domain: retention
    status: implemented
    statement: Acme Cloud keeps account and usage data according to internal retention schedules.
    keywords: [retention schedules, retention policy]
`
	engine := func(retentionCaveat string) *Engine {
		ctl := "controls:\n" + policy + retention + retentionCaveat
		return controlsEngine(t, ctl)
	}
	q := Query{Text: "Are retention periods published?", Allowed: yesNoNA, HasComment: true}

	denied := engine("    caveat: The retention periods themselves are not published.\n").Answer(q)
	check(t, "caveat denies", denied, want{status: StatusReview, reasonHas: "which the caveat of RET-01"})

	stated := engine("").Answer(q)
	if stated.Status != StatusAnswered || stated.Verdict != VerdictYes {
		t.Errorf("without the caveat: %s %s %v, want answered yes", stated.Status, stated.Verdict, stated.Reasons)
	}
	// the words of the subject are the other control's topic, not its
	// denial: a question on retention schedules is still answered
	q2 := Query{Text: "Do you keep data according to retention schedules?", Allowed: yesNoNA, HasComment: true}
	check(t, "subject words", engine("    caveat: The retention periods themselves are not published.\n").Answer(q2), want{status: StatusAnswered, verdict: VerdictYes, control: "RET-01"})
}

// A question on what may happen is answered by a statement of what may
// happen; a request for leave is no such question.
func TestAsksPossibility(t *testing.T) {
	for q, want := range map[string]bool{
		"May personal data be transferred in a merger?":         true,
		"Might backups retain data after deletion?":             true,
		"Is it possible that staff see customer content?":       true,
		"Could personal data be transferred in an acquisition?": true,
		"Could you send us your security policy?":               false,
		"May we review your SOC 2 report?":                      false,
		"May our auditors visit your office?":                   false,
		"Do you share personal data with advisors?":             false,
		"Do backups retain data after deletion?":                false,
		"Might our personal data be processed abroad?":          true,
		"Might our team see your policies?":                     false,
		"Could our data end up stored in a different country?":  true,
		"Could our data go over to the buyer?":                  true,
	} {
		if got := asksPossibility(clean(q)); got != want {
			t.Errorf("asksPossibility(%q) = %v, want %v", q, got, want)
		}
	}
}

// A question whose subject is only a generic concept ("your servers") is
// not answered by a control whose statement merely mentions it.
func TestGenericSubjectNeedsItsTopic(t *testing.T) {
	const ctl = `controls:
  - id: ENC-09
    title: Encryption at rest
    domain: encryption
    status: implemented
    statement: Acme Cloud encrypts stored data where its servers and their configuration support it.
    keywords: [at rest, disk encryption]
  - id: OPS-09
    title: Server configuration management
    domain: operations
    status: implemented
    statement: Acme Cloud manages the configuration of its servers with versioned templates.
    keywords: [configuration management, servers]
`
	e := controlsEngine(t, ctl)
	q := Query{Text: "Do you manage the configuration of your servers?", Allowed: yesNoNA, HasComment: true}
	check(t, "about servers", e.Answer(q), want{status: StatusAnswered, verdict: VerdictYes, control: "OPS-09"})

	only := controlsEngine(t, ctl[:strings.Index(ctl, "  - id: OPS-09")])
	if r := only.Answer(q); r.Status == StatusAnswered {
		t.Errorf("a statement that mentions servers answered %q: %s %v", q.Text, r.Verdict, r.Reasons)
	}
}

// When the best match's caveat denies what the question asks ("no
// disclosure policy is published"), a runner-up that does not state it
// either does not answer in its place.
func TestCaveatNotPassedOver(t *testing.T) {
	const ctl = `controls:
  - id: VUL-09
    title: Private vulnerability reporting
    domain: vulnerability
    status: partial
    statement: Acme Cloud asks researchers to report security vulnerabilities privately to its security contact.
    caveat: No disclosure policy is published.
    keywords: [vulnerability disclosure, security contact]
  - id: CON-09
    title: Published contacts
    domain: compliance
    status: implemented
    statement: Acme Cloud publishes its security contact, security@acme.example.
    keywords: [security contact]
`
	e := controlsEngine(t, ctl)
	q := Query{Text: "Do you have a published vulnerability disclosure policy?", Allowed: yesNoNA, HasComment: true}
	check(t, "denied", e.Answer(q), want{status: StatusReview, reasonHas: "which the caveat of VUL-09"})
	q2 := Query{Text: "Do you publish a security contact?", Allowed: yesNoNA, HasComment: true}
	if r := e.Answer(q2); r.Status != StatusAnswered {
		t.Errorf("%q: %s %v, want answered", q2.Text, r.Status, r.Reasons)
	}
}

// A question about a practice without what a control states with it, or
// for other ends, is not answered Yes from that control; a negative
// commitment that says the same "without" still answers No.
func TestExclusionIsNoPractice(t *testing.T) {
	for q, want := range map[string]bool{
		"Is data shared with third parties without contractual safeguards?": true,
		"Can data be accessed without authentication?":                      true,
		"Is customer data used for purposes other than the service?":        true,
		"Will you notify customers without undue delay?":                    false,
		"Is data shared with or without consent?":                           false,
		"Is data shared under contractual safeguards?":                      false,
	} {
		if got := excludes(q); got != want {
			t.Errorf("excludes(%q) = %v, want %v", q, got, want)
		}
	}
	e := testEngine(t)
	r := e.Answer(Query{Text: "Is customer data encrypted in transit without TLS?", Allowed: yesNoNA, HasComment: true})
	if r.Status == StatusAnswered && r.Verdict != VerdictNo {
		t.Errorf("without TLS: %s %s %v", r.Status, r.Verdict, r.Reasons)
	}
	check(t, "with TLS", e.Answer(Query{Text: "Is customer data encrypted in transit with TLS?", Allowed: yesNoNA, HasComment: true}),
		want{status: StatusAnswered, verdict: VerdictPartial, answer: "Yes", control: "ENC-01"})
}

// A dropdown whose values are sentences named by the sheet as its Yes and
// No (VSAQ's choices column) is answered with the named Yes when the control
// supports the question, and the sentence is still a claim of its own: one
// that says more than the control states goes to review.
func TestNamedChoices(t *testing.T) {
	e := controlsEngine(t, `controls:
  - id: IAM-09
    title: Role-based authorization
    domain: access
    status: implemented
    statement: Acme Cloud authorizes access with role-based access controls and least-privilege permissions.
    keywords: [RBAC, role-based access, authorization, roles]
  - id: KEY-09
    title: Secrets management
    domain: encryption
    status: implemented
    statement: Acme Cloud stores credentials and keys in a dedicated secrets manager.
    keywords: [secrets management, credentials, keys]
`)
	const roles = "Have you ensured that users can perform only the actions appropriate for their roles?"
	enforce := []string{"The application enforces these restrictions for each request.", "We may have missed checks in a few places."}
	keys := []string{"authz_roles_yes", "authz_roles_no"}
	r := e.Answer(Query{Text: roles, Allowed: enforce, Keys: keys, HasComment: true})
	check(t, "named Yes", r, want{status: "answered", verdict: "yes", answer: enforce[0], control: "IAM-09"})

	// Without the names the same values spell nothing the control supports.
	r = e.Answer(Query{Text: roles, Allowed: enforce, HasComment: true})
	check(t, "unnamed sentences", r, want{status: "review"})

	// The named Yes claims that every use changes the password: not stated.
	vault := []string{"We keep the key in a vault and rotate it after every use.", "We are not that careful with keys."}
	r = e.Answer(Query{Text: "Where are credentials and keys stored?", Allowed: vault, Keys: []string{"keys_yes", "keys_no"}, HasComment: true})
	check(t, "named Yes that claims more", r, want{status: "review", reasonHas: "all/every"})
	vault[0] = "We keep credentials and keys in a dedicated vault."
	r = e.Answer(Query{Text: "Where are credentials and keys stored?", Allowed: vault, Keys: []string{"keys_yes", "keys_no"}, HasComment: true})
	check(t, "named Yes it states", r, want{status: "answered", verdict: "yes", answer: vault[0], control: "KEY-09"})
}

// A control joins a pair only when its title is about what the question
// raises: the cookie-consent control covers the consent of "consent before
// using personal data for new purposes" but is about cookies; an opt-out
// afterwards is no consent obtained before.
func TestPairOnTopic(t *testing.T) {
	e := controlsEngine(t, `controls:
  - id: PRV-31
    title: Cookies and consent
    domain: privacy
    status: implemented
    statement: Acme Cloud asks for consent to analytics cookies in its cookie banner.
    keywords: [cookies, cookie consent, cookie banner]
  - id: PRV-32
    title: Marketing opt-out
    domain: privacy
    status: implemented
    statement: Recipients can opt out of Acme Cloud marketing emails at any time.
    keywords: [unsubscribe, opt-out]
  - id: PRV-33
    title: Limited use of personal data
    domain: privacy
    status: implemented
    statement: Acme Cloud uses personal data only for the purposes stated in its privacy notice.
    keywords: [purpose limitation, data minimisation, only for the purposes]
  - id: ENC-31
    title: Encryption in transit
    domain: encryption
    status: implemented
    statement: Acme Cloud encrypts data in transit with TLS.
    keywords: [TLS, in transit]
  - id: ENC-32
    title: Secrets management
    domain: encryption
    status: implemented
    statement: Acme Cloud keeps credentials and private keys in a secrets manager.
    keywords: [secrets management, private keys]
`)
	r := e.Answer(Query{Text: "Do you obtain consent before using personal data for new purposes?", Allowed: yesNoNA, HasComment: true})
	check(t, "consent for new purposes", r, want{status: "review"})
	r = e.Answer(Query{Text: "Do you obtain consent for analytics cookies?", Allowed: yesNoNA, HasComment: true})
	check(t, "cookie consent", r, want{status: "answered", verdict: "yes", control: "PRV-31"})
	r = e.Answer(Query{Text: "Can recipients unsubscribe from marketing emails?", Allowed: yesNoNA, HasComment: true})
	check(t, "opt-out", r, want{status: "answered", verdict: "yes", control: "PRV-32"})
	// two controls whose titles are both about the question still pair
	r = e.Answer(Query{Text: "Are your TLS private keys protected?", Allowed: yesNoNA, HasComment: true})
	if r.Status != StatusAnswered || !slices.Contains(r.Controls, "ENC-31") || !slices.Contains(r.Controls, "ENC-32") {
		t.Errorf("TLS private keys: %s %v %q", r.Status, r.Controls, r.Reasons)
	}
}
