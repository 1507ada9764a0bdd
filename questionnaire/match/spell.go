package match

import (
	"regexp"
	"strings"
)

// reChoiceNumber matches the numbering of a dropdown value: "1) Yes",
// "2. No", "(a) N/A".
var reChoiceNumber = regexp.MustCompile(`^(?:\(?\d{1,2}\)|\d{1,2}[.:]|\([a-e]\)|[a-e]\))\s+`)

// Verdicts.
const (
	VerdictYes         = "yes"
	VerdictNo          = "no"
	VerdictPartial     = "partial"
	VerdictNA          = "na"
	verdictAlternative = "alternative" // internal: spelled Alternate/Compensating, reported as partial
)

// classify says which verdict a dropdown value spells, or "" when it spells
// none ("In Progress", "Planned", "Unknown", "Other" spell no verdict: In
// Progress is not Partial).
func classify(v string) string {
	n := strings.ToLower(strings.TrimSpace(v))
	if n != "" && (n[0] >= '0' && n[0] <= '9' || n[0] == '(' || len(n) > 1 && n[1] == ')') {
		n = reChoiceNumber.ReplaceAllString(n, "") // "1) Yes", "2. No", "(a) N/A"
	}
	n = strings.Trim(n, " .!;:")
	n = strings.Join(strings.Fields(n), " ")
	switch n {
	case "n/a", "na", "n.a", "n. a", "n / a", "not applicable", "not-applicable", "does not apply", "not relevant":
		return VerdictNA
	case "yes", "y", "true", "t", "compliant", "fully compliant", "implemented", "fully implemented", "in place", "agree", "1", "x", "✓", "✔":
		return VerdictYes
	case "no", "n", "false", "f", "not implemented", "non-compliant", "noncompliant", "not compliant", "not in place", "disagree", "0":
		return VerdictNo
	case "partial", "partially", "partly", "partial compliance", "partially compliant", "partially implemented", "limited", "in part", "some":
		return VerdictPartial
	}
	switch {
	case strings.HasPrefix(n, "n/a") || strings.HasPrefix(n, "not applicable"):
		return VerdictNA
	case strings.HasPrefix(n, "alternat") || strings.Contains(n, "compensating"):
		return verdictAlternative
	case strings.HasPrefix(n, "partial") || strings.HasPrefix(n, "yes - partial") || strings.HasPrefix(n, "yes (partial"):
		return VerdictPartial
	case strings.HasPrefix(n, "yes"):
		return VerdictYes
	case strings.HasPrefix(n, "no ") || strings.HasPrefix(n, "no,") || strings.HasPrefix(n, "no-") || strings.HasPrefix(n, "no("):
		return VerdictNo
	}
	return ""
}

// spell returns the allowed value that spells the verdict, preferring the
// shortest (the plain "Yes" over "Yes - see comment"). keys, when set, are
// the sheet's names of the values, one per value: a value whose words spell
// no verdict spells the one its name ends in. VSAQ names "We keep the root
// password in a secure location ..." servers_admin_linux_root_yes. ok is
// false when the dropdown offers no spelling for it.
func spell(verdict string, allowed, keys []string) (string, bool) {
	best := ""
	found := false
	for i, a := range allowed {
		if valueVerdict(a, i, keys) != verdict {
			continue
		}
		if !found || len(strings.TrimSpace(a)) < len(strings.TrimSpace(best)) {
			best, found = a, true
		}
	}
	return best, found
}

// valueVerdict says which verdict the i-th dropdown value spells: by its
// words, or else by the name the sheet gives it.
func valueVerdict(a string, i int, keys []string) string {
	if v := classify(a); v != "" || i >= len(keys) {
		return v
	}
	return keyVerdict(keys[i])
}

// keyVerdict reads the verdict a value's name ends in: "..._yes", "q3-no",
// "TRUE". A name that ends in anything else ("..._robust") names none.
func keyVerdict(k string) string {
	k = strings.ToLower(k)
	if i := strings.LastIndexAny(k, "_-.:"); i >= 0 {
		k = k[i+1:]
	}
	switch k {
	case "yes", "true":
		return VerdictYes
	case "no", "false":
		return VerdictNo
	case "na":
		return VerdictNA
	}
	return ""
}

// freeWord is how a verdict is written in a free-text cell.
func freeWord(verdict string) string {
	switch verdict {
	case VerdictYes:
		return "Yes"
	case VerdictNo:
		return "No"
	case VerdictPartial:
		return "Partial"
	case VerdictNA:
		return "N/A"
	}
	return ""
}
