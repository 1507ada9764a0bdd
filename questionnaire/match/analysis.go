package match

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Question analysis: before a question is scored, it is split into what it
// is about and what only frames it.
//
//   - The core: the sentences that ask (those ending in "?", or all of them),
//     without parenthesised asides and examples ("e.g. ...", "such as ...",
//     "for example ..."). The concepts named there are the question's
//     subject: a control must cover every one of them.
//   - The context: a preamble before the question ("Vertical Access Control:
//     When an application ..."), asides and examples. Their concepts help
//     retrieval but do not have to be covered.
//   - The template: the boilerplate that framework questionnaires repeat
//     ("policies and procedures established, documented, approved,
//     communicated, applied, evaluated and maintained", "processes,
//     procedures, and technical measures ... defined, implemented, and
//     evaluated"). It carries no topic; the properties it names are
//     checked by the qualifiers, on the whole text.
//   - The residue: the core's informative words that no concept and no
//     template accounts for. A control that holds none of them is a
//     weaker match.

// analysis is what Answer works out once about a question's topic.
type analysis struct {
	subject  []int    // concepts of the core, in order of appearance, unique
	context  []int    // concepts of the context only
	residual []string // the core's informative terms outside concepts and templates, unique
	core     []string // the core's informative terms, template left out, in order
	// genericOnly: the subject is generic concepts only (see Concept.Generic)
	genericOnly bool
	// listed: pairs of the core's concepts named side by side, as items
	// of one list ("cryptography, encryption, and key management")
	listed [][2]int
}

// nests reports whether the subject holds a concept narrower than c
// named beside c in a list: the question then asks for both ("encryption
// and key management"). A narrower concept that qualifies c ("limit
// access to the minimum necessary") asks for c through it.
func (a *analysis) nests(v *vocabulary, c int) bool {
	if len(a.subject) < 2 {
		return false
	}
	for _, s := range a.subject {
		if s != c && slices.Contains(v.up[s], c) && a.isListed(s, c) {
			return true
		}
	}
	return false
}

func (a *analysis) isListed(x, y int) bool {
	for _, p := range a.listed {
		if p == [2]int{x, y} || p == [2]int{y, x} {
			return true
		}
	}
	return false
}

// listJoiners are the words that may stand between two items of a list
// (a comma is no token).
var listJoiners = map[string]bool{"and": true, "or": true, "as": true, "well": true, "also": true, "including": true}

// listedPairs are the pairs of concepts whose hits stand side by side in
// seq, with nothing but listJoiners between them.
func listedPairs(seq []string, hits []conceptHit) [][2]int {
	var out [][2]int
	for i := 0; i+1 < len(hits); i++ {
		a, b := hits[i], hits[i+1]
		if a.concept == b.concept || b.pos < a.end {
			continue
		}
		ok := true
		for _, t := range seq[a.end:b.pos] {
			ok = ok && listJoiners[t]
		}
		if ok {
			out = append(out, [2]int{a.concept, b.concept})
		}
	}
	return out
}

// reParticipleList matches the CCM list of what is done to a policy:
// "established, documented, approved, communicated, applied, evaluated and
// maintained".
var reParticipleList = regexp.MustCompile(`\b(?:established|documented|approved|communicated|implemented|applied|evaluated|maintained|defined|developed|enforced|reviewed|updated|monitored|authorized|tested|measured|performed)` +
	`(?:,? (?:and |or )?(?:established|documented|approved|communicated|implemented|applied|evaluated|maintained|defined|developed|enforced|reviewed|updated|monitored|authorized|tested|measured|performed))+\b`)

