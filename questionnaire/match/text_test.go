package match

import (
	"sort"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Do you use TLS1.2 or higher?", []string{"do", "you", "use", "tls1.2", "or", "higher"}},
		{"2FA, two-factor", []string{"2fa", "two", "factor"}},
		{"version 1.2.", []string{"version", "1.2"}},
		{"24/7 monitoring", []string{"24", "7", "monitoring"}},
		{"A&A-01.1", []string{"a", "a", "01.1"}},
		{"", nil},
		{"façade Müller", []string{"façade", "müller"}},
	}
	for _, tt := range tests {
		got := split(clean(tt.in))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<b>Do</b> you&nbsp;encrypt <a href='x'>data</a>?", "do you encrypt data ?"},
		{"Data &amp; keys", "data & keys"},
		{"Line\nbreaks\r\n  and   tabs\t", "line breaks and tabs"},
		{"We don’t sell data", "we do not sell data"},
		{"It can't and won't", "it can not and will not"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Do you encrypt the data?", "encrypt data"},
		{"Encryption of databases", "encrypt databas"},
		{"Are <i>backups</i> tested?", "backup test"},
		{"Is customer data sold?", "customer data sell"},
		{"Do you use TLS 1.2?", "tls 1.2"},
		{"", ""},
		{"the and of", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every synonym phrase must fold to its canonical term, alone and inside a
// sentence.
func TestSynonymTable(t *testing.T) {
	if len(synonyms) < 30 {
		t.Fatalf("synonym table has %d entries, want at least 30", len(synonyms))
	}
	seen := map[string]bool{}
	for _, s := range synonyms {
		if seen[s.canon] {
			t.Errorf("canonical term %q appears twice", s.canon)
		}
		seen[s.canon] = true
		for _, p := range s.phrases {
			p = strings.TrimPrefix(p, "=")
			got := seq(p)
			if len(got) != 1 || got[0] != s.canon {
				t.Errorf("phrase %q folds to %q, want [%s]", p, got, s.canon)
			}
			in := "we check " + p + " here"
			if !strings.Contains(" "+Normalize(in)+" ", " "+s.canon+" ") {
				t.Errorf("Normalize(%q) = %q, want it to hold %q", in, Normalize(in), s.canon)
			}
		}
	}
}

func TestSynonymsFoldEquivalents(t *testing.T) {
	groups := [][]string{
		{"Do you enforce MFA?", "Do you enforce 2FA?", "Do you enforce two-factor authentication?", "Do you enforce multi-factor authentication?", "Do you enforce multifactor authentication?"},
		{"Do you support SSO?", "Do you support single sign-on?", "Do you support SAML?", "Do you support OIDC?"},
		{"Do you have a DR plan?", "Do you have a disaster recovery plan?", "Do you have a business continuity plan?"},
		{"Do you run a pentest?", "Do you run a pen test?", "Do you run a penetration test?", "Do you run penetration testing?"},
		{"Is data encrypted in transit?", "Is data encrypted in-transit?", "Is data encrypted with TLS?", "Is data encrypted with SSL?", "Is data encrypted with HTTPS?"},
		{"Is data encrypted at rest?", "Is data encrypted at-rest?"},
		{"Do you use RBAC?", "Do you use role-based access?"},
		{"Do you apply least privilege?", "Do you apply need-to-know?"},
		{"Do you have an IR plan?", "Do you have an incident response plan?"},
		{"Do you follow an SDLC?", "Do you follow a software development lifecycle?"},
		{"Do you track vulns?", "Do you track vulnerabilities?", "Do you track vulnerability?"},
		{"Do you sign a DPA?", "Do you sign a data processing agreement?", "Do you sign a data processing addendum?"},
		{"Do you store PII?", "Do you store personal data?", "Do you store personal information?"},
		{"Do you list subprocessors?", "Do you list sub-processors?", "Do you list third-party processors?"},
		{"Do you keep logs?", "Do you keep logging?", "Do you keep an audit trail?"},
		{"Do you take backups?", "Do you take backup?", "Do you take back-ups?"},
		{"How do you handle key management?", "How do you handle encryption keys?", "How do you handle KMS?", "How do you handle secrets?"},
		{"Is patching done?", "Are patches done?", "Is patch management done?", "Are security updates done?"},
		{"Do you sell data?", "Is data sold?", "Is there a sale of data?"},
		{"Do you monitor 24/7?", "Do you monitor 24x7?", "Do you monitor around the clock?"},
		{"Do you review annually?", "Do you review yearly?", "Do you review once a year?"},
		{"Do you perform background checks?", "Do you perform background screening?"},
	}
	for _, g := range groups {
		want := sortedTerms(g[0])
		for _, s := range g[1:] {
			if got := sortedTerms(s); got != want {
				t.Errorf("Normalize(%q) = %q, want %q (as %q)", s, got, want, g[0])
			}
		}
	}
}

func sortedTerms(s string) string {
	ts := uniq(terms(s))
	sort.Strings(ts)
	return strings.Join(ts, " ")
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, s := range []string{"Do you enforce multi-factor authentication for employees?", "Is data encrypted at rest using AES-256?", "24/7 SOC"} {
		n := Normalize(s)
		if n2 := Normalize(n); n2 != n {
			t.Errorf("Normalize(Normalize(%q)) = %q, want %q", s, n2, n)
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b   string
		lo, hi float64
	}{
		{"Do you encrypt data at rest?", "Do you encrypt data at rest?", 1, 1},
		{"Do you encrypt data at rest?", "Is data encrypted at-rest?", 0.75, 0.95},
		{"Encrypt data at rest", "encrypted data at-rest", 1, 1},
		{"Do you encrypt data at rest?", "Do you have a bug bounty program?", 0, 0.01},
		{"Do you sell customer data?", "Do you refrain from selling customer data?", 0.3, 0.6},
		{"Do you enforce MFA for admins?", "Is multi-factor authentication enforced for administrators?", 0.6, 1},
		{"", "", 0, 0},
		{"", "Do you encrypt?", 0, 0},
		{"Product Name", "Vendor Name", 0.4, 0.6},
		{"Vendor Name", "vendor  name", 1, 1},
	}
	for _, tt := range tests {
		got := Similarity(tt.a, tt.b)
		if got < tt.lo || got > tt.hi {
			t.Errorf("Similarity(%q, %q) = %.2f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.lo, tt.hi)
		}
		if back := Similarity(tt.b, tt.a); back != got {
			t.Errorf("Similarity is not symmetric for %q / %q: %.3f vs %.3f", tt.a, tt.b, got, back)
		}
	}
}

func TestNegated(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Do you sell customer data?", false},
		{"Do you refrain from selling customer data?", true},
		{"Do you commit not to sell customer data?", true},
		{"Is customer data never sold?", true},
		{"Do you sell customer data? If not, please explain.", false},
		{"Do you encrypt data at rest? If no, describe compensating controls.", false},
		{"Whether or not you encrypt, describe it.", false},
		{"Do you notify customers no later than 72 hours?", false},
		{"We don't sell data.", true},
		{"Data is not applicable here?", false},
		// "if there is none" is a condition, not a denial
		{"Do you collect data only for the purposes in the agreement or, if there is none, the notice?", false},
		{"Is there none?", true},
	}
	for _, tt := range tests {
		if got := negated(tt.in); got != tt.want {
			t.Errorf("negated(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if !negatedWeak("Do you prevent the sale of customer data?") {
		t.Error("negatedWeak should read prevent as a negative cue")
	}
}

func TestNegativeControl(t *testing.T) {
	tests := []struct {
		title, statement string
		want             bool
	}{
		{"No sale of personal or customer data", "Kora Studio does not sell personal data or customer data.", true},
		{"Payment card data not stored", "Kora Studio does not store full card numbers.", true},
		{"Children's privacy", "Kora Studio is not directed to children and does not knowingly collect data.", true},
		{"Private vulnerability reporting", "Kora Studio asks anyone who believes they have found a security vulnerability to report it privately, and not to disclose it publicly.", false},
		{"Encryption in transit", "Kora Studio uses TLS to protect data.", false},
	}
	for _, tt := range tests {
		if got := negativeControl(tt.title, tt.statement); got != tt.want {
			t.Errorf("negativeControl(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}

func TestIsOpen(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Describe your key management.", true},
		{"How long is the session timeout?", true},
		{"What encryption do you use?", true},
		{"Please explain your backup strategy.", true},
		{"Please list your subprocessors.", true},
		{"Provide a link to your privacy policy.", true},
		{"Do you encrypt data at rest?", false},
		{"Is MFA enforced? If yes, describe how.", false},
		{"1.2 Describe your incident response.", true},
		{"(SaaS only) Do you review applications?", false},
		{"Please indicate whether you encrypt data.", false},
		{"Firewalls are a basic control. Does your company use firewalls?", false},
	}
	for _, tt := range tests {
		if got := isOpen(tt.in); got != tt.want {
			t.Errorf("isOpen(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// Business continuity is not a real-time property: the stems stay apart,
// and a continuity question asks for no "continuous".
func TestContinuityIsNotContinuous(t *testing.T) {
	if a, b := stem("continuity"), stem("continuous"); a == b {
		t.Errorf("continuity and continuous share the stem %q", a)
	}
	if stem("continuously") != stem("continuous") {
		t.Error("continuously and continuous differ")
	}
	for q, want := range map[string]bool{
		"Do you test recovery of production for the purposes of continuity?": false,
		"Do you monitor the platform continuously?":                          true,
	} {
		asked, _ := askedQualifiers(qualifierSeqClean(clean(q)))
		got := false
		for _, i := range asked {
			if compiledQualifiers[i].name == "real-time/continuous" {
				got = true
			}
		}
		if got != want {
			t.Errorf("%q: asks real-time/continuous = %v, want %v", q, got, want)
		}
	}
}

func TestNotifyRecipient(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"kora studio notifies customers of security incidents", "customers"},
		{"will you notify affected data subjects of a breach?", "individuals"},
		{"do you inform impacted end users?", "individuals"},
		{"do you notify the supervisory authority within 72 hours?", "regulators"},
		{"is law enforcement notified?", "regulators"},
		{"are affected individuals notified of breaches?", "individuals"},
		{"will the institution be notified of a breach?", "customers"},
		{"do you have a notification process?", ""},
		{"incident response plan", ""},
	} {
		if got := notifyRecipient(tc.text); got != tc.want {
			t.Errorf("notifyRecipient(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestMayInform(t *testing.T) {
	for s, want := range map[string]bool{"information security": false, "we inform customers": true, "informed of": true,
		"information and informing": true, "no such word": false, "informational informs": true} {
		if got := mayInform(s); got != want {
			t.Errorf("mayInform(%q) = %v, want %v", s, got, want)
		}
	}
}
