package match

import "testing"

func TestStripConditions(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		stripped bool
	}{
		{"are your systems and applications scanned with an authenticated user account for vulnerabilities [that are remediated] prior to new releases?",
			"are your systems and applications scanned for vulnerabilities [that are remediated] ?", true},
		{"are backups encrypted using aes-256, and tested?", "are backups encrypted , and tested?", true},
		{"are patches applied within 30 days of release?", "are patches applied ?", true},
		{"are logs kept for at least one year?", "are logs kept for ?", true},
		// "with" as the complement of the verb: what is done, not how
		{"do you comply with gdpr?", "do you comply with gdpr?", false},
		{"is data shared with third parties?", "is data shared with third parties?", false},
		// a marker with nothing after it, or no marker at all
		{"which tools do you scan with?", "which tools do you scan with?", false},
		{"do you have an incident response plan?", "do you have an incident response plan?", false},
		{"", "", false},
	} {
		got, stripped := stripConditions(tc.in)
		if got != tc.want || stripped != tc.stripped {
			t.Errorf("stripConditions(%q) = %q, %v; want %q, %v", tc.in, got, stripped, tc.want, tc.stripped)
		}
	}
}

// A learned question for administrators is as narrow as one for privileged
// users, and narrower than one for everyone.
func TestNarrowerScope(t *testing.T) {
	learned := func(q string) *libEntry {
		core, _ := splitCore(clean(q))
		return &libEntry{coreSeq: seq(core)}
	}
	admins := learned("Do you require MFA for administrators?")
	for _, tc := range []struct {
		q, want string
	}{
		{"Do you require MFA for administrators?", ""},
		{"Do you require MFA for privileged users?", ""},
		{"Do you require MFA for all users?", seq("administrators")[0]},
	} {
		if got := narrowerScope(newQuestion(tc.q), admins); got != tc.want {
			t.Errorf("narrowerScope(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}