// boilerplate is the framework boilerplate that names no topic, each with
// the words one of its matches must hold (so that most questions skip the
// regexp).
var boilerplate = []struct {
	re   *regexp.Regexp
	cues []string
	min  int // how many times the cues must occur in all (0: once)
}{
	// CCM/CAIQ v4 tails: "policies and procedures", "processes, procedures, and technical measures"
	{regexp.MustCompile(`\b(?:policies|policy|processes|procedures|standards|plans?)(?:,? (?:and |& )?(?:policies|policy|processes|procedures|standards|plans?|technical measures|guidelines))+\b`),
		[]string{"polic", "procedur", "process", "standard", "plan", "technical measures", "guideline"}, 2},
	// "... established, documented, approved, communicated, applied, evaluated and maintained"
	{reParticipleList,
		[]string{"ed, ", "ed and ", "ed or "}, 0},
	{regexp.MustCompile(`\b(?:(?:at least )?(?:annually|yearly|every year)|upon significant changes?|when applicable and possible|when possible|where applicable|as applicable|in accordance with [a-z ]*?(?:risk appetite|requirements|best practices?)` +
		`|per industry best practices?|industry best practices?|industry standards?|industry-standard)\b`),
		[]string{"annual", "yearly", "every year", "significant change", "applicable", "possible", "accordance", "industry"}, 0},
	// CCM: "... to guide appropriate planning, delivery, and support of the organization's X capabilities"
	{regexp.MustCompile(`\bto guide (?:the )?(?:appropriate )?planning, delivery,? and support of\b`), []string{"to guide"}, 0},
	// "... to ensure compliance with regulatory, statutory, contractual or business requirements"
	{regexp.MustCompile(`\b(?:(?:to ensure|ensuring|in order to ensure|to meet|meeting) (?:compliance with |conformance with )?)?(?:applicable )?` +
		`(?:legal|regulatory|statutory|contractual|business)(?:,? (?:and |or |and/or )?(?:legal|regulatory|statutory|contractual|business))+ (?:requirements|obligations|needs)\b`),
		[]string{"regulatory", "statutory", "contractual", "legal", "business"}, 2},
	// "... follow business requirements, applicable laws, and regulations", "(per) any applicable laws, regulations and industry best practices"
	{regexp.MustCompile(`\b(?:(?:follow|comply with|in compliance with|in accordance with|according to|per|as per|consistent with|in line with|as permitted by|permitted by|as required by|required by) )?` +
		`(?:all |any )?(?:applicable |relevant |respective )?(?:business requirements,? (?:and )?)?(?:slas?,? (?:and )?)?(?:applicable |relevant )?laws?,? (?:and |or |and/or )?(?:regulations|regulatory requirements)` +
		`(?:,? (?:and |or )?(?:standards|statutes|industry best practices?|best practices?))?\b`),
		[]string{"regulation"}, 0},
}

// stripTemplate replaces the templates in s by " . ".
func stripTemplate(s string) string {
	for _, t := range boilerplate {
		if mayHoldTemplate(s, t.cues, t.min) {
			s = t.re.ReplaceAllString(s, " . ")
		}
	}
	return s
}

// mayHoldTemplate reports whether the cues occur in s at least min times
// in all (once when min is 0), as a match of their template needs: a list
// of two policy nouns, of two kinds of requirement.
func mayHoldTemplate(s string, cues []string, min int) bool {
	n := 0
	for _, c := range cues {
		if min <= 1 {
			if strings.Contains(s, c) {
				return true
			}
			continue
		}
		if n += strings.Count(s, c); n >= min {
			return true
		}
	}
	return false
}

// conditionOpeners open a leading condition ("For customers not using
// SSO, does ..."), and conditionVerbs open the question after its comma.
var (
	conditionOpeners = []string{"for", "if", "when", "where", "in case of", "in the event of", "as part of", "regarding", "with regard to", "in addition to"}
	conditionVerbs   = map[string]bool{"do": true, "does": true, "did": true, "is": true, "are": true, "was": true, "were": true, "can": true,
		"could": true, "will": true, "would": true, "have": true, "has": true, "should": true, "shall": true, "may": true, "must": true,
		"please": true, "describe": true, "how": true, "what": true, "which": true}
)

