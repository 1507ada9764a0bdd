package match

import (
	"strings"
	"time"

	"github.com/vouchcli/vouch/controls"
)

// Properties answered from the catalog, not from wording. A question that
// asks for a control to be documented, reviewed at least annually, tested
// or independently assessed is answered Yes only when the catalog records
// it:
//
//   - documented: the control's source is a document listed in
//     company.yaml (the vendor's published pages), or it has policy
//     evidence;
//   - reviewed at least annually: review_every is 12 months or less and the
//     last review (reviewed) lies within that period;
//   - tested: test or exercise evidence collected in the last 12 months;
//   - independent/third-party: audit, penetration-test, assessment or
//     report evidence from the last 12 months whose name or reference says
//     who produced it outside the vendor (independent, external,
//     third-party, auditor).
//
// "Automated" and "all/every" still need the statement to say so.

// catalogSupport marks in sup what the catalog records of c.
func catalogSupport(sup *support, c *controls.Control, docs map[string]bool, asOf time.Time) {
	if publishedSource(c.Source, docs) || hasEvidence(c.Evidence, asOf, 0, "policy", "procedure", "standard", "plan") {
		sup.stated[qDocumented] = true
	}
	if reviewedWithinYear(c, asOf) {
		sup.stated[qReviewedAnnual] = true
	}
	if hasEvidence(c.Evidence, asOf, 12, "test", "exercise", "tabletop", "drill", "restore-test", "dr-test", "pentest", "penetration-test") {
		sup.stated[qTested] = true
	}
	for _, ev := range c.Evidence {
		if current(ev, asOf, 12) && kindIn(ev.Kind, "audit", "pentest", "penetration-test", "assessment", "attestation", "report") && externalParty(ev) {
			sup.stated[qIndependent] = true
		}
	}
}

// publishedSource reports whether a control's source ("security-page §
// Access Controls; privacy-policy § 10") names a document of company.yaml.
func publishedSource(source string, docs map[string]bool) bool {
	for _, part := range strings.Split(source, ";") {
		id := strings.TrimSpace(part)
		if i := strings.Index(id, "§"); i >= 0 {
			id = strings.TrimSpace(id[:i])
		}
		if id != "" && docs[id] {
			return true
		}
	}
	return false
}

// reviewedWithinYear: a review cadence of at most 12 months, kept (the
// next review is not yet due).
func reviewedWithinYear(c *controls.Control, asOf time.Time) bool {
	due, ok := c.ReviewDue()
	if !ok || due.After(c.Reviewed.AddDate(1, 0, 0)) {
		return false
	}
	return !dateOnly(due.Time).Before(dateOnly(asOf))
}

// hasEvidence reports current evidence of one of the kinds; within > 0
// also asks that it was collected in the last within months.
func hasEvidence(ev []controls.Evidence, asOf time.Time, within int, kinds ...string) bool {
	for _, x := range ev {
		if kindIn(x.Kind, kinds...) && current(x, asOf, within) {
			return true
		}
	}
	return false
}

// current: not expired, and collected within the last within months when
// within > 0 (and then collected at all).
func current(x controls.Evidence, asOf time.Time, within int) bool {
	if !x.Expires.IsZero() && dateOnly(x.Expires.Time).Before(dateOnly(asOf)) {
		return false
	}
	if within > 0 {
		if x.Collected.IsZero() {
			return false
		}
		return !dateOnly(x.Collected.Time).Before(dateOnly(asOf.AddDate(0, -within, 0)))
	}
	return true
}

func kindIn(k string, kinds ...string) bool {
	k = strings.ToLower(strings.TrimSpace(k))
	for _, x := range kinds {
		if k == x {
			return true
		}
	}
	return false
}

// externalParty reports evidence produced outside the vendor: its name or
// reference says independent, external or third-party.
func externalParty(x controls.Evidence) bool {
	s := strings.ToLower(x.Name + " " + x.Ref)
	for _, w := range []string{"independent", "external", "third-party", "third party", "3rd party", "auditor", "audit firm"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
