package match

import (
	"regexp"
	"strings"
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
			"review", "reviewed", "attestation", "examination", "securitytesting", "vulnscan", "certification", "firm", "assessor",
			"conducted", "performed", "carried out"}, // "has a third party conducted a security assessment"
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
	// all of something, and at all times: "opt out at any time" says nothing
	// of "all email"
	{name: "all/every", ask: []string{"all", "every", "everyone", "entire"}, need: []string{"all", "every"}},
	{name: "at all times", ask: []string{"always", "any time", "at all times", "anytime"}, need: []string{"always", "any time", "at all times", "anytime"}},
	{name: "SIEM", ask: []string{"siem"}},
	{name: "DLP", ask: []string{"dlp"}},
	{name: "IDS/IPS", ask: []string{"idsips"}},
	{name: "AES", ask: []string{"aes"}},
	{name: "penetration testing", ask: []string{"pentest"}},
	{name: "vulnerability scanning", ask: []string{"vulnscan"}},
	{name: "security training", ask: []string{"sectraining", "training", "trained"}},
	{name: "documented/written", ask: []string{"documented"}, need: []string{"documented", "published", "publishes"}},
	{name: "automated", ask: []string{"automated", "automatic", "automatically", "automation"}, need: []string{"automated", "automatic", "automatically"}},
	{name: "frequency", ask: []string{"frequency", "how often", "how frequently", "interval", "schedule"},
		near: []string{"backup", "test", "tested", "testing", "review", "reviewed", "scan", "scans", "audit", "audits", "assessment", "assessments", "pentest", "training"},
		need: []string{"frequency", "daily", "weekly", "monthly", "quarterly", "annual", "hourly"}},
	// Reviewed at least annually: a property of the control's upkeep, not
	// of its text. Only the catalog's review cadence states it (see
	// catalogSupport); no word in a statement does.
	{name: "reviewed at least annually", ask: []string{"reviewed and updated at least annual", "reviewed annual", "reviewed at least annual",
		"review and update at least annual", "reviewed and updated annual", "updated at least annual", "reviewed and updated regularly", "reviewed regularly", "reviewed periodically",
		"recently reviewed", "reviewed recently", "review regularly", "regularly review"},
		need: []string{"\x00"}},
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
	{name: "WAF", ask: []string{"waf"}},
	{name: "tested for", ask: []string{"tested for", "test for", "testing for", "been tested"}, need: []string{"test", "tested", "tests", "testing"}},
	{name: "remote", ask: []string{"remotely", "remote access", "from home", "off-site", "offsite"}, need: []string{"remotely", "remote", "from home", "off-site", "offsite"}},
	{name: "emergency changes", ask: []string{"emergency change", "emergency changes", "emergency fix", "emergency fixes"}},
	{name: "guarantee", ask: []string{"guarantee", "guaranteed", "guarantees"}},
	{name: "immediately", ask: []string{"immediately", "immediate", "instantly", "without delay", "as soon as possible"}},
	{name: "deadline", ask: []string{"within"}, near: []string{"hour", "hours", "day", "days", "week", "weeks", "timeframe", "time frame", "deadline", "period", "legal timeframe", "minutes"},
		need: []string{"within"}},
	{name: "internal (not independent)", ask: []string{"internal assessment", "internal assessments", "internal audit", "internal audits", "internally audit", "internally assess",
		"done internally", "performed internally", "conducted internally", "carried out internally", "in-house", "in house"},
		need: []string{"internal audit", "internal audits", "internal assessment", "internal assessments", "internally", "in-house", "in house"}},
	{name: "anti-malware", ask: []string{"antimalware"}},
	{name: "MDM", ask: []string{"mdm"}},
	{name: "access reviews", ask: []string{"accessreview"}},
	{name: "segmentation", ask: []string{"segmentation", "segmented", "segregated", "segregation", "dmz"}},
	// by management: "change management ... approved" names a discipline, not who approves
	// a change advisory board (CAB) approves changes: a body the control must name
	{name: "approval", ask: []string{"approved", "approval", "sign-off", "signed off", "advisory board", "cab"},
		near: []string{"by management", "management approval", "senior management", "top management", "executive management", "board", "executive", "executives", "leadership", "cab"}},
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
		// To authorize access is to enforce who may do what.
		need: []string{"enforce", "enforced", "enforces", "require", "requires", "required", "mandatory", "restrict", "restricts", "restricted", "authorizes access"}},
	{name: "hashing/salting", ask: []string{"hashed", "hashing", "salted", "salt", "bcrypt"}},
	// contractors are named apart: "all personnel" need not mean them
	{name: "contractors", ask: []string{"contractor", "contractors", "consultant", "consultants", "temporary staff", "temporary workers"},
		need: []string{"contractor", "contractors", "consultant", "consultants"}},
	// ("time-limited" is left out: "time limit" folds to the timeframe term)
	{name: "time-limited access", ask: []string{"for a limited period", "for a limited time", "time-bound", "time bound",
		"just-in-time", "just in time", "temporary access", "temporarily granted"}},
	// a duration asked ("data retention period?", "how long are logs kept")
	// is stated only by a statement that gives one in units
	{name: "duration", ask: []string{"timeperiod", "duration", "how long"},
		near: []string{"retention", "retain", "retained", "kept", "keep", "store", "stored", "log", "logs", "backup", "backups", "data"},
		need: []string{"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "annual", "monthly", "quarterly"}},
	// compliance with a named law is a claim the statement must make
	// (asked by the law's name, near a word of compliance: the first word of
	// an ask phrase is never residue, and "conformance" alone is a topic)
	{name: "compliance with a law", ask: []string{"gdpr", "ccpa", "cpra", "coppa", "ferpa", "hipaa", "glba", "lgpd", "pipeda", "pipl", "appi", "sox"},
		near: []string{"compliant", "compliance", "comply", "complies", "conform", "conforms", "conformance"},
		need: []string{"compliant", "complies", "comply with", "in compliance with", "conforms"}},
	// integration with other systems is a property of its own: a statement
	// of roles and logins is no integration (SSO is one)
	{name: "integration", ask: []string{"integratewith"}, need: []string{"integratewith", "sso"}},
	// a named owner is stated by the statement, not by the catalog's owner
	// field (an internal assignment, not a published claim); each phrase
	// starts with a word that is never residue, as the first word of an ask
	// phrase is not counted as the question's topic
	{name: "designated owner", ask: []string{"a designated owner", "a named owner", "a clear owner", "an assigned owner", "an owner", "owner assigned", "owner is assigned",
		"a designated person", "a designated individual", "an accountable person"}, need: []string{"owner", "owned by", "officer", "accountable"}},
	{name: "metrics", ask: []string{"metric", "metrics", "kpi", "kpis", "key performance indicator", "key performance indicators"}},
	{name: "risk-based", ask: []string{"risk-based", "risk based", "based on risk", "according to risk", "risk-prioritized", "risk prioritized"}},
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

// hasPhrase reports whether phrase occurs in s.
func hasPhrase(s []string, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(s); i++ {
		ok := true
		for j, t := range phrase {
			if s[i+j] != t {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// missingQualifiers lists the qualifiers the question asks for that the
// support text (a control's positive title, statement and caveat, or a
// library answer) does not state.
func missingQualifiers(question, support string) []string {
	return missingQualifiersSeq(question, seq(support))
}

// missingQualifiersSeq is missingQualifiers with the support already through seq.
func missingQualifiersSeq(question string, sup []string) []string {
	asked, figures := askedQualifiers(qualifierSeqClean(clean(question)))
	s := newSupport(sup)
	return s.missing(asked, figures)
}

// qualifierSeqClean is the question (already clean) as the qualifiers read
// it: without its numbering, through seq.
func qualifierSeqClean(cl string) []string {
	return seqClean(qualifierText(reLeadingNumber.ReplaceAllString(cl, "")))
}

// qualifierText is a clean question without the names and phrases that
// look like what a qualifier asks for and are not: "K-12" is no figure,
// "district staff" are no personnel of the vendor's.
func qualifierText(cl string) string {
	if letterDashDigit(cl) {
		cl = reLetterNumberName.ReplaceAllString(cl, " ")
	}
	if strings.Contains(cl, "staff") || strings.Contains(cl, "personnel") || strings.Contains(cl, "employees") {
		cl = reCustomerStaff.ReplaceAllString(cl, "users")
	}
	if strings.Contains(cl, "third") {
		cl = reAssessedParty.ReplaceAllString(cl, " vendors $1")
	}
	if strings.Contains(cl, "sla") {
		cl = reSLAsAsRules.ReplaceAllString(cl, " ")
	}
	if strings.Contains(cl, "law enforcement") {
		// the police asking for data is no ask that a control be enforced
		cl = strings.ReplaceAll(cl, "law enforcement", "police")
	}
	if strings.Contains(cl, "enforced") && strings.Contains(cl, "communicated") {
		// "established, documented, approved, communicated, enforced,
		// evaluated, and maintained" is the CCM template (with "applied"
		// in most domains), not an ask that a control be enforced
		cl = reParticipleList.ReplaceAllStringFunc(cl, func(m string) string { return strings.ReplaceAll(m, "enforced", "applied") })
	}
	return cl
}

// reSLAsAsRules finds SLAs named among the rules a practice follows
// ("reported as per applicable SLAs, laws, and regulations"): they ask for
// no service level of the vendor's.
var reSLAsAsRules = regexp.MustCompile(`\b(?:as per|per|according to|in accordance with|consistent with|in line with|as required by|required by) (?:the |any |all )?(?:applicable |relevant )?slas?,? (?:and |or )?(?:applicable )?(?:laws|contracts|contractual obligations|regulations|legal requirements)\b`)

// reAssessedParty finds a third party that is assessed rather than the
// assessor: "security assessments of third party companies", "are
// third-party service providers assessed". It asks nothing independent.
var reAssessedParty = regexp.MustCompile(`\b(?:of|on) (?:your |its |our |all |any )?third[- ]?part(?:y|ies)(?: (?:companies|company|vendors?|suppliers?|service providers?|providers?|partners?|subprocessors?|processors?))?\b` +
	`|\bthird[- ]?part(?:y|ies)(?: (?:companies|company|vendors?|suppliers?|service providers?|providers?|partners?|subprocessors?|processors?))? (?:are |is |be |being |get |gets )?((?:assessed|reviewed|audited|evaluated|vetted)\b)`)

// letterDashDigit reports whether s holds a letter, a dash and a digit in
// a row, as reLetterNumberName needs (most questions do not: no regexp).
func letterDashDigit(s string) bool {
	for i := strings.IndexByte(s, '-'); i >= 0; {
		if i > 0 && i+1 < len(s) && isAlnum(rune(s[i-1])) && '0' <= s[i+1] && s[i+1] <= '9' {
			return true
		}
		j := strings.IndexByte(s[i+1:], '-')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// reLetterNumberName matches a letter joined to a number ("K-12", "A-1"),
// a name and not a figure a support must state.
var reLetterNumberName = regexp.MustCompile(`(?i)\b[a-z]-\d+\b`)

// reCustomerStaff matches the customer's own staff ("district staff",
// "institution personnel"): users of the service, not the vendor's
// personnel that the "personnel" qualifier asks about.
var reCustomerStaff = regexp.MustCompile(`(?i)\b(?:(?:district|institution|institutional|institution's|school|customer|customer's|client|client's|tenant) |our (?:[a-z]+ ){0,2})(?:staff|staff's|personnel|employees)\b`)

// What a question asks for does not depend on the support, and what a
// support states does not depend on the question: each side is worked out
// once (the question's in Answer, a control's or library answer's in New)
// and the check is a lookup.

// askedQualifiers returns the indexes into compiledQualifiers of the
// qualifiers q (a question through qualifierSeqClean) asks for, in table
// order, and its figures: the tokens holding a digit that are not
// canonical terms, in order.
//
// It walks the question once, looking each token up among the ask
// phrases' first tokens, rather than searching it for every phrase.
func askedQualifiers(q []string) (asked []int, figures []string) {
	var buf [64]bool // no allocation for a table of up to 64 qualifiers
	var is []bool
	if n := len(compiledQualifiers); n <= len(buf) {
		is = buf[:n]
	} else {
		is = make([]bool, n)
	}
	for pos, t := range q {
		for _, ap := range askIndex[t] {
			cq := &compiledQualifiers[ap.qualifier]
			if is[ap.qualifier] || !hasPhraseAt(q, cq.ask[ap.phrase], pos) {
				continue
			}
			if ap.qualifier == qAllEvery && notUniversal(q, pos) {
				continue // "some or all", "all relevant" claim no universality
			}
			if cq.nearIsConstraint {
				a := cq.ask[ap.phrase]
				lo, hi := max(0, pos-3), min(len(q), pos+len(a)+3)
				window := q[lo:hi]
				near := false
				for _, n := range cq.near {
					if hasPhrase(window, n) {
						near = true
						break
					}
				}
				if !near {
					continue
				}
			}
			is[ap.qualifier] = true
		}
		if hasDigit(t) && !canonical[t] {
			if ageBelow(q, pos) {
				t = underPrefix + t // an age threshold: a higher one in the support holds it
			}
			figures = append(figures, t)
		}
	}
	for i, ok := range is {
		if ok {
			asked = append(asked, i)
		}
	}
	return asked, figures
}

// askPhrase is one ask phrase of compiledQualifiers.
type askPhrase struct{ qualifier, phrase int }

// askIndex maps the first token of every ask phrase to the phrases.
var askIndex = func() map[string][]askPhrase {
	m := map[string][]askPhrase{}
	for i, cq := range compiledQualifiers {
		for j, a := range cq.ask {
			m[a[0]] = append(m[a[0]], askPhrase{i, j})
		}
	}
	return m
}()

// hasPhraseAt reports whether phrase occurs in s at pos.
func hasPhraseAt(s []string, phrase []string, pos int) bool {
	if pos+len(phrase) > len(s) {
		return false
	}
	for j, t := range phrase {
		if s[pos+j] != t {
			return false
		}
	}
	return true
}

// support is what a support text states: per compiledQualifiers entry,
// whether it holds one of its need phrases, and its figures.
type support struct {
	stated  []bool
	figures map[string]bool
	under   int // the highest age threshold the support names ("children under 16"), or 0
}

func newSupport(sup []string) support {
	s := support{stated: make([]bool, len(compiledQualifiers)), figures: map[string]bool{}}
	for i, cq := range compiledQualifiers {
		for _, n := range cq.need {
			if hasPhrase(sup, n) {
				s.stated[i] = true
				break
			}
		}
	}
	for i, t := range sup {
		if hasDigit(t) {
			s.figures[t] = true
			if ageBelow(sup, i) {
				s.under = max(s.under, atoi(t))
			}
		}
	}
	return s
}

// missing lists the asked qualifiers s does not state, then the first
// figure it does not hold: every number in the question must be in the
// support.
func (s *support) missing(asked []int, figures []string) []string {
	var missing []string
	reviewCadence := false
	for _, i := range asked {
		reviewCadence = reviewCadence || i == qReviewedAnnual
	}
	for _, i := range asked {
		if i == qAnnual && reviewCadence {
			continue // "reviewed at least annually" is the review cadence, checked as such
		}
		if !s.stated[i] {
			missing = append(missing, compiledQualifiers[i].name)
		}
	}
	for _, t := range figures {
		if n, ok := strings.CutPrefix(t, underPrefix); ok {
			// "children under 13" is held by "children under 16": what is
			// said of everyone under 16 is said of everyone under 13
			if s.figures[n] || (s.under > 0 && atoi(n) > 0 && atoi(n) <= s.under) {
				continue
			}
		} else if s.figures[t] {
			continue
		}
		missing = append(missing, "figure "+t)
		break
	}
	return missing
}

// underPrefix marks a figure that is an age threshold ("under 13").
const underPrefix = "under "

// ageBelow reports whether the figure at pos of a token sequence is an age
// threshold: "under 13", "below 18", "younger than 16", "under the age of 13".
func ageBelow(q []string, pos int) bool {
	at := func(i int, w ...string) bool {
		if i < 0 {
			return false
		}
		for _, x := range w {
			if q[i] == x {
				return true
			}
		}
		return false
	}
	return at(pos-1, "under", "below") ||
		(at(pos-1, "than") && at(pos-2, "younger", "young")) ||
		(at(pos-1, "of") && at(pos-2, "age") && (at(pos-3, "under", "below") || (at(pos-3, "the") && at(pos-4, "under", "below"))))
}

// atoi is the value of a token of digits, or 0.
func atoi(t string) int {
	n := 0
	for _, r := range t {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
		if n > 1000 {
			return 0
		}
	}
	return n
}

// qualifierIndex returns the index of the named qualifier in
// compiledQualifiers; it panics on a name the table lacks (a build defect
// the tests catch).
func qualifierIndex(name string) int {
	for i, q := range compiledQualifiers {
		if q.name == name {
			return i
		}
	}
	panic("match: no qualifier " + name)
}

var (
	qDocumented     = qualifierIndex("documented/written")
	qTested         = qualifierIndex("tested")
	qIndependent    = qualifierIndex("independent/third-party")
	qAnnual         = qualifierIndex("annual")
	qReviewedAnnual = qualifierIndex("reviewed at least annually")
	qAllEvery       = qualifierIndex("all/every")
)

// partWords, before "or all", make a claim about part: "some or all".
var partWords = map[string]bool{"some": true, "any": true, "most": true, "part": true, "mani": true, "many": true}

// hedgedAll, after "all", leave its scope to the vendor's judgment: "all
// relevant components", "all necessary steps", "all applicable laws" ask
// for what applies, not for everything.
var hedgedAll = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"relevant", "applicable", "necessary", "appropriate", "reasonable"} {
		for _, t := range seq(w) {
			m[t] = true
		}
	}
	return m
}()

// notUniversal reports an "all" at q[pos] that asks for no universality:
// "some or all", "all relevant", "all ... or only ...".
func notUniversal(q []string, pos int) bool {
	if pos >= 2 && q[pos-1] == "or" && partWords[q[pos-2]] {
		return true
	}
	// "access to all of our data or only what they need?" asks which
	for j := pos + 1; j < len(q)-1 && j <= pos+8; j++ {
		if q[j] == "or" && (q[j+1] == "onli" || q[j+1] == "only") {
			return true
		}
	}
	return q[pos] == "all" && pos+1 < len(q) && hedgedAll[q[pos+1]]
}