// reReference finds the document a practice is measured against.
var reReference = regexp.MustCompile(`\b(?:in a (?:manner|way) )?(?:consistent with|in accordance with|in line with|as (?:described|stated|set out|outlined|identified|specified|defined) in|(?:described|stated|identified|specified) in)` +
	` (?:your|our|the|its|their|this) (?:own )?(?:published )?(?:privacy policy|privacy policies|privacy notice|privacy statement|notice|policy|policies|terms|contract|agreement|dpa)\b`)

// referenceCues are the words one of reReference's matches holds, so
// that most questions skip it.
var referenceCues = []string{"consistent with", "accordance with", "line with", "described in", "stated in", "set out in", "outlined in", "identified in", "specified in", "defined in"}

func mayReference(s string) bool {
	for _, c := range referenceCues {
		if strings.Contains(s, c) {
			return true
		}
	}
	return false
}

// reAside matches parenthesised text.
var reAside = regexp.MustCompile(`\([^()]*\)|\[[^\[\]]*\]`)

// reExample finds the start of an example list inside a clause.
var reExample = regexp.MustCompile(`\b(?:e\.?g\.?|i\.?e\.?|for example|for instance|such as|including but not limited to|like)\b[^;.?!]*` +
	`|\bincluding\b[^;.?!]{0,120}?\betc\b` + // "including applications, systems, infrastructure, configuration, etc."

	`|\bthe following\s*[:;]\s*[^.?!]*`)

// reAsDefined is a definition's source named in a question: "as defined
// under the CCPA/CPRA", "as defined by GDPR Article 4".
var reAsDefined = regexp.MustCompile(`\bas defined (?:by|in|under|within|per) [^,;?!]*`)

// reQuestionCode is a row's code written before its question: "HFIH-01",
// "A.5.34", "CCC-01.1", "1.2", "3)". A code holds a dash, a dot or a
// closing mark: "SOC2 report?" or "1 year retention?" start with none.
var reQuestionCode = regexp.MustCompile(`^\W*(?:[a-z&]{1,5}[-.]\d{1,3}(?:\.\d{1,3})*[.):]?|\d{1,3}(?:\.\d{1,3})+[.):]?|\d{1,3}[.):])\s+`)

// stripQuestionCode drops a leading code (reQuestionCode) from clean text:
// the code names the row, not its topic.
func stripQuestionCode(cl string) string {
	for i := 0; i < len(cl) && i < 8; i++ {
		if cl[i] >= '0' && cl[i] <= '9' {
			if loc := reQuestionCode.FindStringIndex(cl); loc != nil && loc[1] < len(cl) {
				return cl[loc[1]:]
			}
			return cl
		}
	}
	return cl
}

