package match

import (
	"regexp"
)

// qualifier is something a question can ask for that is stronger than a
// control may state: "independent" penetration tests, "annual" reviews, MFA
// for "all" employees, "AES-256". When the question holds one of ask (and,
// if near is set, one of near within three terms of it) and the control's
// positive text holds none of need (ask when need is empty), the answer
// would claim more than the catalog says: the row goes to review.
type qualifier struct {
	name string
	ask  []string
	near []string
	need []string
}

// qualifiers is the one table of bar-raising qualifiers. Phrases go through
// the same pipeline as the texts (stemming, synonyms; stop words kept).
var qualifiers = []qualifier{
	{name: "independent/third-party", ask: []string{"third-party", "independent", "external", "outside", "accredited"},
		near: []string{"audit", "audits", "audited", "auditor", "pentest", "assessment", "assessed", "test", "tests", "tested", "testing",
			"review", "reviewed", "attestation", "examination", "securitytesting", "vulnscan", "certification", "firm", "assessor"},
		need: []string{"third-party", "independent", "external"}},
	{name: "annual", ask: []string{"annual"}, need: []string{"annual", "quarterly", "monthly"}},
	{name: "quarterly", ask: []string{"quarterly"}, need: []string{"quarterly", "monthly"}},
	{name: "monthly", ask: []string{"monthly"}, need: []string{"monthly"}},
	{name: "24/7", ask: []string{"247"}},
	{name: "certified", ask: []string{"certified", "certification", "certificate", "accredited", "accreditation"}},
	{name: "FIPS", ask: []string{"fips"}},
	{name: "HSM", ask: []string{"hsm"}},
	{name: "background checks", ask: []string{"backgroundcheck"}},
	{name: "MFA", ask: []string{"mfa"}},
	{name: "all/every", ask: []string{"all", "every", "everyone", "always", "entire"}, need: []string{"all", "every", "always"}},
	{name: "SIEM", ask: []string{"siem"}},
	{name: "DLP", ask: []string{"dlp"}},
	{name: "IDS/IPS", ask: []string{"idsips"}},
	{name: "AES", ask: []string{"aes"}},
	{name: "penetration testing", ask: []string{"pentest"}},
	{name: "vulnerability scanning", ask: []string{"vulnscan"}},
	{name: "security training", ask: []string{"sectraining", "training", "trained"}},
	{name: "documented/written", ask: []string{"documented"}, need: []string{"documented", "published", "publishes"}},
	{name: "tested", ask: []string{"test", "tested", "tests", "testing", "exercised", "drill"},
		near: []string{"bcdr", "backup", "restore", "recovery", "plan", "plans", "incidentresp", "failover", "tabletop"},
		need: []string{"test", "tested", "tests", "testing"}},
	{name: "personnel", ask: []string{"personnel", "contractor", "contractors", "hire", "hires", "hiring", "onboarding", "termination of employment"},
		need: []string{"personnel", "internal access", "internal"}},
	{name: "real-time/continuous", ask: []string{"real-time", "real time", "continuous", "continuously"}},
	{name: "security operations center", ask: []string{"security operations center", "security operations centre", "soc"}},
	{name: "bug bounty", ask: []string{"bug bounty"}},
	{name: "insurance", ask: []string{"insurance", "insured"}},
	{name: "data protection officer", ask: []string{"dpo"}},
	{name: "SLA/uptime", ask: []string{"sla", "slas", "uptime", "service level"}},
	{name: "firewall", ask: []string{"firewall"}},
	{name: "anti-malware", ask: []string{"antimalware"}},
	{name: "MDM", ask: []string{"mdm"}},
	{name: "access reviews", ask: []string{"accessreview"}},
	{name: "segmentation", ask: []string{"segmentation", "segmented", "segregated", "segregation", "dmz"}},
	{name: "approval", ask: []string{"approved", "approval", "sign-off", "signed off"}, near: []string{"management", "board", "executive", "leadership"}},
	{name: "endpoints/devices", ask: []string{"mobile device", "mobile devices", "laptop", "laptops", "workstation", "workstations",
		"endpoint", "endpoints", "byod", "removable media", "usb"}},
	{name: "network", ask: []string{"network", "networks", "networking"},
		near: []string{"management", "segment", "segmentation", "device", "devices", "monitor", "monitoring", "availability", "perimeter",
			"architecture", "diagram", "separate", "internal", "wireless", "wifi", "guest", "traffic", "firewall", "router", "switch",
			"alert", "alerting", "scan", "scanning"},
		need: []string{"network", "networks"}},
	{name: "technical capability", ask: []string{"technical capability", "technical capabilities", "technical means", "technically enforce",
		"technical control", "technical controls", "technical mechanism", "technical mechanisms"}, need: []string{"technical", "automated", "automatically"}},
	{name: "enforced", ask: []string{"enforce", "enforced", "enforces", "enforcement", "mandatory", "mandated"},
		need: []string{"enforce", "enforced", "enforces", "require", "requires", "required", "mandatory", "restrict", "restricts", "restricted"}},
	{name: "hashing/salting", ask: []string{"hashed", "hashing", "salted", "salt", "bcrypt"}},
}

