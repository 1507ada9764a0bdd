package match

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/vouchcli/vouch/controls"
)

// Ranking by concept. When a question names concepts of the vocabulary, a
// control's confidence is how well it covers them, not the share of the
// question's words it holds:
//
//	cc     = the mean, over the question's subject concepts, of the
//	         control's strength on each (1 when its title, keywords or
//	         topics name the concept or a narrower one, statementShare when only
//	         its statement does, 0 when it does not);
//	uncov  = the IDF-weighted share of the question's residue (its words
//	         outside any concept or template) that the control's text lacks;
//	conf   = cc^1.5 * (1 - residuePenalty*uncov).
//
// A control that misses one of two subject concepts gets at most
// 0.5^1.5 = 0.35; one that is about the subject but holds none of the
// residue 1 - residuePenalty = 0.35. The default bar (0.5) is placed where, on the
// labelled development questions, auto-answers are right about as often as
// their confidence says (see README, "Confidence").
const (
	residuePenalty = 0.55
	// statementShare is a concept's strength in a control whose statement
	// names it and whose title, keywords and topics do not.
	statementShare = 0.8
	// asideShare is a concept's strength in a control that names it only
	// in a parenthesised part of its statement.
	asideShare        = 0.4
	crosswalkBonus    = 0.1
	noConceptDiscount = 0.7
)

func conceptConfidence(cc, uncov float64) float64 {
	return min(maxConceptConfidence, clamp01(math.Pow(cc, 1.5)*(1-residuePenalty*uncov)))
}

// negativeTitleCover is the share of a negative commitment's title a
// question must hold to be about what it denies (as fromControl checks);
// negativeDemotion ranks it below the others when the question does not.
const (
	negativeTitleCover = 0.75
	negativeDemotion   = 0.9
)

// genericSubjectFactor scales the confidence of a question whose subject
// is only generic concepts.
const genericSubjectFactor = 0.75

// uncoveredConceptFactor scales the coverage of a control that leaves one
// of the subject's concepts uncovered: two of three concepts is not "mostly
// the subject", it is another question.
const uncoveredConceptFactor = 0.6

// maxConceptConfidence: no match by concept is certain.
const maxConceptConfidence = 0.95

// conceptFit returns a control's concept coverage of the question's
// subject and the share of the residue it lacks.
func (e *Engine) conceptFit(an *analysis, ci int) (cc, uncov float64) {
	hole := false
	for _, s := range an.subject {
		w := e.strengthOn(an, ci, s)
		cc += w
		hole = hole || w == 0
	}
	cc /= float64(len(an.subject))
	if hole {
		cc *= uncoveredConceptFactor // a subject concept no text of the control names
	}
	var total, missing float64
	words := e.ctlWords[ci]
	for _, t := range an.residual {
		w := e.ctl.idf(t)
		total += w
		if !words[t] {
			missing += w
		}
	}
	if total > 0 {
		uncov = missing / total
	}
	return cc, uncov
}

// strengthOn is a control's strength on one of the question's subject
// concepts. When the question also names a concept s narrower than c
// ("cryptography, encryption, and key management"), the question asks for
// both: a control covers c by naming c or a concept narrower than c beside
// s, not through s: "Secrets management" covers the key management, not
// the encryption named beside it.
func (e *Engine) strengthOn(an *analysis, ci, c int) float64 {
	w := e.ctlConcepts[ci][c]
	if w == 0 || !an.nests(e.voc, c) || e.ctlDirect[ci][c] > 0 {
		return w
	}
	best := 0.0
	for d, dw := range e.ctlDirect[ci] {
		if d != c && slices.Contains(e.voc.up[d], c) && !e.underNamed(an, d, c) {
			best = max(best, dw)
		}
	}
	return best
}

// underNamed reports whether d is, or is narrower than, a subject concept
// that is itself narrower than c.
func (e *Engine) underNamed(an *analysis, d, c int) bool {
	for _, s := range an.subject {
		if s == c || !slices.Contains(e.voc.up[s], c) {
			continue
		}
		if d == s || slices.Contains(e.voc.up[d], s) {
			return true
		}
	}
	return false
}