// analyse splits a clean question into core and context and finds its concepts.
func (v *vocabulary) analyse(cl string) analysis {
	core, context, lead, aside := splitCoreParts(stripQuestionCode(cl))
	var a analysis
	seen := map[int]bool{}
	coreSeq := seqClean(stripTemplate(core))
	a.core = informative(coreSeq)
	hits := v.tag(coreSeq)
	a.listed = listedPairs(coreSeq, hits)
	var generic []int
	for _, h := range hits {
		if seen[h.concept] {
			continue
		}
		seen[h.concept] = true
		if v.concepts[h.concept].Generic && !(v.concepts[h.concept].Party && actorAt(coreSeq, h.pos)) {
			generic = append(generic, h.concept)
		} else if v.concepts[h.concept].ID == "risk-management" && riskOfNext(coreSeq, h.end) {
			// "risk management policies associated with changing
			// organizational assets": the risk is that of what follows,
			// which is the subject
			a.context = append(a.context, h.concept)
		} else {
			a.subject = append(a.subject, h.concept)
		}
	}
	if loc, ok := v.byID["international-transfer"]; ok && len(a.subject) == 0 && !seen[loc] && strings.Contains(core, "data") && asksWhereKept(core) {
		// "where do you store customer data?" asks for the data's
		// location (what is kept elsewhere, a password or a backup, is
		// another question, and so is the hosting named outright)
		seen[loc] = true
		a.subject = append(a.subject, loc)
	}
	if len(a.subject) == 0 {
		a.subject = generic
		a.genericOnly = len(generic) > 0
	} else {
		a.context = append(a.context, generic...)
	}
	for _, h := range v.tag(seqClean(context)) {
		if !seen[h.concept] {
			seen[h.concept] = true
			a.context = append(a.context, h.concept)
		}
	}
	if lead != "" && len(a.context) > 0 && (len(a.subject) == 0 || a.genericOnly || reRefersBack.MatchString(core)) {
		// "When a critical vulnerability is found in a dependency, is it
		// fixed promptly?", "Backups - are they encrypted?", "If you are
		// acquired, could our personal data be transferred?": the question
		// is also about what its preamble, heading or condition names
		v.joinLead(&a, lead)
	}
	if (len(a.subject) == 0 || a.genericOnly) && aside != "" && len(a.context) > 0 {
		// "Do you ensure that only the minimum personal data necessary is
		// collected (data minimisation)?": an aside that names a topic when
		// the question names none but its data is the topic
		v.joinLead(&a, aside)
	}
	// The residue: core tokens outside concept spans.
	inHit := make([]bool, len(coreSeq))
	for _, h := range hits {
		for i := h.pos; i < h.end; i++ {
			inHit[i] = true
		}
	}
	rseen := map[string]bool{}
	for i, t := range coreSeq {
		if inHit[i] || rseen[t] || !(canonical[t] || (!stopWords[t] && len([]rune(t)) >= 2)) || genericStems[t] || hasDigit(t) || len(askIndex[t]) > 0 {
			// (what a qualifier asks for is checked as such, not as residue)
			continue
		}
		rseen[t] = true
		a.residual = append(a.residual, t)
	}
	return a
}

// riskOfNext reports whether the words after a risk phrase ending at end
// tie it to what follows: "associated with", "related to", "arising from"
// within a few words ("risk management policies and procedures associated
// with changing assets").
func riskOfNext(core []string, end int) bool {
	for i := end; i < len(core)-1 && i < end+5; i++ {
		switch {
		case core[i] == "associ" && core[i+1] == "with", (core[i] == "related" || core[i] == "relat") && core[i+1] == "to", core[i] == "aris" && core[i+1] == "from":
			return true
		}
	}
	return false
}

// asksWhereKept reports a question on where data is kept: "where do you
// store customer data?", "in which country is data hosted?".
func asksWhereKept(core string) bool {
	return (strings.HasPrefix(core, "where ") || strings.Contains(core, "which countr") || strings.Contains(core, "which region") ||
		strings.Contains(core, "what countr") || strings.Contains(core, "what region")) && reKept.MatchString(core)
}

// reKept finds a verb of keeping data somewhere.
var reKept = regexp.MustCompile(`\b(?:stored?|storing|hosted|hosts?|hosting|resides?|located|kept|keep|processed|housed)\b`)

// actorAt reports whether the phrase at pos of a question's core is who
// its main clause is about: right after the opening auxiliary, with at most
// determiners between ("will any third parties have access", "do third
// parties ..."), or the agent of a passive ("hosted by third parties").
func actorAt(core []string, pos int) bool {
	if pos >= 1 && (core[pos-1] == "by" || (pos >= 2 && core[pos-2] == "by" && determiners[core[pos-1]])) {
		return true // the agent of a passive: "hosted by third parties"
	}
	if pos < 1 || pos > 3 || !auxiliaries[core[0]] {
		return false
	}
	for _, t := range core[1:pos] {
		if !determiners[t] {
			return false
		}
	}
	return true
}

var auxiliaries = map[string]bool{"do": true, "doe": true, "does": true, "will": true, "would": true, "can": true, "could": true, "may": true,
	"might": true, "are": true, "is": true, "have": true, "has": true, "shall": true, "should": true, "must": true}

