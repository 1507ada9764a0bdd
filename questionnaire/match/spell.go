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
// shortest (the plain "Yes" over "Yes - see comment"). ok is false when the
// dropdown offers no spelling for it.
func spell(verdict string, allowed []string) (string, bool) {
	best := ""
	found := false
	for _, a := range allowed {
		if classify(a) != verdict {
			continue
		}
		if !found || len(strings.TrimSpace(a)) < len(strings.TrimSpace(best)) {
			best, found = a, true
		}
	}
	return best, found
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
