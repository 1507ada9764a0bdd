// Package match decides how a catalog answers one questionnaire question:
// lexical retrieval (BM25 over stemmed, synonym-folded words) over the
// controls, certifications and answer library, the framework crosswalk for
// rows that carry a known question ID, and a decision that never goes beyond
// what the matched control states. It does no I/O.
package match

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/vouchcli/vouch/controls"
)

// Result statuses.
const (
	StatusAnswered = "answered"
	StatusReview   = "review"
	StatusSkipped  = "skipped"
)

// Candidate kinds.
const (
	KindControl       = "control"
	KindLibrary       = "library"
	KindCertification = "certification"
)

// DefaultMinConfidence is used when Options.MinConfidence is 0.
const DefaultMinConfidence = 0.5

// LibraryMinConfidence is the stricter bar a library answer must clear to
// serve a row (it must also beat the best control).
const LibraryMinConfidence = 0.75

// crosswalkFloor is the share of the question's words a crosswalked control
// must hold for the crosswalk to count (a sanity check against IDs that
// collide across framework versions).
const crosswalkFloor = 0.3

// Options tunes the engine.
type Options struct {
	MinConfidence float64   // below it the row goes to review; 0 means DefaultMinConfidence
	AsOf          time.Time // for evidence expiry; zero means time.Now()
}

// Query is one questionnaire row.
type Query struct {
	ID         string   // question ID from the sheet, may be empty ("CEK-03.1", "HLAA-07", "A&A-01.1")
	Text       string   // question text (may contain line breaks, HTML remnants)
	Section    string   // section header above it, may be empty
	Allowed    []string // the answer cell's dropdown values as the sheet spells them; empty = free text
	HasComment bool     // the sheet has a comment/narrative column for this row
}

// Candidate is one possible source of the answer.
type Candidate struct {
	Kind       string  `json:"kind"` // control, library or certification
	ID         string  `json:"id"`
	Title      string  `json:"title"` // control title, library question, certification name
	Confidence float64 `json:"confidence"`
}

// Result is the decision for one row.
type Result struct {
	Status     string      `json:"status"`  // answered, review or skipped
	Verdict    string      `json:"verdict"` // yes, no, partial, na or ""
	Answer     string      `json:"answer"`  // exactly what goes in the answer cell ("" = leave it empty)
	Comment    string      `json:"comment"` // narrative for the comment column (when HasComment); for review, a suggestion for the reviewer
	Controls   []string    `json:"controls"`
	Library    string      `json:"library"`
	Confidence float64     `json:"confidence"`
	Reasons    []string    `json:"reasons"`
	Candidates []Candidate `json:"candidates"`
}

// Engine answers questions from one catalog. It is immutable after New and
// safe for concurrent use.
type Engine struct {
	cat     *controls.Catalog
	minConf float64
	asOf    time.Time

	ctl *index // controls and certifications
	lib *index // library questions

	ctlNeg     []bool     // per control: a negative commitment
	ctlSupport []string   // per control: the text a qualifier can be found in
	ctlSupSeq  [][]string // per control: ctlSupport through seq
	ctlDenied  []termSet  // per control: terms its caveat denies and it does not state
	libTerms   [][]string
	libNeg     []bool
	// crosswalk maps an upper-cased framework ID to control indexes.
	crosswalk map[string][]int
}

// New builds the indexes once.
func New(cat *controls.Catalog, opts Options) *Engine {
	if cat == nil {
		cat = &controls.Catalog{}
	}
	e := &Engine{cat: cat, minConf: opts.MinConfidence, asOf: opts.AsOf, crosswalk: map[string][]int{}}
	if e.minConf <= 0 || e.minConf > 1 {
		e.minConf = DefaultMinConfidence
	}
	if e.asOf.IsZero() {
		e.asOf = time.Now()
	}
	var docs []document
	for i, c := range cat.Controls {
		docs = append(docs, newDocument(KindControl, c.ID, c.Title, i,
			field{c.Title, 3}, field{strings.Join(c.Keywords, " . "), 2},
			field{c.Statement, 1}, field{strings.ReplaceAll(c.Domain, "-", " "), 1}))
		neg := negativeControl(c.Title, c.Statement)
		e.ctlNeg = append(e.ctlNeg, neg)
		sup := c.Title + " . " + c.Statement
		if !neg {
			sup = positiveClauses(sup)
		}
		e.ctlSupport = append(e.ctlSupport, sup+" . "+positiveClauses(c.Caveat))
		e.ctlSupSeq = append(e.ctlSupSeq, seq(e.ctlSupport[i]))
		e.ctlDenied = append(e.ctlDenied, deniedTerms(c))
		for _, ids := range c.Frameworks {
			for _, id := range ids {
				k := strings.ToUpper(strings.TrimSpace(id))
				e.crosswalk[k] = append(e.crosswalk[k], i)
			}
		}
	}
	for i, c := range cat.Certifications {
		docs = append(docs, newDocument(KindCertification, c.ID, c.Name, i,
			field{c.Name, 3}, field{strings.Join(c.Keywords, " . "), 2}, field{c.Note, 1}))
	}
	e.ctl = buildIndex(docs)
	var ldocs []document
	for i, a := range cat.Library {
		ldocs = append(ldocs, newDocument(KindLibrary, a.ID, a.Question, i, field{a.Question, 1}))
		e.libTerms = append(e.libTerms, terms(a.Question))
		e.libNeg = append(e.libNeg, negated(a.Question))
	}
	e.lib = buildIndex(ldocs)
	return e
}