var determiners = map[string]bool{"ani": true, "any": true, "the": true, "your": true, "all": true, "other": true, "our": true, "such": true}

// splitCore returns the core of a clean question and its context.
func splitCore(cl string) (core, context string) {
	core, context, _, _ = splitCoreParts(cl)
	return core, context
}

// splitCoreParts is splitCore that also returns two parts of the context:
// the lead, which comes before the question (preamble sentences, a
// heading, a leading condition) and which the question may point back at,
// and the asides and examples taken out of the question.
func splitCoreParts(cl string) (core, context, lead, aside string) {
	var ctx, leads, asides []string
	// Sentences that ask: when the text holds a question mark, the
	// sentences ending in one; the others are preamble.
	if strings.Contains(cl, "?") {
		var asks []string
		rest := cl
		for rest != "" {
			i := strings.IndexAny(rest, "?.!:")
			// a dot inside "e.g." or "1.2" does not end a sentence, nor
			// does the colon before a list ("all of the following: ...")
			for i >= 0 && (rest[i] == '.' && (i+1 < len(rest) && rest[i+1] != ' ' || i > 0 && i+1 < len(rest) && isShortAbbrev(rest[:i])) ||
				rest[i] == ':' && strings.HasSuffix(rest[:i], "following")) {
				j := strings.IndexAny(rest[i+1:], "?.!:")
				if j < 0 {
					i = -1
					break
				}
				i += 1 + j
			}
			if i < 0 {
				ctx = append(ctx, rest)
				break
			}
			s := rest[:i+1]
			rest = strings.TrimSpace(rest[i+1:])
			if rest != "" && rest[0] == '*' {
				rest = strings.TrimSpace(rest[1:])
			}
			if strings.HasSuffix(s, "?") {
				asks = append(asks, s)
			} else {
				ctx = append(ctx, s)
				if len(asks) == 0 {
					leads = append(leads, s)
				}
			}
		}
		if len(asks) > 0 {
			core = strings.Join(asks, " ")
		} else {
			core = cl
			ctx, leads = nil, nil
		}
	} else {
		core = cl
	}
	// A heading before a dash ("A.8.31 Separation of development, test and
	// production environments - Are these environments kept separate?")
	// frames the question after it.
	if i := dashHeadingEnd(core); i > 0 {
		ctx = append(ctx, core[:i])
		leads = append(leads, core[:i])
		core = core[i:]
	}
	// Follow-ups ("If not, please explain") frame the question.
	if mc := replaceIf(reFollowUp, core, "", "if ", "otherwise", "where this is not"); mc != core {
		ctx = append(ctx, strings.TrimPrefix(core, mc))
		core = mc
	}
	// A leading condition ("For customers not using SSO, does ...") frames
	// the question.
	if at, ok := conditionEnd(core); ok {
		ctx = append(ctx, core[:at])
		leads = append(leads, core[:at])
		core = core[at:]
	}
	if strings.ContainsAny(core, "([") {
		a := reAside.FindAllString(core, -1)
		ctx = append(ctx, a...)
		asides = append(asides, a...)
		core = reAside.ReplaceAllString(core, " ")
	}
	// "as defined under the CCPA" says which meaning of a word is meant,
	// not what the question is about
	if strings.Contains(core, "as defined ") {
		x := reAsDefined.FindAllString(core, -1)
		ctx = append(ctx, x...)
		asides = append(asides, x...)
		core = reAsDefined.ReplaceAllString(core, " ")
	}
	if hasExampleCue(core) {
		x := reExample.FindAllString(core, -1)
		ctx = append(ctx, x...)
		asides = append(asides, x...)
		core = reExample.ReplaceAllString(core, " ")
	}
	// The document a practice is measured against ("... protect personal
	// information in a manner consistent with your privacy policy", "the
	// purposes identified in the notice") is its reference, not its subject.
	if mayReference(core) {
		if m := reReference.FindAllString(core, -1); m != nil {
			ctx = append(ctx, m...)
			core = reReference.ReplaceAllString(core, " ")
		}
	}
	return core, strings.Join(ctx, " . "), strings.Join(leads, " . "), strings.Join(asides, " . ")
}

