package match

import (
	"slices"
	"testing"
)

func TestEitherVariants(t *testing.T) {
	tests := []struct {
		text string
		want []string // nil: not two alternatives
	}{
		{"Do you use a web application firewall (WAF) and/or an intrusion prevention system?",
			[]string{"Do you use a web application firewall (WAF)?", "Do you use an intrusion prevention system?"}},
		{"Do you run a SIEM and/or a log archive? Describe it.",
			[]string{"Do you run a SIEM? Describe it.", "Do you run a log archive? Describe it."}},
		// verbs or bare nouns after "and/or": not two noun phrases
		{"Will data be returned and/or deleted at the end of the contract?", nil},
		{"Is data encrypted at rest and/or in transit?", nil},
		// "or" alone may ask which one ("a single-tenant or a multi-tenant environment")
		{"Is data stored in a single-tenant or a multi-tenant environment?", nil},
		// two "and/or", or one across clauses: left as they are
		{"Do you use a WAF and/or an IPS and/or a SIEM?", nil},
		{"Do you use a WAF, and is it tuned and/or a IPS?", nil},
		{"a WAF and/or an IPS", nil},
	}
	for _, tt := range tests {
		if got := eitherVariants(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("eitherVariants(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// Either alternative answers Yes; a No to one of them is no No to both.
func TestEitherAnswer(t *testing.T) {
	lib := `answers:
  - id: LIB-0001
    question: Do you use a web application firewall?
    verdict: "yes"
    answer: "Yes"
    sources: [{file: a.xlsx, row: 3, verdict: "yes", learned: 2026-01-10}]
  - id: LIB-0002
    question: Do you use a hardware security module?
    verdict: "no"
    answer: "No"
    sources: [{file: a.xlsx, row: 4, verdict: "no", learned: 2026-01-10}]
`
	e := New(loadTestCatalog(t, map[string]string{"company.yaml": reuseCompany, "library.yaml": lib}), Options{AsOf: testAsOf})
	ask := func(q string) Result { return e.Answer(Query{Text: q, Allowed: yesNoNA, HasComment: true}) }

	r := ask("Do you use a hardware security module and/or a web application firewall?")
	check(t, "either", r, want{status: "answered", verdict: "yes", answer: "Yes", library: "LIB-0001", reasonHas: "either of two"})

	r = ask("Do you use a hardware security module and/or a cloud key vault?")
	if r.Status == StatusAnswered && r.Verdict == VerdictNo {
		t.Errorf("a No to one alternative answered both: %+v", r)
	}
}