// scored is a candidate with where it points.
type scored struct {
	Candidate
	ref    int // index into Controls, Certifications or Library
	reason string
}

// reCAIQ is a CAIQ/CCM-style question ID: "CEK-03.1", "A&A-01.1", "IAM-02".
var reCAIQ = regexp.MustCompile(`^([A-Z&]{2,4}-\d{1,2})(?:\.\d+)*$`)

// controlCandidates ranks the controls and certifications for a question,
// with the crosswalk applied.
func (e *Engine) controlCandidates(qt []string, section []string, id string) []scored {
	hits := e.ctl.search(qt, section)
	byDoc := map[int]int{}
	var out []scored
	for _, h := range hits {
		d := e.ctl.docs[h.doc]
		byDoc[h.doc] = len(out)
		out = append(out, scored{Candidate: Candidate{Kind: d.kind, ID: d.id, Title: d.title, Confidence: round2(h.conf)},
			ref: d.ref, reason: fmt.Sprintf("matched %s by BM25 %.2f", d.id, h.conf)})
	}
	// Crosswalk: controls mapped to the row's framework ID.
	id = strings.ToUpper(strings.TrimSpace(id))
	if id != "" {
		keys := []string{id}
		if m := reCAIQ.FindStringSubmatch(id); m != nil && m[1] != id {
			keys = append(keys, m[1])
		}
		seen := map[int]bool{}
		for _, k := range keys {
			for _, ci := range e.crosswalk[k] {
				if seen[ci] {
					continue
				}
				seen[ci] = true
				di := ci // controls come first in the index
				cov := 1.0
				if len(qt) > 0 {
					cov = e.ctl.coverage(qt, di)
				}
				fw := frameworkOf(e.cat.Controls[ci], k)
				if cov < crosswalkFloor {
					continue
				}
				conf := round2(min(0.95, 0.6+0.4*cov))
				reason := fmt.Sprintf("crosswalk %s %s", fw, k)
				if j, ok := byDoc[di]; ok {
					if conf > out[j].Confidence {
						out[j].Confidence = conf
						out[j].reason = reason + fmt.Sprintf(" (text coverage %.2f)", cov)
					}
					continue
				}
				c := e.cat.Controls[ci]
				byDoc[di] = len(out)
				out = append(out, scored{Candidate: Candidate{Kind: KindControl, ID: c.ID, Title: c.Title, Confidence: conf},
					ref: ci, reason: reason + fmt.Sprintf(" (text coverage %.2f)", cov)})
			}
		}
	}
	// Customers' responsibilities rarely answer a question about the vendor.
	if !reAsksResponsibility.MatchString(strings.Join(qt, " ")) {
		for i := range out {
			if out[i].Kind == KindControl && isCustomerResponsibility(&e.cat.Controls[out[i].ref]) {
				out[i].Confidence = round2(out[i].Confidence / 2)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Confidence > out[j].Confidence })
	return out
}

// reDependent finds a question that only makes sense after another one.
var reDependent = regexp.MustCompile(`^\W*(if (yes|so|no|not)|if ['"‘’]?(yes|no)['"‘’]?|if the answer|if you answered|otherwise)\b`)

// isField reports a form field rather than a question: no question mark,
// and it starts neither like a yes/no question nor like a request.
func isField(text string) bool {
	s := clean(text)
	if strings.Contains(s, "?") {
		return false
	}
	s = reLeadingJunk.ReplaceAllString(s, "")
	words := split(s)
	if len(words) == 0 {
		return true
	}
	w := words[0]
	if yesNoWords[w] || openWords[w] || w == "please" || w == "kindly" || w == "indicate" || w == "state" {
		return false
	}
	return len(words) <= 8
}

func frameworkOf(c controls.Control, id string) string {
	for _, k := range c.Frameworks.Keys() {
		for _, v := range c.Frameworks[k] {
			if strings.EqualFold(v, id) {
				return k
			}
		}
	}
	return "framework"
}

// libraryCandidates ranks the library answers: BM25 picks, Similarity scores.
func (e *Engine) libraryCandidates(text string, qt []string) []scored {
	hits := e.lib.search(qt, nil)
	var out []scored
	qNeg := false
	if len(hits) > 0 {
		qNeg = negated(text)
	}
	for i, h := range hits {
		if i >= 8 {
			break
		}
		d := e.lib.docs[h.doc]
		a := e.cat.Library[d.ref]
		sim := similarityTerms(qt, e.libTerms[d.ref], qNeg != e.libNeg[d.ref])
		if len(qt) <= 2 || len(e.libTerms[d.ref]) <= 2 {
			sim = min(sim, wordSimilarity(text, a.Question))
		}
		sim = round2(sim)
		out = append(out, scored{Candidate: Candidate{Kind: KindLibrary, ID: a.ID, Title: a.Question, Confidence: sim},
			ref: d.ref, reason: fmt.Sprintf("library %s similarity %.2f", a.ID, sim)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Confidence > out[j].Confidence })
	return out
}

func similarityTerms(ta, tb []string, polarityDiffers bool) float64 {
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	sim := 0.8*cosine(counts(ta), counts(tb)) + 0.2*cosine(bigrams(ta), bigrams(tb))
	if strings.Join(ta, " ") == strings.Join(tb, " ") {
		sim = 1
	}
	if polarityDiffers {
		sim /= 2
	}
	return clamp01(sim)
}

// BestControl returns the best control (not certification) for a text, when
// its confidence reaches MinConfidence. The answer library's learning uses
// it to link learned answers to controls.
func (e *Engine) BestControl(text string) (Candidate, bool) {
	for _, c := range e.controlCandidates(terms(text), nil, "") {
		if c.Kind == KindControl {
			if c.Confidence >= e.minConf {
				return c.Candidate, true
			}
			return Candidate{}, false
		}
	}
	return Candidate{}, false
}

// Answer decides one row. It never panics and, when q.Allowed is set, never
// answers outside it.
func (e *Engine) Answer(q Query) (res Result) {
	defer func() {
		if r := recover(); r != nil { // a bug must not take a whole fill down
			res = Result{Status: StatusReview, Reasons: []string{fmt.Sprintf("internal error: %v", r)},
				Comment: "vouch: needs review — internal error while matching"}
		}
		if res.Reasons == nil {
			res.Reasons = []string{}
		}
		if res.Controls == nil {
			res.Controls = []string{}
		}
		if res.Candidates == nil {
			res.Candidates = []Candidate{}
		}
		res.Confidence = round2(clamp01(res.Confidence))
		if len(q.Allowed) > 0 && res.Answer != "" && !contains(q.Allowed, res.Answer) {
			res = review(res, "answer outside the dropdown")
		}
	}()

	text := strings.TrimSpace(q.Text)
	if !hasLetter(text) {
		return Result{Status: StatusSkipped, Reasons: []string{"no question text"}}
	}
	qt := terms(text)
	ctl := e.controlCandidates(qt, terms(q.Section), q.ID)
	lib := e.libraryCandidates(text, qt)
	cands := topCandidates(ctl, lib, 3)

	// A follow-up ("If yes, ...") depends on the row above it.
	if reDependent.MatchString(clean(text)) {
		r := review(Result{Candidates: cands}, "the question depends on the answer to another question")
		return r
	}
	// A form field ("Vendor Name", "Date") is not a question a control answers;
	// only a close library answer fills it.
	if len(q.Allowed) == 0 && isField(text) {
		if len(lib) > 0 && lib[0].Confidence >= max(LibraryMinConfidence, e.minConf) {
			r := e.fromLibrary(q, lib[0])
			r.Candidates = cands
			return r
		}
		return review(Result{Candidates: cands}, "a form field, not a question the catalog answers")
	}

	// A question naming a certification is answered from certifications
	// only; a close library answer may still say No or N/A to it.
	if ms := mentionedCerts(text); len(ms) > 0 {
		if len(lib) > 0 && lib[0].Confidence >= max(LibraryMinConfidence, e.minConf) {
			if v := libraryVerdict(&e.cat.Library[lib[0].ref]); v == VerdictNo || v == VerdictNA {
				r := e.fromLibrary(q, lib[0])
				r.Candidates = cands
				return r
			}
		}
		r := e.certMentioned(q, ms)
		r.Candidates = cands
		return r
	}

	var bestCtl, bestLib *scored
	if len(ctl) > 0 {
		bestCtl = &ctl[0]
	}
	if len(lib) > 0 {
		bestLib = &lib[0]
	}
	libBar := max(LibraryMinConfidence, e.minConf)
	if bestLib != nil && bestLib.Confidence >= libBar && (bestCtl == nil || bestLib.Confidence > bestCtl.Confidence) {
		r := e.fromLibrary(q, *bestLib)
		r.Candidates = cands
		return r
	}
	if bestCtl == nil || bestCtl.Confidence < e.minConf {
		r := Result{Status: StatusReview, Reasons: []string{}}
		if bestCtl == nil && (bestLib == nil || bestLib.Confidence == 0) {
			r.Reasons = append(r.Reasons, "no control, certification or library answer matches")
			r.Comment = "vouch: needs review — no match in the catalog"
		} else {
			best := bestCtl
			if best == nil || (bestLib != nil && bestLib.Confidence > best.Confidence) {
				best = bestLib
			}
			r.Confidence = best.Confidence
			bar := e.minConf
			if best.Kind == KindLibrary {
				bar = libBar
			}
			r.Reasons = append(r.Reasons, fmt.Sprintf("best match %s %.2f is below the minimum confidence %.2f", best.ID, best.Confidence, bar))
			r.Comment = fmt.Sprintf("vouch: needs review — closest: %s %s (%.2f)", best.ID, best.Title, best.Confidence)
			if best.Kind == KindControl {
				if miss := missingQualifiersSeq(text, e.ctlSupSeq[best.ref]); len(miss) > 0 {
					r.Reasons = append(r.Reasons, fmt.Sprintf("the question asks for %s; %s does not state it", quoteList(miss), best.ID))
				}
			}
		}
		r.Candidates = cands
		return r
	}
	var r Result
	if bestCtl.Kind == KindCertification {
		r = e.fromCert(q, &e.cat.Certifications[bestCtl.ref], bestCtl.Confidence, bestCtl.reason)
	} else {
		r = e.fromControl(q, bestCtl.ref, bestCtl.Confidence, bestCtl.reason)
		if r.Status == StatusAnswered && r.Verdict == "" && len(q.Allowed) == 0 {
			r = e.addNarratives(q, r, ctl[1:], bestCtl)
		}
	}
	r.Candidates = cands
	return r
}

// addNarratives completes a descriptive answer with the runner-up controls
// that also answer it ("How do you protect data at rest and in transit?"):
// those of the winner's domain within reach of it (a runner-up's confidence
// carries at most 0.75 of its coverage, hence the lower bar), that raise no
// qualifier, hold no expired evidence and are not customers'
// responsibilities.
func (e *Engine) addNarratives(q Query, r Result, rest []scored, best *scored) Result {
	domain := e.cat.Controls[best.ref].Domain
	for _, s := range rest {
		if s.Kind != KindControl || s.Confidence < 0.75*e.minConf || s.Confidence < 0.6*best.Confidence {
			continue
		}
		c := &e.cat.Controls[s.ref]
		if c.Domain != domain {
			continue
		}
		if isCustomerResponsibility(c) || len(missingQualifiersSeq(q.Text, e.ctlSupSeq[s.ref])) > 0 {
			continue
		}
		if _, expired := e.expiredEvidence(c.Evidence); expired {
			continue
		}
		r.Answer += "\n" + narrative(c)
		if q.HasComment {
			r.Comment += "\n" + narrative(c)
		}
		r.Controls = append(r.Controls, c.ID)
		r.Reasons = append(r.Reasons, fmt.Sprintf("also %s (%.2f)", c.ID, s.Confidence))
	}
	return r
}

func topCandidates(a, b []scored, n int) []Candidate {
	all := make([]scored, 0, len(a)+len(b))
	all = append(all, a...)
	all = append(all, b...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Confidence > all[j].Confidence })
	out := []Candidate{}
	for _, s := range all {
		if len(out) == n {
			break
		}
		if s.Confidence <= 0 {
			continue
		}
		out = append(out, s.Candidate)
	}
	return out
}

// ConcurrentSafe reports that Answer may be called from several goroutines
// at once: the engine's indexes are read-only after New.
func (e *Engine) ConcurrentSafe() bool { return true }