// isShortAbbrev reports text ending in an abbreviation whose dot does not
// end a sentence ("e.g", "i.e", "etc", "vs").
func isShortAbbrev(s string) bool {
	for _, a := range []string{"e.g", "i.e", "etc", "vs", " e", " i"} {
		if strings.HasSuffix(s, a) {
			return true
		}
	}
	return false
}

// genericStems are words that frame a question in every domain: verbs of
// doing and having, vague nouns, actors. A control that lacks them is no
// weaker a match. Stems, as the pipeline makes them.
var genericStems = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"develop", "developed", "reduce", "impact", "accordance", "strategy", "strategies", "requirement", "requirements", "require",
		"required", "cloud", "offering", "component", "components", "based", "basis", "principle", "principles", "industry", "best",
		"technical", "verify", "function", "functions", "data", "information", "security", "secure", "securely", "policy", "policies",
		"standard", "standards", "management", "manage", "managed", "managing", "handle", "handling", "regular", "regularly", "routine",
		"routinely", "formal", "formally", "apply", "applied", "evaluate", "evaluated",
		"review", "reviewed", "update", "updated", "support", "keep", "kept", "make", "made", "need", "needed", "customer", "customers",
		"user", "users", "employee", "employees", "personnel", "staff", "institution", "institutions", "tenant", "tenants", "csc", "cscs",
		"csp", "csps", "provider", "environment", "resource", "resources", "allow", "allows", "enable", "enables", "possible", "scope",
		"level", "levels", "part", "activity", "activities", "operate", "operation", "operations", "operational", "business", "critical",
		"organizational", "organisational", "internal", "external", "new", "existing", "ongoing", "periodic", "periodically", "timely",
		"prior", "against", "case", "event", "order", "party", "parties", "owner", "owned", "responsible", "responsibility", "team",
		"individual", "individuals", "person", "people", "access", "protect", "protected", "protection", "assure", "assurance", "risk",
		"identify", "identified", "plan", "plans", "process", "processes", "procedure", "procedures", "measure", "measures", "practice",
		"state", "provide", "include", "includes", "contain", "relate", "related", "regard", "regarding", "concern", "specific", "means",
		"applicable", "appropriate", "adequate", "approach", "capability", "ability", "place", "perform", "performed", "conduct",
		"established", "maintained", "implemented", "defined", "documented", "offered", "service", "services", "solution", "system",
		"systems", "product", "products", "application", "applications", "platform", "company", "organization", "vendor", "vendors",
		"have", "has", "any", "all", "other", "etc", "within", "across", "throughout", "relevant", "respective", "sensitive", "confidential",
		"institutional", "minimum", "least", "annually", "year", "month", "day", "time", "times", "mechanism", "mechanisms",
		"ensure", "ensured", "ensuring", "currently", "current", "utilize", "utilise", "employ", "employed", "implement", "follow",
		"following", "defined", "set", "sets", "way", "ways", "form", "forms", "type", "types", "proper", "properly", "general",
		"comply", "complies", "compliance", "compliant", "create", "created", "creation",
		"account", "accounts", "rule", "rules", "structured", "record", "records", "purpose", "purposes", "area", "areas", "store",
		"stored", "storing", "long", "term", "engage", "engaging", "engaged", "engagement", "necessary", "needed", "necessarily", "specific", "including", "includes", "example", "examples", "number", "level", "levels", "easily", "discoverable", "exist", "exists", "existence", "available", "availability", "per", "outline", "describe", "list", "explain", "please",
		"share", "shared", "sharing", "willing", "supply", "furnish", "end", "action", "actions",
		"district", "districts", "school", "schools", "see", "take", "taken", "admin", "administrator", "administrators", "obtain", "obtained",
		"technique", "techniques", "method", "methods", "methodology", "protocol", "protocols", "algorithm", "algorithms", "according",
		"reference", "references", "companies", "occur", "occurs", "occurred", "bound", "collect", "collects", "collected", "collecting",
		"one", "ones", "findwhere", "configurewith", "executewith", "sign", "signed",
		"generatewith", "affect", "affects", "affected", "respond", "responds", "responded", "responding",
		"feature", "features", "functionality", "functionalities", "country", "countries",
		"integratewith", "employ", "employs", "part", "well", "built", "anywhere", "somewhere",
		"involve", "involves", "involved", "involving", "pertain", "pertaining", "concerning",
		"associate", "associated", "help", "helps", "helping", "behalf", "become", "becomes", "aware", "ask", "asks", "asked", "subject", "improve", "improves", "improved", "strengthen", "strengthens", "knowingly", "send", "sends", "sent", "sending", "ever",
		// "the actions their role permits", "made sure", "carry out"
		"permit", "permits", "permitted", "sure", "carry",
		// "in a manner consistent with your policies", "is it true that ...",
		// the roles a school's users have
		"manner", "consistent", "consistently", "true", "teacher", "teachers", "faculty", "educator", "educators", "instructor", "instructors",
		// "the data we put into the product", "manage users themselves", "honor requests"
		"put", "puts", "themselves", "itself", "honor", "honors", "honored", "honour", "honours", "honoured",
		// "have you got ...?", "you're", the team that does it
		"got", "gotten", "re", "ve", "ll", "engineering",
		// SOC 2's "the entity"; what is done to a right, a finding or a form
		// ("allocated", "assigned", "tracked", "granted", "filled out",
		// "modified"); how one comes to it ("consider", "decide", "rely on",
		// "treat as"); where it happens ("the website's visitors", "the
		// underlying infrastructure")
		"entity", "entities", "allocate", "allocated", "allocation", "assign", "assigned", "track", "tracked", "tracks",
		"grant", "granted", "granting", "fill", "filled", "filling", "modify", "modified", "modification", "modifications",
		"consider", "considered", "considers", "decide", "decides", "deciding", "rely", "relies", "treat", "treated", "act", "acting",
		"submit", "submitted", "govern", "governing", "confirm", "confirms", "otherwise",
		"website", "websites", "visitor", "visitors", "infrastructure", "underlying",
		// the plain words of a buyer's own spreadsheet or email: "pick up", "if
		// something goes wrong", "so it does not happen again", "build and
		// ship", "the tool", "you guys", "push straight to prod", "ad hoc"
		"pick", "picks", "happen", "happens", "happened", "close", "closed", "ship", "ships", "shipped", "build", "builds", "built",
		"watch", "watches", "normal", "normally", "go", "goes", "going", "get", "gets", "getting", "deliver", "delivers", "start", "starts",
		"run", "runs", "running", "meet", "meets", "tool", "tools", "anyone", "anybody", "something", "wrong", "actually",
		"dev", "guy", "guys", "thing", "things", "different", "info", "two", "still", "sit", "sits", "sitting",
		"hold", "holds", "copy", "copies", "ad", "hoc", "look", "looks", "choose", "chooses", "push", "straight", "prod", "depend", "depends",
		"buyer", "buyers", "plugin", "plugins", "plug-in", "back",
		// to receive something is to be given it ("opt out of receiving
		// marketing emails", "do subprocessors receive access")
		"receive", "receives", "received", "receiving",
		// "data held about them", actions "captured in audit logs", to
		// "practise data minimisation"
		"held", "capture", "captures", "captured", "capturing", "practise", "practises", "practised",
	} {
		m[stem(w)] = true
		m[w] = true
	}
	// a "designated" contact or owner (a token of its own, see synonyms:
	// its stem is design's)
	m["designatedas"] = true
	for w := range strongCues {
		m[w] = true // polarity is read apart, not as a topic
	}
	for w := range weakCues {
		m[w] = true
	}
	return m
}()

