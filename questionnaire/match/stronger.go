package match

import "strings"

// A Yes to a question that asks more answers the question that asks less.
// "Are your systems and applications scanned with an authenticated user
// account for vulnerabilities prior to new releases?" answered Yes says
// the systems and applications are scanned for vulnerabilities: the
// conditions of manner and time ("with ...", "using ...", "prior to ...",
// "within ...") only make the claim stronger. A learned question keeps,
// besides itself, its base: the question without those conditions, which a
// new question may be compared with. What narrows who or what the claim is
// about ("for administrators", "for critical systems") is not a condition
// of this kind and stays (narrowerScope); a No to the stronger question says
// nothing of the weaker one, so only a Yes has a base.

// conditionMarkers open a condition of manner or time, as clean words.
var conditionMarkers = [][]string{
	{"with"}, {"using"}, {"via"}, {"prior", "to"}, {"before"}, {"after"}, {"within"}, {"at", "least"},
}

// conditionEnds end a condition: the next clause or complement starts.
var conditionEnds = map[string]bool{
	"for": true, "that": true, "which": true, "who": true, "where": true, "when": true, "if": true,
	"and": true, "or": true, "to": true, "including": true,
}

// withComplement are words whose "with" is their complement, not a
// condition: "comply with GDPR", "shared with third parties" say what is
// done, not how.
var withComplement = map[string]bool{
	"comply": true, "complies": true, "compliant": true, "compliance": true, "integrate": true, "integrates": true,
	"integrated": true, "integration": true, "share": true, "shared": true, "shares": true, "sharing": true,
	"associated": true, "consistent": true, "align": true, "aligned": true, "familiar": true, "provide": true,
	"provided": true, "provides": true, "equipped": true, "deal": true, "work": true, "works": true,
	"interact": true, "communicate": true, "agree": true, "agreement": true, "agreements": true,
	"contract": true, "contracts": true, "partner": true, "partners": true, "partnered": true, "along": true,
	"together": true, "registered": true, "certified": true, "accredited": true, "up": true,
}

// stripConditions returns the clean text cl without its conditions of
// manner and time, and whether there were any. Punctuation ends a
// condition; so does a word of conditionEnds.
func stripConditions(cl string) (string, bool) {
	words := strings.Fields(cl)
	out := make([]string, 0, len(words))
	stripped := false
	for i := 0; i < len(words); i++ {
		n := conditionAtWord(words, i)
		if n == 0 {
			out = append(out, words[i])
			continue
		}
		j := i + n
		for j < len(words) {
			w := words[j]
			if conditionEnds[strings.Trim(w, "[]()")] || strings.IndexAny(w, "[(") == 0 {
				break
			}
			j++
			if strings.ContainsAny(w, "?,;:.)]") {
				// the condition ends with this word; keep its punctuation
				if k := strings.IndexAny(w, "?,;:.)]"); k >= 0 {
					out = append(out, w[k:])
				}
				break
			}
		}
		if j-i <= n {
			out = append(out, words[i]) // a marker with nothing after it
			continue
		}
		stripped = true
		i = j - 1
	}
	return strings.Join(out, " "), stripped
}

// conditionAtWord returns how many words of a condition marker start at
// words[i], or 0.
func conditionAtWord(words []string, i int) int {
	for _, m := range conditionMarkers {
		if i+len(m) > len(words) {
			continue
		}
		ok := true
		for k, w := range m {
			if words[i+k] != w {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if m[0] == "with" && i > 0 && withComplement[strings.Trim(words[i-1], ",;:()[]")] {
			return 0
		}
		return len(m)
	}
	return 0
}

// libBase is a learned question without its conditions (stripConditions).
type libBase struct {
	termStats
	text string // clean
	an   analysis
	core []string
}

// newLibBase returns the base of a learned question answered Yes, or nil
// when the question holds no condition or nothing is left without them.
func (e *Engine) newLibBase(question string) *libBase {
	cl := questionClean(question)
	base, ok := stripConditions(cl)
	if !ok {
		return nil
	}
	b := &libBase{termStats: newTermStats(informative(seq(base))), text: base, an: e.voc.analyse(base)}
	if len(b.terms) == 0 || len(b.an.subject) == 0 {
		return nil
	}
	b.core = b.an.core
	return b
}

// baseSimilarity is the similarity of the new question to a learned
// question's base, on all terms and on the cores, as similarity does it.
func (q *question) baseSimilarity(an *analysis, b *libBase, polarityDiffers bool) float64 {
	sim := q.similarityTo(&b.termStats, polarityDiffers)
	if len(an.core) > 2 && len(b.core) > 2 {
		sim = max(sim, similarityTerms(an.core, b.core, polarityDiffers))
	}
	return clamp01(sim)
}

// conditionTerms returns the informative terms of a question's conditions
// (what stripConditions takes out), or nil when it has none.
func conditionTerms(question string) []string {
	cl := questionClean(question)
	base, ok := stripConditions(cl)
	if !ok {
		return nil
	}
	kept := setOf(informative(seq(base)))
	var out []string
	for _, t := range uniq(informative(seq(cl))) {
		if !kept[t] {
			out = append(out, t)
		}
	}
	return out
}