// conceptRank rescores the BM25 hits by concept and adds the controls that
// cover the subject without sharing a word with the question.
func (e *Engine) conceptRank(an *analysis, qt []string, out []scored) []scored {
	have := make(map[int]bool, len(out))
	for _, s := range out {
		if s.Kind == KindControl {
			have[s.ref] = true
		}
	}
	for _, c := range an.subject {
		for _, ci := range e.conceptControls[c] {
			if !have[ci] {
				have[ci] = true
				ctl := &e.cat.Controls[ci]
				out = append(out, scored{Candidate: Candidate{Kind: KindControl, ID: ctl.ID, Title: ctl.Title}, ref: ci})
			}
		}
	}
	subject := strings.Join(e.voc.ids(an.subject), ", ")
	// the question's words with those of the concepts it names, for the
	// titles of negative commitments ("institutional data" is customer data)
	var words *heldWords
	namesParty := e.namesParty(an)
	for i := range out {
		s := &out[i]
		if s.Kind != KindControl {
			// certifications are named, not described: words decide
			s.Confidence = round2(s.bm25 * noConceptDiscount)
			continue
		}
		cc, uncov := e.conceptFit(an, s.ref)
		s.direct, s.titled = 0, 0
		for _, c := range an.subject {
			if e.ctlDirect[s.ref][c] > 0 {
				s.direct++
			}
			s.titled += int(e.ctlTitled[s.ref][c])
		}
		s.context = 0
		for _, c := range an.context {
			if e.ctlDirect[s.ref][c] > 0 && !e.voc.concepts[c].Generic {
				s.context++ // (what the question acts on, "personal data", tells no control apart)
			}
		}
		s.cc, s.uncov = cc, uncov
		s.subject = subject
		conf := conceptConfidence(cc, uncov)
		if an.genericOnly {
			// "customer data", "third parties" alone say little of what is
			// asked about them
			conf *= genericSubjectFactor
			if cc < 1 {
				// and a statement that only mentions them ("... the
				// underlying infrastructure and configuration") is not
				// about them
				conf *= uncoveredConceptFactor
			}
		}
		if e.ctlNeg[s.ref] && words == nil {
			h := e.voc.heldWords(qt, an)
			words = &h
		}
		if e.ctlNeg[s.ref] && e.titleCoverage(s.ref, *words) < negativeTitleCover {
			// A negative commitment ("no sale of personal data") answers
			// only a question about what it denies; for any other question
			// on its subject it ranks below the controls that state a practice.
			conf *= negativeDemotion
		}
		if !namesParty && e.aboutAnotherParty(an, s.ref) {
			conf *= otherPartyFactor
		}
		s.Confidence = round2(conf)
		s.why = whyConcept
	}
	if len(an.subject) > 1 {
		out = e.pairUp(an, out)
	}
	return out
}

// pairUp adds, when no single control covers a question about several
// concepts as well, the pair of controls that covers it together ("an incident
// response process ... and report actual incidents": IR-01 and IR-04). The
// pair stands as its first control with the second as partner; both must
// then answer.
func (e *Engine) pairUp(an *analysis, out []scored) []scored {
	var top []int // indexes into out of the controls that cover part of the subject
	best := 0.0
	for i := range out {
		if out[i].Kind == KindControl && out[i].cc > 0 {
			top = append(top, i)
			best = max(best, out[i].Confidence)
		}
	}
	if len(top) < 2 {
		return out
	}
	slices.SortStableFunc(top, func(a, b int) int { return byConfidenceThenScore(out[a], out[b]) })
	if len(top) > 6 {
		top = top[:6]
	}
	var pair *scored
	for x := 0; x < len(top); x++ {
		for y := x + 1; y < len(top); y++ {
			a, b := &out[top[x]], &out[top[y]]
			if e.cat.Controls[a.ref].Domain != e.cat.Controls[b.ref].Domain {
				continue // two halves of an answer come from one domain
			}
			if !e.pairOnTopic(an, a.ref) || !e.pairOnTopic(an, b.ref) {
				continue
			}
			cc, uncov := e.pairFit(an, a.ref, b.ref)
			if cc < 1 || uncov > pairMaxResidue {
				continue // a pair must cover the subject and most of the rest
			}
			conf := round2(conceptConfidence(cc, uncov) * pairDiscount)
			if conf < e.minConf+pairMargin {
				continue // two controls stitched together need a margin over the bar
			}
			if pair == nil || conf > pair.Confidence {
				p := *a
				p.partner = b.ref + 1
				p.cc, p.uncov, p.Confidence = cc, uncov, conf
				p.ID = a.ID + "+" + b.ID
				p.Title = a.Title + " + " + b.Title
				pair = &p
			}
		}
	}
	if pair != nil && pair.Confidence > best+pairMargin {
		out = append(out, *pair)
	}
	return out
}

// pairOnTopic reports whether a control may join a pair: every specific
// concept its title names is related to one the question names (the same,
// broader or narrower; a generic concept relates only as a party: "third
// parties" named, a subprocessor control). "Cookies and consent" covers the
// consent of "consent before using personal information for new purposes",
// but it is about cookies, which the question does not raise. A scope in
// the title's parentheses ("(EEA/UK)") is no topic.
func (e *Engine) pairOnTopic(an *analysis, ci int) bool {
	for c, w := range e.ctlTitled[ci] {
		if w != 2 || e.voc.concepts[c].Generic || slices.Contains(e.ctlTitleScope[ci], c) {
			continue
		}
		if !e.namedNear(an.subject, c) && !e.namedNear(an.context, c) {
			return false
		}
	}
	return true
}