// joinLead moves the specific concepts that the lead (a preamble, heading
// or leading condition) or an aside names from the context to the subject.
func (v *vocabulary) joinLead(a *analysis, lead string) {
	inLead := map[int]bool{}
	for _, h := range v.tag(seqClean(lead)) {
		if !v.concepts[h.concept].Generic {
			inLead[h.concept] = true
		}
	}
	var rest []int
	joined := false
	for _, c := range a.context {
		if inLead[c] {
			a.subject = append(a.subject, c)
			joined = true
		} else {
			rest = append(rest, c)
		}
	}
	if !joined {
		return
	}
	if a.genericOnly {
		// the generic concepts that stood as the subject frame it now
		var specific []int
		for _, c := range a.subject {
			if v.concepts[c].Generic {
				rest = append(rest, c)
			} else {
				specific = append(specific, c)
			}
		}
		a.subject, a.genericOnly = specific, false
	}
	a.context = rest
}

// reRefersBack finds a question that points back at what came before it
// ("is it ...", "are these environments ...").
var reRefersBack = regexp.MustCompile(`\b(?:it|its|they|them|their|these|this|those|such)\b`)

// reDashHeading matches a heading, a dash and a question that opens with an
// auxiliary, a wh-word or a request.
var reDashHeading = regexp.MustCompile(`^([^?]{3,150}?)\s-{1,2}\s+(?:are|is|do|does|did|has|have|can|could|will|would|should|shall|may|might|must|what|which|who|how|where|when|why|please|describe|explain|provide|list)\b`)