type compiledQualifier struct {
	name             string
	ask, near, need  [][]string
	nearIsConstraint bool
}

var compiledQualifiers = func() []compiledQualifier {
	out := make([]compiledQualifier, len(qualifiers))
	conv := func(ps []string) [][]string {
		var r [][]string
		for _, p := range ps {
			if s := seq(p); len(s) > 0 {
				r = append(r, s)
			}
		}
		return r
	}
	for i, q := range qualifiers {
		need := q.need
		if len(need) == 0 {
			need = q.ask
		}
		out[i] = compiledQualifier{name: q.name, ask: conv(q.ask), near: conv(q.near), need: conv(need), nearIsConstraint: len(q.near) > 0}
	}
	return out
}()

// A specific figure in a question (a number of hours or days, a
// percentage, a version, a key length: "within 72 hours", "TLS 1.2",
// "99.9%", "2048-bit") must be stated by the support with the same figure.

// reLeadingNumber strips question numbering ("1.2 ", "3) ", "A.4 ") before
// looking for figures.
var reLeadingNumber = regexp.MustCompile(`^\s*(?:[a-z]{1,4}[-.]?)?\d+(?:[.\-]\d+)*[.):]?\s+`)

// findAt returns the positions where phrase occurs in s.
func findAt(s []string, phrase []string) []int {
	var at []int
	for i := 0; i+len(phrase) <= len(s); i++ {
		ok := true
		for j, t := range phrase {
			if s[i+j] != t {
				ok = false
				break
			}
		}
		if ok {
			at = append(at, i)
		}
	}
	return at
}

// missingQualifiers lists the qualifiers the question asks for that the
// support text (a control's positive title, statement and caveat, or a
// library answer) does not state.
func missingQualifiers(question, support string) []string {
	return missingQualifiersSeq(question, seq(support))
}

// missingQualifiersSeq is missingQualifiers with the support already through seq.
func missingQualifiersSeq(question string, sup []string) []string {
	q := seq(reLeadingNumber.ReplaceAllString(clean(question), ""))
	var missing []string
	for _, cq := range compiledQualifiers {
		asked := false
		for _, a := range cq.ask {
			for _, pos := range findAt(q, a) {
				if !cq.nearIsConstraint {
					asked = true
					break
				}
				lo, hi := max(0, pos-3), min(len(q), pos+len(a)+3)
				window := q[lo:hi]
				for _, n := range cq.near {
					if len(findAt(window, n)) > 0 {
						asked = true
						break
					}
				}
				if asked {
					break
				}
			}
			if asked {
				break
			}
		}
		if !asked {
			continue
		}
		stated := false
		for _, n := range cq.need {
			if len(findAt(sup, n)) > 0 {
				stated = true
				break
			}
		}
		if !stated {
			missing = append(missing, cq.name)
		}
	}
	// Specific figures: every number in the question must be in the support.
	supFigures := map[string]bool{}
	for _, t := range sup {
		if hasDigit(t) {
			supFigures[t] = true
		}
	}
	for _, t := range q {
		if hasDigit(t) && !canonical[t] && !supFigures[t] {
			missing = append(missing, "figure "+t)
			break
		}
	}
	return missing
}
