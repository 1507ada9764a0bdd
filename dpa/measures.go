package dpa

import (
	"strings"

	"github.com/vouchcli/vouch/controls"
)

// Annex II holds the technical and organisational measures, grouped by the
// headings of Article 32(1) GDPR, with data minimisation, retention and
// erasure (Articles 5(1)(c) and (e) and 25) as a last group. Commitments
// and rights (a DPA on request, questionnaires, privacy rights, marketing
// choices, published policies and lists) are not measures: they stay in the
// DPA's body and in the security overview.
var measureGroups = []string{
	"Pseudonymisation and encryption (Art. 32(1)(a))",
	"Confidentiality and integrity of systems and services (Art. 32(1)(b))",
	"Availability, resilience and timely restoration after an incident (Art. 32(1)(b) and (c))",
	"Regular testing, assessment and evaluation (Art. 32(1)(d))",
	"Data minimisation, limited retention and erasure (Art. 5(1)(c) and (e), Art. 25)",
}

const (
	groupEncryption = iota
	groupConfidentiality
	groupAvailability
	groupTesting
	groupMinimisation
)

// Domains whose controls are security measures of one group, and domains
// whose controls are measures only when their title says so.
var (
	availabilityDomains = []string{"continuity", "business-continuity", "backup", "availability", "resilience", "incident-response", "disaster-recovery"}
	testingDomains      = []string{"vulnerability", "vulnerability-management", "testing", "assurance", "audit"}
	securityDomains     = []string{"access", "identity", "network", "logging", "monitoring", "development", "governance", "training", "vendor-management", "physical", "personnel", "hr", "operations", "asset-management", "endpoint", "security"}
)

// Words of a control's title that say what kind of measure it is, or that
// it is a commitment or a document rather than a measure.
var (
	notMeasureWords   = []string{"published", " list", "questionnaire", "addendum", "agreement", " nda", "documentation", "commitment"}
	minimisationWords = []string{"minimi", "retention", "deletion", "erasure", "expiry", "not stored", "limited use"}
	encryptionWords   = []string{"pseudonym", "anonymi", "encrypt"}
	testingWords      = []string{"test", "penetration", "assessment", "audits"}
)

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// measureGroup says which Annex II group a control in place belongs to, or
// false when it is not a technical or organisational measure.
func measureGroup(c controls.Control) (int, bool) {
	if c.Status != controls.Implemented && c.Status != controls.Partial {
		return 0, false
	}
	t := " " + strings.ToLower(c.Title)
	in := func(domains []string) bool {
		for _, d := range domains {
			if c.Domain == d {
				return true
			}
		}
		return false
	}
	switch {
	case hasAny(t, notMeasureWords):
		return 0, false
	case c.Domain == "encryption":
		return groupEncryption, true
	case c.Domain == "retention" || hasAny(t, minimisationWords):
		return groupMinimisation, true
	case hasAny(t, encryptionWords):
		return groupEncryption, true
	case in(availabilityDomains):
		return groupAvailability, true
	case in(testingDomains) || (c.Domain != "logging" && hasAny(t, testingWords)):
		return groupTesting, true
	case in(securityDomains):
		return groupConfidentiality, true
	}
	return 0, false
}