// dashHeadingEnd returns where the question after a heading and a dash
// starts, or 0. A text that itself opens as a question ("Is data
// encrypted - is it AES?") has no heading.
func dashHeadingEnd(s string) int {
	if !strings.Contains(s, " -") {
		return 0
	}
	m := reDashHeading.FindStringSubmatchIndex(s)
	if m == nil {
		return 0
	}
	w := strings.TrimLeftFunc(s, func(r rune) bool { return !isAlnum(r) })
	if i := strings.IndexFunc(w, func(r rune) bool { return !isAlnum(r) }); i > 0 {
		w = w[:i]
	}
	if auxiliaries[w] || whWords[w] {
		return 0
	}
	return m[3] + len(s[m[3]:]) - len(strings.TrimLeft(s[m[3]:], " -"))
}

// conditionEnd returns where the question after a leading condition
// starts: s opens (after any non-word characters) with one of
// conditionOpeners as a word, its first comma or question mark within 120
// characters is a comma, and after the comma and any white space comes one
// of conditionVerbs as a word. s is clean text.
func conditionEnd(s string) (int, bool) {
	if !strings.Contains(s, ",") {
		return 0, false
	}
	i := 0
	for i < len(s) && !isWordByte(s[i]) {
		i++
	}
	j := -1
	for _, o := range conditionOpeners {
		if strings.HasPrefix(s[i:], o) && (i+len(o) == len(s) || !isWordByte(s[i+len(o)])) {
			j = i + len(o)
			break
		}
	}
	if j < 0 {
		return 0, false
	}
	k := strings.IndexAny(s[j:], ",?")
	if k < 0 || s[j+k] != ',' || utf8.RuneCountInString(s[j:j+k]) > 120 {
		return 0, false
	}
	p := j + k + 1
	for p < len(s) && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\f' || s[p] == '\r') {
		p++
	}
	if !conditionVerbs[s[p:wordAt(s, p)]] {
		return 0, false
	}
	return p, true
}

// hasExampleCue reports whether s may hold an example list (reExample).
func hasExampleCue(s string) bool {
	for _, c := range []string{"e.g", "eg ", "i.e", "ie ", "for example", "for instance", "such as", "including but", " etc", "like", "the following"} {
		if strings.Contains(s, c) {
			return true
		}
	}
	return false
}
