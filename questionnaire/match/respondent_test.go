package match

import (
	"slices"
	"testing"
)

func TestAsRespondent(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// the party the question is addressed to is "you"
		{"does the supplier monitor its libraries?", "do you monitor its libraries?"},
		{"will the vendor notify customers?", "will you notify customers?"},
		{"has the organisation documented its lawful bases?", "have you documented its lawful bases?"},
		{"is the service provider willing to sign an nda?", "are you willing to sign an nda?"},
		{"vendor encrypts data at rest (y/n)", "you encrypts data at rest (y/n)"},
		{"the company shall not sell data.", "you shall not sell data."},
		{"is there a bcp covering the vendor's critical systems?", "is there a bcp covering your critical systems?"},
		{"company's website uses cookies", "your website uses cookies"},
		{"if the vendor discovers a breach, will the vendor notify us?", "if you discovers a breach, will you notify us?"},
		{"please confirm that the contractor deletes data.", "please confirm that you deletes data."},
		// a third party the vendor deals with stays one
		{"do you assess the supplier before onboarding?", "do you assess the supplier before onboarding?"},
		{"supplier management policy is in place", "supplier management policy is in place"},
		{"do your subprocessors' staff sign ndas?", "do your subprocessors' staff sign ndas?"},
		{"do you review your vendors' soc 2 reports?", "do you review your vendors' soc 2 reports?"},
		{"is access given to the hosting provider?", "is access given to the hosting provider?"},
	} {
		if got := asRespondent(c.in); got != c.want {
			t.Errorf("asRespondent(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestRespondentAnswered: a question that names the vendor in the third
// person is answered as one addressed to "you", and a supplier it names as
// a third party is still one.
func TestRespondentAnswered(t *testing.T) {
	e := koraEngine(t)
	for _, c := range []struct{ third, second string }{
		{"Does the supplier carry out post-incident reviews?", "Do you carry out post-incident reviews?"},
		{"Does the supplier monitor third-party libraries for vulnerabilities?", "Do you monitor third-party libraries for vulnerabilities?"},
	} {
		a, b := e.Answer(Query{Text: c.third, Allowed: yesNoNA}), e.Answer(Query{Text: c.second, Allowed: yesNoNA})
		if a.Status != StatusAnswered || a.Verdict != b.Verdict || len(a.Controls) == 0 || a.Controls[0] != b.Controls[0] {
			t.Errorf("%q: %s %s %v; %q: %s %s %v", c.third, a.Status, a.Verdict, a.Controls, c.second, b.Status, b.Verdict, b.Controls)
		}
	}
	// the supplier assessed is the vendor's own supplier
	r := e.Answer(Query{Text: "Does the vendor assess the security of its suppliers?", Allowed: yesNoNA})
	if r.Status != StatusAnswered || len(r.Controls) == 0 || r.Controls[0] != "VEN-01" {
		t.Errorf("supplier assessment: %s %v, want an answer from VEN-01 (subprocessor selection)", r.Status, r.Controls)
	}
}

// TestYesNoMarkIsNoField: a short statement marked "(Y/N)" wants a yes or
// a no, while the same words without the mark are a form field.
func TestYesNoMarkIsNoField(t *testing.T) {
	for _, c := range []struct {
		text  string
		field bool
	}{
		{"company website", true},
		{"vendor website uses marketing cookies (y/n)", false},
		{"encryption at rest? (yes/no)", false},
		{"backups tested [yes or no]", false},
		{"city/nation of headquarters", true},
	} {
		if got := isField(c.text); got != c.field {
			t.Errorf("isField(%q) = %v, want %v", c.text, got, c.field)
		}
	}
}

func TestStripQuestionCode(t *testing.T) {
	for in, want := range map[string]string{
		"hfih-01 do you have a plan?":     "do you have a plan?",
		"a.5.34 privacy of pii - are?":    "privacy of pii - are?",
		"ccc-01.1 are policies in place?": "are policies in place?",
		"1.2 do you use tls?":             "do you use tls?",
		"3) do you patch?":                "do you patch?",
		"soc2 report available?":          "soc2 report available?",
		"1 year of logs kept?":            "1 year of logs kept?",
		"tls1.2 in use?":                  "tls1.2 in use?",
		"aaai-07":                         "aaai-07",
	} {
		if got := stripQuestionCode(in); got != want {
			t.Errorf("stripQuestionCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPracticeUnderHeading: a regime's heading over a question on a
// practice frames it; a question after the heading on reports, audits or
// compliance is still about the regime.
func TestPracticeUnderHeading(t *testing.T) {
	for cl, want := range map[string]bool{
		"pci - do you store full card numbers?":                     true,
		"coppa - do you collect data from children under 13?":       true,
		"soc 2 - do you have a current report?":                     false,
		"pci - are you compliant with the standard?":                false,
		"hipaa - will you sign a baa?":                              false,
		"do you store full card numbers for pci?":                   false,
		"security - do you store full card numbers?":                true,
		"iso 27001 - are you certified against the latest version?": false,
	} {
		if got := practiceUnderHeading(cl); got != want {
			t.Errorf("practiceUnderHeading(%q) = %v, want %v", cl, got, want)
		}
	}
	if f := framingTerms("do you sell personal data as defined by the ccpa?"); !f["ccpa"] || f["sell"] {
		t.Errorf("framingTerms: %v, want ccpa and not sell", f)
	}
}

// TestNestsOnlyListed: a concept named beside a narrower one in a list
// asks for both; a narrower concept that qualifies it asks for it through
// the narrower one.
func TestNestsOnlyListed(t *testing.T) {
	e := koraEngine(t)
	id := func(s string) int { return e.voc.byID[s] }
	for _, c := range []struct {
		q             string
		broad, narrow string
		want          bool
	}{
		{"are cryptography, encryption, and key management policies established?", "encryption", "key-management", true},
		{"do you limit subprocessor access to customer data to the minimum necessary?", "access-control", "least-privilege", false},
	} {
		an := e.voc.analyse(c.q)
		if !slices.Contains(an.subject, id(c.broad)) || !slices.Contains(an.subject, id(c.narrow)) {
			t.Fatalf("%q: subject %v lacks %s or %s", c.q, an.subject, c.broad, c.narrow)
		}
		if got := an.nests(e.voc, id(c.broad)); got != c.want {
			t.Errorf("%q: nests(%s) = %v, want %v", c.q, c.broad, got, c.want)
		}
	}
}