// otherPartyFactor scales the confidence of a control about another party
// (its title names subprocessors, third parties) for a question that names
// none: "Minimum necessary subprocessor access" does not answer "Can access
// be limited according to job function?".
const otherPartyFactor = 0.5

// aboutAnotherParty reports whether a control's title names a party, or a
// concept narrower than one, that the question (which names no party) does
// not come near.
func (e *Engine) aboutAnotherParty(an *analysis, ci int) bool {
	for _, c := range e.ctlPartyTitled[ci] {
		if !e.namedNear(an.subject, c) && !e.namedNear(an.context, c) {
			return true
		}
	}
	return false
}

// namesParty reports whether the question names any party concept, or one
// narrower than it.
func (e *Engine) namesParty(an *analysis) bool {
	for _, cs := range [][]int{an.subject, an.context} {
		for _, c := range cs {
			if e.voc.isParty(c) {
				return true
			}
		}
	}
	return false
}

// namedNear reports whether one of named is c, narrower than c, or broader
// than c and specific or a party.
func (e *Engine) namedNear(named []int, c int) bool {
	for _, n := range named {
		if n == c || slices.Contains(e.voc.up[n], c) {
			return true
		}
		if slices.Contains(e.voc.up[c], n) && (!e.voc.concepts[n].Generic || e.voc.concepts[n].Party) {
			return true
		}
	}
	return false
}

// pairMaxResidue is the most of the residue a pair may leave uncovered:
// two controls stitched together answer less surely than one.
const pairMaxResidue = 0.8

// pairMargin is how far above --min-confidence a pair must score.
const pairMargin = 0.05

// pairDiscount: two controls that answer a question together are a little
// less sure an answer than one that answers it alone.
const pairDiscount = 0.95

// pairFit is conceptFit for two controls together: each subject concept
// at the stronger of the two, the residue held by either.
func (e *Engine) pairFit(an *analysis, a, b int) (cc, uncov float64) {
	hole := false
	for _, s := range an.subject {
		w := max(e.strengthOn(an, a, s), e.strengthOn(an, b, s))
		cc += w
		hole = hole || w == 0
	}
	cc /= float64(len(an.subject))
	if hole {
		cc *= uncoveredConceptFactor
	}
	var total, missing float64
	for _, t := range an.residual {
		w := e.ctl.idf(t)
		total += w
		if !e.ctlWords[a][t] && !e.ctlWords[b][t] {
			missing += w
		}
	}
	if total > 0 {
		uncov = missing / total
	}
	return cc, uncov
}

// byConfidenceThenScore orders candidates by confidence, then by BM25
// score: of two controls that cover the subject alike, the one that shares
// more of the question's words.
func byConfidenceThenScore(a, b scored) int {
	if c := cmp.Compare(b.Confidence, a.Confidence); c != 0 {
		return c
	}
	if c := cmp.Compare(b.direct, a.direct); c != 0 {
		return c // naming the subject itself beats covering it through a narrower concept
	}
	if aw, bw := a.why == whyCrosswalk, b.why == whyCrosswalk; aw != bw {
		// the framework's own mapping, when the cap hid its bonus
		if aw {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(b.context, a.context); c != 0 {
		return c // the control that also names the question's examples
	}
	if c := cmp.Compare(b.titled, a.titled); c != 0 {
		return c // a title about the subject beats a keyword or the statement
	}
	return cmp.Compare(b.score, a.score)
}

// controlConcepts tags a control: its title, keywords and topics at full
// strength, its statement at statementShare; then every broader concept.
// direct is the set before the broader concepts are added.
func (v *vocabulary) controlConcepts(c *controls.Control) (all, direct conceptSet) {
	s := conceptSet{}
	v.tagText(s, c.Title, 1)
	for _, k := range c.Keywords {
		v.tagText(s, k, 1)
	}
	for _, t := range c.Topics {
		if i, ok := v.byID[strings.TrimSpace(t)]; ok {
			s.add(i, 1)
		}
	}
	// a statement's parenthesised lists are examples, as in a question:
	// "account data (names, ..., role and authentication details)" is no
	// claim about roles
	v.tagText(s, reAside.ReplaceAllString(c.Statement, " . "), statementShare)
	for _, a := range reAside.FindAllString(c.Statement, -1) {
		v.tagText(s, a, asideShare)
	}
	return v.closure(s), s
}

// UnknownTopics lists the topics of a control that the vocabulary does not
// define, for catalog validation.
func UnknownTopics(c *controls.Control) []string {
	var out []string
	for _, t := range c.Topics {
		if _, ok := defaultVocabulary.byID[strings.TrimSpace(t)]; !ok {
			out = append(out, t)
		}
	}
	return out
}
