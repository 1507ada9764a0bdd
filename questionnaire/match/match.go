// Package match decides how a catalog answers one questionnaire question:
// lexical retrieval (BM25 over stemmed, synonym-folded words) over the
// controls, certifications and answer library, the framework crosswalk for
// rows that carry a known question ID, and a decision that never goes beyond
// what the matched control states. It does no I/O.
package match

import (
	"cmp"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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

// LibraryOffset is how much more confident than --min-confidence a
// library answer must be to serve a row: a reused answer is the vendor's
// word on another questionnaire's question, so the bar is a little higher
// than for a control (calibrated on the answer-reuse benchmark; see README).
const LibraryOffset = 0.15

// deniedByCommitment returns a negative commitment among the candidates
// that names the whole subject of the question in its title, keywords or
// topics ("No sale of personal or customer data" for "Do you sell or rent
// institutional data?").
func (e *Engine) deniedByCommitment(an *analysis, cands []scored) (Candidate, bool) {
	if an == nil || len(an.subject) == 0 {
		return Candidate{}, false
	}
	for _, s := range cands {
		if s.Kind != KindControl || s.partner != 0 || !e.ctlNeg[s.ref] {
			continue
		}
		all, specific := true, false
		for _, c := range an.subject {
			if e.voc.concepts[c].Generic {
				continue // "customer data" alone is no subject a commitment denies
			}
			specific = true
			// the commitment's title names it: "No sale of personal data"
			// denies a sale, not the CCPA rights its statement mentions
			if e.ctlConcepts[s.ref][c] < 1 || e.ctlTitled[s.ref][c] == 0 {
				all = false
				break
			}
		}
		if all && specific {
			return s.Candidate, true
		}
	}
	return Candidate{}, false
}

// deniedByCaveat returns a control, other than those that answer, that is
// about the question's subject and whose caveat denies a word of the
// question's residue (what it asks beyond its subject). "Are retention
// periods published?" is not Yes from the published privacy policy while
// the retention control's caveat says "the retention periods themselves
// are not published".
func (e *Engine) deniedByCaveat(an *analysis, qt *question, cands []scored, answering []int) (Candidate, []string, bool) {
	if an == nil || len(an.subject) == 0 {
		return Candidate{}, nil, false
	}
	for _, s := range cands {
		if s.Kind != KindControl || s.partner != 0 || len(e.ctlDenied[s.ref]) == 0 || slices.Contains(answering, s.ref) {
			continue
		}
		// the other control is about the subject: its title, keywords or
		// topics name each specific concept itself (not through a narrower
		// one: security testing is no statement on vulnerability reports)
		about, specific := true, false
		for _, c := range an.subject {
			if e.voc.concepts[c].Generic {
				continue
			}
			specific = true
			about = about && e.ctlDirect[s.ref][c] >= 1
		}
		if !specific || !about {
			continue
		}
		// only what the question asks beyond its subject (the words of the
		// subject itself are the other control's topic, not its denial),
		// and only a sentence of the caveat that is about what the question
		// asks: "no disclosure policy is published" denies nothing of "Do
		// you publish a security contact?"
		denied := deniedIn(an.residual, e.ctlDenied[s.ref])
		if len(denied) > 0 && e.denialAbout(s.ref, denied, qt) {
			return s.Candidate, denied, true
		}
	}
	return Candidate{}, nil, false
}

// denialAbout reports whether a sentence of the control's caveat that
// denies one of the words is about the question: it names nothing else,
// or it shares another word with the question ("the retention periods
// themselves are not published" is about "Are retention periods
// published?"; "no disclosure policy is published" is not about "Do you
// publish a security contact?").
func (e *Engine) denialAbout(ci int, words []string, qt *question) bool {
	qs := setOf(qt.terms)
	for _, sent := range e.ctlDenials[ci] {
		hit := false
		for _, w := range words {
			hit = hit || sent[w]
		}
		if !hit {
			continue
		}
		shared := 0
		for t := range sent {
			if qs[t] {
				shared++
			}
		}
		if len(sent) == 1 || shared >= 2 {
			return true
		}
	}
	return false
}

// holdsAll reports whether the control's text holds every term.
func (e *Engine) holdsAll(ci int, ts []string) bool {
	for _, t := range ts {
		if !e.ctlWords[ci][t] {
			return false
		}
	}
	return true
}

// sameQuestionSim is the library similarity at which a learned question is
// taken as the same question.
const sameQuestionSim = 0.9

// tieMargin is how much less confident than the best a control may be and
// still answer in its place.
const tieMargin = 0.05

// crosswalkFloor is the share of the question's words a crosswalked control
// must hold for the crosswalk to count (a sanity check against IDs that
// collide across framework versions).
const crosswalkFloor = 0.3

// Options tunes the engine.
type Options struct {
	MinConfidence float64   // below it the row goes to review; 0 means DefaultMinConfidence
	AsOf          time.Time // for evidence expiry; zero means time.Now()
	// MaxAge, when set, sends a library answer learned longer ago than it
	// to review (fill --max-age 18m).
	MaxAge controls.Period
}

// Query is one questionnaire row.
type Query struct {
	ID         string   // question ID from the sheet, may be empty ("CEK-03.1", "HLAA-07", "A&A-01.1")
	Text       string   // question text (may contain line breaks, HTML remnants)
	Section    string   // section header above it, may be empty
	Allowed    []string // the answer cell's dropdown values as the sheet spells them; empty = free text
	Keys       []string // the names the sheet gives the values ("authz_vertical_yes"), one per value; nil = none
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
	maxAge  controls.Period

	ctl *index // controls and certifications
	lib *index // library questions

	ctlNeg          []bool       // per control: a negative commitment
	ctlPosSide      []conceptSet // per negative commitment: the concepts of the statement's sentences that deny nothing (nil when none)
	ctlNegSide      []conceptSet // per negative commitment: the concepts of its denying sentences
	ctlSupport      []string     // per control: the text a qualifier can be found in
	ctlSup          []support    // per control: what ctlSupport states
	ctlDenied       []termSet    // per control: terms its caveat denies and it does not state
	ctlDenials      [][]termSet  // per control: the terms of each caveat sentence that denies ("... are not published")
	ctlExcludes     []bool       // per control: its statement says "without" or "other than" itself
	ctlCustomer     []bool       // per control: isCustomerResponsibility
	ctlOffered      []bool       // per control: it states something offered to customers, not only an internal practice
	ctlMay          []bool       // per control: its statement says what the vendor may do (onlyPossible)
	ctlMaySides     []maySides   // per control with ctlMay: the words of its hedged and its firm sentences
	ctlCustomerOnly []bool       // per control: its statement says what customers can do themselves
	ctlOnRequest    []bool       // per control: what it does to data, it does only at the customer's request (reOnRequest)
	ctlCustomerSets []bool       // per control: it states what customers set or configure themselves (reCustomerSets)
	ctlNotifies     []string     // per control: whom it notifies (notifyRecipient), or ""
	ctlPersonnel    []bool       // per control: its statement is about the vendor's own personnel
	ctlTitleGroups  [][][]string // per control: titleGroups of its title
	libs            []libEntry

	voc             *vocabulary
	ctlConcepts     []conceptSet // per control: its concepts, broader ones included
	ctlDirect       []conceptSet // per control: the concepts it names itself
	ctlTitled       []conceptSet // per control: 2 for a concept its title names, 1 for one broader than those
	ctlPartyTitled  [][]int      // per control: the party concepts its title names (see aboutAnotherParty)
	ctlTitleScope   [][]int      // per control: the concepts its title names only in parentheses
	ctlWords        []termSet    // per control: every term of its title, keywords, statement and caveat
	conceptControls [][]int      // per concept: the controls that cover it
	conceptLibs     [][]int      // per concept: the library entries whose question is about it
	// crosswalk maps an upper-cased framework ID to control indexes.
	crosswalk map[string][]int
}

// New builds the indexes once.
func New(cat *controls.Catalog, opts Options) *Engine {
	if cat == nil {
		cat = &controls.Catalog{}
	}
	e := &Engine{cat: cat, minConf: opts.MinConfidence, asOf: opts.AsOf, maxAge: opts.MaxAge, crosswalk: map[string][]int{}, voc: defaultVocabulary}
	e.conceptControls = make([][]int, len(e.voc.concepts))
	e.conceptLibs = make([][]int, len(e.voc.concepts))
	if e.minConf <= 0 || e.minConf > 1 {
		e.minConf = DefaultMinConfidence
	}
	if e.asOf.IsZero() {
		e.asOf = time.Now()
	}
	docs := map[string]bool{}
	for _, d := range cat.Company.Documents {
		docs[d.ID] = true
	}
	// Each control's facts are worked out on every CPU (they read only the
	// control and the vocabulary), then gathered in catalog order.
	preps := make([]ctlPrep, len(cat.Controls))
	parallelFor(len(cat.Controls), func(i int) { preps[i] = e.prepControl(&cat.Controls[i], i, docs) })
	idocs := make([]document, 0, len(cat.Controls)+len(cat.Certifications))
	for i := range preps {
		p := &preps[i]
		idocs = append(idocs, p.doc)
		e.ctlNeg = append(e.ctlNeg, p.neg)
		e.ctlPosSide = append(e.ctlPosSide, p.pos)
		e.ctlNegSide = append(e.ctlNegSide, p.negs)
		e.ctlExcludes = append(e.ctlExcludes, p.excludes)
		e.ctlSupport = append(e.ctlSupport, p.support)
		e.ctlOffered = append(e.ctlOffered, p.offered)
		e.ctlMay = append(e.ctlMay, p.may)
		e.ctlMaySides = append(e.ctlMaySides, p.maySides)
		e.ctlCustomerOnly = append(e.ctlCustomerOnly, p.customerOnly)
		e.ctlOnRequest = append(e.ctlOnRequest, p.onRequest)
		e.ctlCustomerSets = append(e.ctlCustomerSets, p.customerSets)
		e.ctlNotifies = append(e.ctlNotifies, p.notifies)
		e.ctlPersonnel = append(e.ctlPersonnel, p.personnel)
		e.ctlTitleGroups = append(e.ctlTitleGroups, p.titleGroups)
		e.ctlSup = append(e.ctlSup, p.sup)
		e.ctlDenied = append(e.ctlDenied, p.denied)
		e.ctlDenials = append(e.ctlDenials, p.denials)
		e.ctlCustomer = append(e.ctlCustomer, p.customer)
		e.ctlConcepts = append(e.ctlConcepts, p.concepts)
		e.ctlDirect = append(e.ctlDirect, p.direct)
		e.ctlTitled = append(e.ctlTitled, p.titled)
		e.ctlTitleScope = append(e.ctlTitleScope, p.titleScope)
		e.ctlPartyTitled = append(e.ctlPartyTitled, p.parties)
		e.ctlWords = append(e.ctlWords, p.words)
		for k := range p.concepts {
			e.conceptControls[k] = append(e.conceptControls[k], i)
		}
		for _, ids := range cat.Controls[i].Frameworks {
			for _, id := range ids {
				k := strings.ToUpper(strings.TrimSpace(id))
				e.crosswalk[k] = append(e.crosswalk[k], i)
			}
		}
	}
	for i, c := range cat.Certifications {
		idocs = append(idocs, newDocument(KindCertification, c.ID, c.Name, i,
			field{c.Name, 3}, field{strings.Join(c.Keywords, " . "), 2}, field{c.Note, 1}))
	}
	e.ctl = buildIndex(idocs)
	// Each learned answer is worked out on every CPU too (it reads only the
	// catalog and the vocabulary), then indexed in library order.
	ldocs := make([]document, len(cat.Library))
	e.libs = make([]libEntry, len(cat.Library))
	parallelFor(len(cat.Library), func(i int) {
		a := &cat.Library[i]
		ldocs[i] = newDocument(KindLibrary, a.ID, a.Question, i, field{a.Question, 1})
		e.libs[i] = e.prepLibrary(cat, i)
	})
	for i := range e.libs {
		l := &e.libs[i]
		// found by the concepts of its examples too: "structured rules,
		// such as role-based access control" is a question on authorization
		for _, c := range append(slices.Clone(l.an.subject), l.an.context...) {
			e.conceptLibs[c] = append(e.conceptLibs[c], i)
		}
		if l.base != nil {
			for _, c := range l.base.an.subject {
				if !slices.Contains(l.an.subject, c) && !slices.Contains(l.an.context, c) {
					e.conceptLibs[c] = append(e.conceptLibs[c], i)
				}
			}
		}
	}
	e.lib = buildIndex(ldocs)
	return e
}

// prepLibrary works out what Answer compares of learned answer i. It
// reads only the catalog and the vocabulary, so that New runs it for
// several answers at once.
func (e *Engine) prepLibrary(cat *controls.Catalog, i int) libEntry {
	a := cat.Library[i]
	// the learned question is read as a new one is (questionClean)
	lqc := questionClean(a.Question)
	l := libEntry{seq: seqClean(lqc), neg: negated(a.Question), excl: excludes(a.Question), ctl: -1,
		support: newSupport(seq(a.Question + " . " + a.Answer + " . " + a.Narrative)),
		field:   a.Kind == controls.AnswerField}
	l.an = e.voc.analyse(lqc)
	l.negative = libraryVerdict(&cat.Library[i]) == VerdictNo
	l.customerActs = reCustomerActs.MatchString(clean(a.Question))
	l.notifies = notifyRecipient(clean(a.Question))
	l.frameworks = namedFrameworks(clean(a.Question))
	lq := newQuestion(a.Question)
	l.open = lq.isOpen() || lq.isWh()
	core, _ := splitCore(lqc)
	l.coreSeq = seqClean(core)
	l.words = setOf(terms(a.Question + " . " + a.Answer + " . " + a.Narrative))
	cs := conceptSet{}
	e.voc.tagText(cs, lqc, 1)
	e.voc.tagText(cs, a.Narrative, statementShare)
	if v := libraryVerdict(&cat.Library[i]); v == VerdictYes || v == VerdictPartial {
		// The vendor said Yes to a question that asked for these
		// (annual, tested, third-party, ...): its answer states them.
		asked, _ := askedQualifiers(qualifierSeqClean(clean(a.Question)))
		for _, k := range asked {
			l.support.stated[k] = true
		}
		if !l.field && !l.open {
			if l.base = e.newLibBase(a.Question); l.base != nil {
				// what the question asks is stated, with its conditions or without
				l.support = newSupport(seq(l.base.text + " . " + a.Question + " . " + a.Answer + " . " + a.Narrative))
				for _, k := range asked {
					l.support.stated[k] = true
				}
			}
		}
	}
	if l.negative && !l.field && !l.open {
		l.conditions = conditionTerms(a.Question)
	}
	if l.base != nil {
		// the base joins what a condition split ("scanned with an
		// authenticated account for vulnerabilities")
		for _, c := range l.base.an.subject {
			cs.add(c, 1)
		}
	}
	l.concepts = e.voc.closure(cs)
	l.termStats, l.seqCounts = newTermStats(informative(l.seq)), counts(l.seq)
	if a.Control != "" {
		// as cat.Control finds it
		for ci := range cat.Controls {
			if strings.EqualFold(cat.Controls[ci].ID, a.Control) {
				l.ctl = ci
				break
			}
		}
	}
	return l
}

// ctlPrep is what New works out for one control: see the Engine's fields
// of the same names.
type ctlPrep struct {
	doc                                                  document
	neg, excludes, offered, may, customerOnly, onRequest bool
	customerSets, personnel, customer                    bool
	pos, negs, concepts, direct, titled                  conceptSet
	support, notifies                                    string
	maySides                                             maySides
	titleGroups                                          [][]string
	sup                                                  support
	denied, words                                        termSet
	denials                                              []termSet
	titleScope, parties                                  []int
}

// prepControl works out one control's facts. It reads only the control,
// the company's documents and the vocabulary, so that New runs it for
// several controls at once.
func (e *Engine) prepControl(ctl *controls.Control, i int, docs map[string]bool) ctlPrep {
	c := *ctl
	var p ctlPrep
	p.doc = newDocument(KindControl, c.ID, c.Title, i,
		field{c.Title, 3}, field{strings.Join(c.Keywords, " . "), 2},
		field{c.Statement, 1}, field{strings.ReplaceAll(c.Domain, "-", " "), 1})
	p.neg = negativeControl(c.Title, c.Statement)
	if p.neg {
		p.pos, p.negs = e.voc.statementSides(c.Statement)
	}
	p.excludes = excludesClean(clean(c.Statement))
	supText := c.Title + " . " + c.Statement
	if !p.neg {
		supText = positiveClauses(supText)
	}
	p.support = supText + " . " + caveatClaims(c.Caveat)
	p.offered = offersCustomers(c.Title + " . " + c.Statement)
	p.may = onlyPossible(c.Statement)
	if p.may {
		p.maySides = splitMay(c.Statement)
	}
	st := clean(c.Statement)
	p.customerOnly = reCustomerOnly.MatchString(st)
	p.onRequest = reOnRequest.MatchString(st)
	p.customerSets = p.customerOnly || reCustomerSets.MatchString(st)
	p.notifies = notifyRecipient(clean(c.Title + " . " + c.Statement))
	p.personnel = rePersonnelStatement.MatchString(st)
	p.titleGroups = titleGroups(c.Title)
	p.sup = newSupport(seq(p.support))
	catalogSupport(&p.sup, ctl, docs, e.asOf)
	p.denials = denyingSentences(c.Caveat)
	p.denied = deniedTermsOf(c, p.denials)
	p.customer = isCustomerResponsibility(ctl)
	p.concepts, p.direct = e.voc.controlConcepts(ctl)
	titled := conceptSet{}
	e.voc.tagText(titled, c.Title, 1)
	tc := e.voc.closure(titled) // 1: the title names a narrower concept
	for c := range titled {
		tc[c] = 2 // the title names the concept itself
	}
	p.titled = tc
	// a title's parenthesised scope ("Legal bases for processing
	// (EEA/UK)") says where the control applies, not what it is about
	if strings.Contains(c.Title, "(") {
		inMain := conceptSet{}
		e.voc.tagText(inMain, reAside.ReplaceAllString(c.Title, " . "), 1)
		for k := range titled {
			if inMain[k] == 0 {
				p.titleScope = append(p.titleScope, k)
			}
		}
	}
	for c, w := range tc {
		if w == 2 && e.voc.isParty(c) {
			p.parties = append(p.parties, c)
		}
	}
	slices.Sort(p.parties)
	// a caveat's denials ("... protocols covered are not published")
	// are no coverage of the question's words
	p.words = setOf(terms(c.Title + " . " + strings.Join(c.Keywords, " . ") + " . " + c.Statement + " . " + caveatClaims(c.Caveat)))
	return p
}

// parallelFor runs f(0) ... f(n-1) on as many goroutines as there are CPUs
// and returns when all have run. f must be safe to run concurrently for
// different i.
func parallelFor(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// scored is a candidate with where it points.
type scored struct {
	Candidate
	ref int // index into Controls, Certifications or Library
	// What e.reason says. It is formatted only for the candidate that
	// serves the row: formatting one for every hit cost more than the rest
	// of the ranking.
	why     reasonKind
	bm25    float64 // the hit's unrounded confidence (whyBM25)
	fwKey   string  // the crosswalked framework ID (whyCrosswalk)
	fwCov   float64 // the text coverage of the crosswalked control (whyCrosswalk)
	score   float64 // the BM25 score, to order candidates of equal confidence
	cc      float64 // concept coverage of the question's subject (whyConcept)
	uncov   float64 // the IDF-weighted share of the question's residue the control lacks (whyConcept)
	subject string  // the subject's concept IDs (whyConcept)
	partner int     // 1 + the index of a second control that answers with this one, or 0
	direct  int     // how many subject concepts the control names itself (not through a narrower one)
	titled  int     // the subject concepts the control's title names: 2 each named itself, 1 through a narrower one
	context int     // how many of the question's context concepts (its examples: "such as RBAC") the control names itself
	lib     libFit  // how a library entry fits the question (whyLibrary)
}

type reasonKind int

const (
	whyBM25 reasonKind = iota
	whyCrosswalk
	whyLibrary
	whyConcept
)

// libFit is how a library entry fits a question: the two questions'
// similarity, whether their topics agree (1, 0 or -1, see agreement) and
// the share of the new question's words the entry lacks.
type libFit struct {
	sim   float64
	agree int
	uncov float64
	base  bool // sim is to the learned question without its conditions (stronger.go)
}

// reason is the first reason a result from s gives.
func (e *Engine) reason(s *scored) string {
	switch s.why {
	case whyCrosswalk:
		return fmt.Sprintf("crosswalk %s %s", frameworkOf(e.cat.Controls[s.ref], s.fwKey), s.fwKey) +
			fmt.Sprintf(" (text coverage %.2f)", s.fwCov)
	case whyLibrary:
		agree := map[int]string{1: "topics agree", 0: "no topic named", -1: "topics differ"}[s.lib.agree]
		sim := "question similarity"
		if s.lib.base {
			sim = "a Yes to the question with more conditions; similarity without them"
		}
		return fmt.Sprintf("library %s: %s %.2f, %s, %.0f%% of the question's words not in it: confidence %.2f", s.ID, sim, s.lib.sim, agree, 100*s.lib.uncov, s.Confidence)
	case whyConcept:
		return fmt.Sprintf("%s covers the question's subject (%s): concept coverage %.2f, confidence %.2f", s.ID, s.subject, s.cc, s.Confidence)
	}
	return fmt.Sprintf("matched %s by BM25 %.2f", s.ID, s.bm25)
}

// reCAIQ is a CAIQ/CCM-style question ID: "CEK-03.1", "A&A-01.1", "IAM-02".
var reCAIQ = regexp.MustCompile(`^([A-Z&]{2,4}-\d{1,2})(?:\.\d+)*$`)

// controlCandidates ranks the controls and certifications for a question,
// with the crosswalk applied.
//
// sc, when not nil, lends the memory for the hits and the result, which
// then live until sc goes back to the pool.
func (e *Engine) controlCandidates(qt []string, an *analysis, section []string, id string, sc *answerScratch) []scored {
	var hits []hit
	var out []scored
	if sc != nil {
		hits = e.ctl.searchInto(sc.hits, qt, section)
		out = slices.Grow(sc.ctl[:0], len(hits)+4)
		defer func() { sc.hits, sc.ctl = hits, out }()
	} else {
		hits = e.ctl.search(qt, section)
		out = make([]scored, 0, len(hits)+4)
	}
	for _, h := range hits {
		d := &e.ctl.docs[h.doc]
		out = append(out, scored{Candidate: Candidate{Kind: d.kind, ID: d.id, Title: d.title, Confidence: round2(h.conf)},
			ref: d.ref, why: whyBM25, bm25: h.conf, score: h.score})
	}
	conceptual := an != nil && len(an.subject) > 0
	if conceptual {
		out = e.conceptRank(an, qt, out)
	} else if an != nil {
		// No concept of the vocabulary names the question's topic: words
		// alone decide, at a discount.
		for i := range out {
			out[i].Confidence = round2(out[i].bm25 * noConceptDiscount)
		}
	}
	// Crosswalk: controls mapped to the row's framework ID.
	id = strings.ToUpper(strings.TrimSpace(id))
	if id != "" {
		keys := []string{id}
		// reCAIQ gives a shorter key only for an ID with a dot.
		if strings.Contains(id, ".") {
			if m := reCAIQ.FindStringSubmatch(id); m != nil && m[1] != id {
				keys = append(keys, m[1])
			}
		}
		var seen map[int]bool
		var byDoc map[int]int // index into out of a document's candidate
		for _, k := range keys {
			for _, ci := range e.crosswalk[k] {
				if seen == nil {
					seen = map[int]bool{}
					byDoc = make(map[int]int, len(hits))
					for j, h := range hits {
						byDoc[h.doc] = j
					}
				}
				if seen[ci] {
					continue
				}
				seen[ci] = true
				di := ci // controls come first in the index
				cov := 1.0
				if len(qt) > 0 {
					cov = e.ctl.coverage(qt, di)
				}
				var conf float64
				if conceptual {
					// The crosswalk raises recall, never the claim: the
					// mapped control must cover the question's subject as
					// any other match must, and then it gains a little.
					cc, uncov := e.conceptFit(an, ci)
					if cc < 1 {
						continue
					}
					cov = cc
					base := conceptConfidence(cc, uncov)
					if an.genericOnly {
						base *= genericSubjectFactor
					}
					conf = round2(min(0.95, base+crosswalkBonus))
				} else {
					if cov < crosswalkFloor {
						continue
					}
					conf = round2(min(0.95, 0.6+0.4*cov))
				}
				if j, ok := byDoc[di]; ok {
					if conf >= out[j].Confidence {
						out[j].Confidence = conf
						out[j].why, out[j].fwKey, out[j].fwCov = whyCrosswalk, k, cov
					}
					continue
				}
				c := &e.cat.Controls[ci]
				byDoc[di] = len(out)
				out = append(out, scored{Candidate: Candidate{Kind: KindControl, ID: c.ID, Title: c.Title, Confidence: conf},
					ref: ci, why: whyCrosswalk, fwKey: k, fwCov: cov})
			}
		}
	}
	// Customers' responsibilities rarely answer a question about the vendor.
	if !termsAskResponsibility(qt) {
		for i := range out {
			if out[i].Kind == KindControl && e.ctlCustomer[out[i].ref] {
				out[i].Confidence = round2(out[i].Confidence / 2)
			}
		}
	}
	slices.SortStableFunc(out, byConfidenceThenScore)
	return out
}

// termsAskResponsibility is asksResponsibility(strings.Join(qt, " ")),
// without the join for terms that hold none of the words its guard needs.
func termsAskResponsibility(qt []string) bool {
	for _, t := range qt {
		if strings.Contains(t, "responsibilit") || strings.Contains(t, "obligations") || strings.Contains(t, "practice") {
			return asksResponsibility(strings.Join(qt, " "))
		}
	}
	return false
}

// byConfidence orders candidates by confidence, highest first.
func byConfidence(a, b scored) int { return cmp.Compare(b.Confidence, a.Confidence) }

// reDependent finds a question that only makes sense after another one.
var reDependent = regexp.MustCompile(`^\W*(if (yes|so|no|not)|if ['"‘’]?(yes|no)['"‘’]?|if the answer|if you answered|otherwise|(are|is|do|does|will|would|can|have|has) (these|those|such|said)\b)\b`)

// dependent is reDependent.MatchString(s), without the regexp when s's
// first word character (ASCII letter, digit, underscore: every other rune
// is \W) starts neither "if" nor "otherwise" and s holds no "these",
// "those", "such" or "said" ("Are these rights retained ...?" points back at
// another question), as every match needs.
func dependent(s string) bool {
	i := 0
	for i < len(s) && !isWordByte(s[i]) {
		i++
	}
	if !strings.HasPrefix(s[i:], "if") && !strings.HasPrefix(s[i:], "otherwise") && !strings.Contains(s, "these") &&
		!strings.Contains(s, "those") && !strings.Contains(s, "such") && !strings.Contains(s, "said") {
		return false
	}
	return reDependent.MatchString(s)
}

// answerScratch is memory one Answer call borrows from answerPool for
// the control candidates; nothing in a Result points into it.
type answerScratch struct {
	hits []hit
	ctl  []scored
	// the last section seen and its terms: the rows of a section share
	// its heading, and a pool's scratch mostly serves one goroutine's rows
	section      string
	sectionTerms []string
	sectionDone  bool
}

// sectionTerms is terms(section), worked out once for a run of rows.
func (sc *answerScratch) terms(section string) []string {
	if !sc.sectionDone || sc.section != section {
		sc.section, sc.sectionTerms, sc.sectionDone = section, terms(section), true
	}
	return sc.sectionTerms
}

var answerPool = sync.Pool{New: func() any { return new(answerScratch) }}

// reCertAsk finds words that ask about a certification, an audit or
// compliance rather than a practice.
var reCertAsk = regexp.MustCompile(`\b(?:report|reports|certif\w*|audit\w*|attest\w*|complian\w*|complies|comply|assess\w*|accredit\w*|register\w*|standards?|frameworks?|regulat\w*|laws?|requirements?|obligations?|agreements?|contracts?|sign)\b`)

// practiceUnderHeading reports a question on a practice under a heading
// that names a regime ("PCI - Do you store full card numbers?", "COPPA -
// Do you knowingly collect data from children under 13?"): the heading
// says why it is asked, the question asks the practice, and no
// certification is claimed or denied. The question after the heading names
// no regime and asks nothing of reports, audits or compliance ("SOC 2 - Is
// your latest report available?" is about SOC 2).
func practiceUnderHeading(cl string) bool {
	i := dashHeadingEnd(cl)
	if i <= 0 {
		return false
	}
	core := cl[i:]
	return len(mentionedCertsClean(core)) == 0 && !reCertAsk.MatchString(core)
}

// reYesNoMark is a statement's mark that it wants a yes or a no: "Vendor
// encrypts data at rest (Y/N)".
var reYesNoMark = regexp.MustCompile(`\b(?:y/n|yes/no|yes or no)\b`)

// isField reports a form field rather than a question: no question mark,
// and it starts neither like a yes/no question nor like a request. s is
// clean text.
func isField(s string) bool {
	if strings.Contains(s, "?") || reYesNoMark.MatchString(s) {
		return false
	}
	s = stripLeadingJunk(s)
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

// libraryCandidates ranks the library answers. BM25 and the concept
// postings pick the entries; each is scored as a claim, like a control:
//
//	sim   = Similarity of the two questions (words, with their order)
//	agree = the new question's subject is named by the learned question
//	        (itself or a narrower concept), and the learned question's
//	        subject by the new one: neither is about more than the other
//	conf  = 0.5 + 0.5*sim when they agree, sim when neither names a
//	        concept, sim/2 when they disagree
//
// A form field learned apart is a candidate only for a form field.
func (e *Engine) libraryCandidates(q *question, an *analysis) []scored {
	if len(e.libs) == 0 {
		return nil
	}
	hits := e.lib.search(q.terms, nil)
	var out []scored
	qNeg, qCustomerActs, qNotifies := false, reCustomerActs.MatchString(q.clean), q.notifies()
	qFrameworks := namedFrameworks(q.clean)
	if len(hits) > 0 {
		qNeg = q.isNegated()
	}
	field := isField(q.clean) || reContactRequest.MatchString(q.clean)
	seen := map[int]bool{}
	consider := func(ref int) {
		if seen[ref] {
			return
		}
		seen[ref] = true
		a := e.cat.Library[ref]
		l := &e.libs[ref]
		if l.field && !field {
			return
		}
		sim := q.similarity(l, qNeg != l.neg)
		if len(q.terms) <= 2 || len(l.terms) <= 2 {
			sim = min(sim, q.wordSimilarity(l))
		} else if len(an.core) > 2 && len(l.an.core) > 2 {
			// the two questions without their examples, asides and
			// templates: "(e.g. disk encryption, at-rest)" lists differ
			// more often than the questions do
			sim = max(sim, similarityTerms(an.core, l.an.core, qNeg != l.neg))
		}
		conf := sim
		ag := e.agreement(an, l)
		uncov := e.libMissing(q, an, l)
		if ag >= 1 && (narrowerScope(q, l) != "" || l.customerActs != qCustomerActs || (qNotifies != "" && l.notifies != "" && qNotifies != l.notifies) ||
			!namesAll(l.frameworks, qFrameworks)) {
			// narrower, or about another actor: what customers can do
			// ("can the institution extract a backup") is not the
			// vendor's practice ("is data backed up"), nor the reverse;
			// notifying the institution is not notifying individuals; and
			// compliance with one framework is no compliance with another
			// ("FISMA" is not "NIST SP 800-171 and/or CMMC")
			ag = -1
		}
		byConcept := len(an.subject) > 0 && !an.genericOnly && e.namedByQuestion(an, l) && !q.isOpen() && !q.isWh() && !l.open
		stronger, onBase := ag == 2, false
		switch ag {
		case 1:
			conf = (0.5 + 0.5*sim) * (1 - libResiduePenalty*uncov)
			if byConcept {
				conf = max(conf, e.libConceptConfidence(q, l, uncov))
			}
		case 2:
			// (not by concept: a learned question that names more is as
			// often another question, "hosted in a high availability
			// environment" for "do you have a disaster recovery plan")
			conf = (0.5 + 0.5*sim) * (1 - libResiduePenalty*uncov) * libStrongerFactor
			ag = 1
		case -1:
			conf = sim / 2
		}
		if stronger && l.base != nil && e.agreementOf(an, &l.base.an, l.concepts) == 1 {
			// a Yes to the question with conditions ("with an
			// authenticated account", "prior to new releases") answers it
			// without them: compared with its base, at the cost of a
			// stronger claim
			simB := q.baseSimilarity(an, l.base, qNeg != l.neg)
			if c := (0.5 + 0.5*simB) * (1 - libResiduePenalty*uncov) * libStrongerFactor; c > conf {
				conf, sim, onBase = c, simB, true
			}
		}
		if ag >= 1 && l.negative && len(l.conditions) > 0 && missingShare(e.lib, l.conditions, q.seqSet()) > 0.5 {
			// A No to the question with conditions ("hardened using CIS
			// benchmarks within 30 days") says nothing of the practice
			// without them.
			conf = min(conf, sim/2)
		}
		if ag == 1 && l.negative && sim < libCloseSim && e.libExtra(q, l) > 0.5 {
			// A No to a question that asks more ("share the results of
			// your penetration tests") says nothing of the practice alone,
			// unless the two questions are close in words ("outside the
			// United States" and "outside the institution's geographic
			// region"). A narrower scope ("for administrators") is
			// narrowerScope's.
			conf = min(conf, sim/2)
		}
		out = append(out, scored{Candidate: Candidate{Kind: KindLibrary, ID: a.ID, Title: a.Question, Confidence: round2(conf)},
			ref: ref, why: whyLibrary, lib: libFit{sim: sim, agree: ag, uncov: uncov, base: onBase}})
	}
	for i, h := range hits {
		if i >= 8 {
			break
		}
		consider(e.lib.docs[h.doc].ref)
	}
	for _, c := range an.subject {
		for _, ref := range e.conceptLibs[c] {
			consider(ref)
		}
	}
	slices.SortStableFunc(out, byConfidence)
	return out
}

// agreement compares the topics of a new question and a learned one: 1
// when each question's subject is named by the other (itself or through a
// narrower concept), 2 when the learned question names more besides (a
// stronger claim), -1 when the learned question does not name what the new
// one is about, 0 when neither names a concept.
func (e *Engine) agreement(an *analysis, l *libEntry) int {
	return e.agreementOf(an, &l.an, l.concepts)
}

// agreementOf is agreement with the learned question's analysis lan and
// concepts lconcepts given apart (a base's analysis, with the concepts of
// the whole learned question).
func (e *Engine) agreementOf(an, lan *analysis, lconcepts conceptSet) int {
	subject := func(a *analysis) []int {
		if len(a.subject) > 0 {
			return a.subject
		}
		return a.context
	}
	ns, ls := subject(an), subject(lan)
	if len(ns) == 0 && len(ls) == 0 {
		return 0
	}
	if len(ns) == 0 || len(ls) == 0 {
		return -1
	}
	newAll := conceptSet{}
	for _, c := range append(slices.Clone(an.subject), an.context...) {
		newAll.add(c, 1)
	}
	newAll = e.voc.closure(newAll)
	for _, c := range ns {
		if lconcepts[c] == 0 {
			return -1 // the learned question does not name what the new one is about
		}
	}
	for _, c := range ls {
		if newAll[c] == 0 && !e.voc.concepts[c].Generic {
			// The learned question names more. A narrower scope is checked
			// apart (narrowerScope); more conditions on the same practice
			// ("scanned with an authenticated account") make a stronger
			// claim, which answers the weaker question, at a cost.
			return 2
		}
	}
	return 1
}

// scopeWords narrow a question to part of what a broader one asks:
// "for administrators", "for critical systems", "some of". A learned
// question that holds one the new question lacks answers less than it asks.
var scopeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"admin", "administrator", "administrators", "privileged", "critical", "certain", "some", "specific",
		"selected", "production", "internal", "external", "remote", "contractor", "contractors", "consultant", "consultants",
		"employee", "employees", "staff", "personnel", "student", "students", "faculty", "mobile", "cloud", "premise", "premises"} {
		// one word each, as seq makes it ("on-premise" made "on" a scope word)
		for _, s := range seq(w) {
			m[s] = true
		}
	}
	return m
}()

// reCustomerActs finds a question on what the customer does ("can the
// institution extract a backup", "may customers export"), not the vendor.
var reCustomerActs = regexp.MustCompile(customerActs)

// customerActs is reCustomerActs' pattern, one of askedOffered's too.
const customerActs = `\b(?:can|may|could) (?:the |an? |each |your )?(?:tenants?|customers?|clients?|cscs?|institutions?|end users?|districts?|schools?)\b`

// narrowerScope returns a scope word of the learned question that the new
// one lacks, or "".
func narrowerScope(q *question, l *libEntry) string {
	have := q.seqSet()
	for _, t := range l.coreSeq { // an example list ("administrator changes") narrows nothing
		if scopeWords[t] && !have[t] && !(sameScope[t] != "" && have[sameScope[t]]) {
			return t
		}
	}
	return ""
}

// sameScope pairs scope words that name the same people: administrators
// are the privileged users ("privileged access accounts").
var sameScope = func() map[string]string {
	a, p := seq("admin")[0], seq("privileged")[0]
	return map[string]string{a: p, p: a}
}()

// libStrongerFactor is what a learned question that names more concepts
// than the new one (a stronger claim) keeps of its confidence.
const libStrongerFactor = 0.9

// libResiduePenalty is what a new question's words that the learned
// question, answer and note lack cost a library answer ("tested",
// "physical and cyber", "severity levels" added to a question learned
// without them).
const libResiduePenalty = 0.35

// libMissing is the IDF-weighted share of the question's informative words
// that the entry's question, answer and note do not hold.
func (e *Engine) libMissing(q *question, an *analysis, l *libEntry) float64 {
	words := q.terms
	if len(an.subject) > 0 {
		// the concepts are weighed by agreement: the words left are the
		// residue
		words = an.residual
	}
	return missingShare(e.lib, uniq(words), l.words)
}

// missingShare is the IDF-weighted share (by ix) of the unique terms ts
// that have lacks; 0 when ts weigh nothing.
func missingShare(ix *index, ts []string, have termSet) float64 {
	var total, missing float64
	for _, t := range ts {
		w := ix.idf(t)
		total += w
		if !have[t] {
			missing += w
		}
	}
	if total == 0 {
		return 0
	}
	return missing / total
}

// libConceptConfidence is a library entry's confidence by concept: the
// same subject, the new question's words in the claim (uncov), and nothing
// the learned question asks besides (libExtra: "provide the results of
// scans" is not "scan"). The residue costs what it costs a control: by
// concept alone, the words are what tells two questions apart.
func (e *Engine) libConceptConfidence(q *question, l *libEntry, uncov float64) float64 {
	return maxConceptConfidence * (1 - residuePenalty*uncov) * (1 - libExtraPenalty*e.libExtra(q, l))
}

// namedByQuestion reports whether the learned question itself (not only
// its note) names each concept of the new question's subject: a match by
// concept stands on what the vendor was asked, not on what its note
// mentions in passing.
func (e *Engine) namedByQuestion(an *analysis, l *libEntry) bool {
	for _, c := range an.subject {
		if l.concepts[c] < 1 {
			return false
		}
	}
	return true
}

// libExtra is the IDF-weighted share of the learned question's residue
// that the new question lacks: what the learned question asks besides its
// subject ("results" in "provide the results of vulnerability scans").
func (e *Engine) libExtra(q *question, l *libEntry) float64 {
	if len(l.an.residual) == 0 {
		return 0
	}
	return missingShare(e.lib, l.an.residual, q.seqSet())
}

// libCloseSim is the similarity under which a learned question that asks
// more than the new one is taken for another question.
const libCloseSim = 0.5

// libExtraPenalty is what the learned question's own residue, missing from
// the new question, costs a match by concept.
const libExtraPenalty = 0.4

// libBar is the confidence a library answer needs: --min-confidence plus
// LibraryOffset.
func (e *Engine) libBar() float64 { return min(1, e.minConf+LibraryOffset) }

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
	cl := clean(text)
	an := e.voc.analyse(cl)
	for _, c := range e.controlCandidates(terms(text), &an, nil, "", nil) {
		if c.Kind == KindControl && c.partner == 0 {
			// (a pair of controls is no control a learned answer can name)
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
		if len(q.Allowed) > 0 && res.Answer != "" && !slices.Contains(q.Allowed, res.Answer) {
			res = review(res, "answer outside the dropdown")
		}
	}()

	text := strings.TrimSpace(q.Text)
	if !hasLetter(text) {
		return Result{Status: StatusSkipped, Reasons: []string{"no question text"}}
	}
	if vs := eitherVariants(text); vs != nil {
		if r, ok := e.eitherAnswer(q, vs); ok {
			return r
		}
		defer func() {
			if res.Status == StatusAnswered && res.Verdict == VerdictNo {
				res = review(res, "the question asks for either of two; a No to one of them is no No to both")
			}
		}()
	}
	// Every helper below reads the text through qt; clean(q.Text) is
	// clean(text), as clean drops the outer white space TrimSpace does.
	qt, ref := newRowQuestion(text)
	id := q.ID
	if ref != "" {
		id = ref // the framework control the question names, over a row number
	}
	sc := answerPool.Get().(*answerScratch)
	defer answerPool.Put(sc)
	an := e.voc.analyse(qt.clean)
	ctl := e.controlCandidates(qt.terms, &an, sc.terms(q.Section), id, sc)
	lib := e.libraryCandidates(qt, &an)
	cands := topCandidates(ctl, lib, 3)

	// A follow-up ("If yes, ...") depends on the row above it.
	if dependent(qt.clean) {
		r := review(Result{Candidates: cands}, "the question depends on the answer to another question")
		return r
	}
	// A form field ("Vendor Name", "Date") is not a question a control answers;
	// only a close library answer fills it.
	if len(q.Allowed) == 0 && (isField(qt.clean) || reContactRequest.MatchString(qt.clean)) {
		if r, ok := e.formField(qt, lib); ok {
			r.Candidates = cands
			return r
		}
	}

	// A question naming a certification is answered from certifications
	// only; a close library answer may still say No or N/A to it.
	if ms := mentionedCertsClean(qt.clean); len(ms) > 0 && !practiceUnderHeading(qt.clean) {
		r := e.certQuestion(q, qt, ms, lib)
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
	libBar := e.libBar()
	// The vendor's own answer to (nearly) the same question outranks a
	// control that covers its subject.
	if bestLib != nil && bestLib.Confidence >= libBar && (bestCtl == nil || bestLib.Confidence >= sameQuestionSim || bestLib.Confidence > bestCtl.Confidence) {
		r := e.fromLibrary(q, qt, *bestLib)
		// An entry whose answer does not fit the cell (free text for a
		// Yes/No dropdown) or that does not state what the question asks
		// for ("emergency changes") gives way to the next one that clears
		// the bar and passes the same checks.
		if why := r.Reasons[len(r.Reasons)-1]; r.Status != StatusAnswered && (strings.Contains(why, "dropdown does not offer") || strings.HasSuffix(why, "does not state it")) {
			for i := 1; i < len(lib) && i < 4 && lib[i].Confidence >= libBar; i++ {
				if alt := e.fromLibrary(q, qt, lib[i]); alt.Status == StatusAnswered {
					alt.Reasons = append(alt.Reasons, fmt.Sprintf("library %s, a closer match, was not used: %s", bestLib.ID, why))
					r = alt
					break
				}
			}
		}
		if r.Status == StatusAnswered {
			r = e.libraryDisagreement(r, lib)
		}
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
			if best.Kind == KindLibrary {
				r.Reasons = append(r.Reasons, e.reason(best))
			}
			r.Comment = fmt.Sprintf("vouch: needs review — closest: %s %s (%.2f)", best.ID, best.Title, best.Confidence)
			if bestCtl != nil && bestCtl.Kind == KindControl {
				if miss := qt.missing(&e.ctlSup[bestCtl.ref]); len(miss) > 0 {
					r.Reasons = append(r.Reasons, fmt.Sprintf("the question asks for %s; %s does not state it", quoteList(miss), bestCtl.ID))
				}
			}
		}
		r.Candidates = cands
		return r
	}
	var r Result
	if bestCtl.Kind == KindCertification {
		r = e.fromCert(q, qt, &e.cat.Certifications[bestCtl.ref], bestCtl.Confidence, e.reason(bestCtl))
	} else {
		r = e.fromControls(q, qt, bestCtl)
		// Controls that fit the question as well as the best may answer
		// where it cannot (a negative commitment, a qualifier it lacks):
		// the first of them that answers does.
		for i := 1; r.Status != StatusAnswered && i < len(ctl) && i < 4; i++ {
			s := &ctl[i]
			if s.Kind != KindControl || s.Confidence < e.minConf || s.Confidence < bestCtl.Confidence-tieMargin {
				break
			}
			if e.ctlNeg[bestCtl.ref] && s.direct <= bestCtl.direct {
				// A negative commitment about the question's subject is
				// not passed over for a control that names no more of it.
				continue
			}
			if s.direct < bestCtl.direct {
				// nor is any match passed over for one that covers part of
				// the subject only through a narrower concept ("retained
				// after deletion" is not answered by a rights control that
				// names erasure)
				continue
			}
			if denied := deniedIn(qt.terms, e.ctlDenied[bestCtl.ref]); bestCtl.Kind == KindControl && len(denied) > 0 &&
				e.denialAbout(bestCtl.ref, denied, qt) && !e.holdsAll(s.ref, denied) {
				// what the best match's caveat denies ("no disclosure policy
				// is published") is not answered by a control that does not
				// state it either
				continue
			}
			if alt := e.fromControls(q, qt, s); alt.Status == StatusAnswered {
				alt.Reasons = append(alt.Reasons, fmt.Sprintf("%s, as close a match, could not answer: %s", bestCtl.ID, r.Reasons[len(r.Reasons)-1]))
				r, bestCtl = alt, s
			}
		}
		if r.Status == StatusAnswered && (r.Verdict == VerdictYes || r.Verdict == VerdictPartial) && !e.ctlNeg[bestCtl.ref] {
			if n, ok := e.deniedByCommitment(&an, ctl); ok {
				// "Do you sell data?" must not be answered Yes from a
				// control that only mentions a sale ("opt-out of sale")
				// while another says "does not sell".
				r = review(r, fmt.Sprintf("%s is a negative commitment on the same subject (%s): a Yes from %s would contradict it", n.ID, n.Title, bestCtl.ID))
			}
		}
		if r.Status == StatusAnswered && (r.Verdict == VerdictYes || r.Verdict == VerdictPartial) {
			answering := []int{bestCtl.ref}
			if bestCtl.partner != 0 {
				answering = append(answering, bestCtl.partner-1)
			}
			if d, words, ok := e.deniedByCaveat(&an, qt, ctl, answering); ok {
				r = review(r, fmt.Sprintf("the question asks about %s, which the caveat of %s (%s) denies", quoteList(words), d.ID, d.Title))
			}
		}
		if r.Status == StatusAnswered && bestCtl.partner == 0 && len(q.Allowed) == 0 && qt.isOpen() {
			r = e.addNarratives(qt, r, ctl[1:], bestCtl)
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
func (e *Engine) addNarratives(qt *question, r Result, rest []scored, best *scored) Result {
	domain := e.cat.Controls[best.ref].Domain
	for _, s := range rest {
		if s.Kind != KindControl || s.Confidence < 0.75*e.minConf || s.Confidence < 0.6*best.Confidence {
			continue
		}
		c := &e.cat.Controls[s.ref]
		if c.Domain != domain || slices.Contains(r.Controls, c.ID) {
			continue // rest holds the winner when a closer match could not answer
		}
		if e.ctlCustomer[s.ref] || len(qt.missing(&e.ctlSup[s.ref])) > 0 {
			continue
		}
		if _, blocked := e.controlBlocked(c); blocked {
			continue
		}
		// the answer cell holds the description; the comment cell stays
		// the reviewer's, as for one control
		r.Answer += "\n" + narrative(c)
		r.Controls = append(r.Controls, c.ID)
		r.Reasons = append(r.Reasons, fmt.Sprintf("also %s (%.2f)", c.ID, s.Confidence))
	}
	return r
}

// topCandidates returns the n most confident candidates of a and b (each
// sorted by byConfidence), a's first on a tie, leaving out those of
// confidence 0. It merges the two lists rather than sorting them together:
// the result is the same and Answer needs only three.
func topCandidates(a, b []scored, n int) []Candidate {
	out := make([]Candidate, 0, max(n, 0))
	for len(out) < n && (len(a) > 0 || len(b) > 0) {
		var s scored
		if len(b) == 0 || len(a) > 0 && a[0].Confidence >= b[0].Confidence {
			s, a = a[0], a[1:]
		} else {
			s, b = b[0], b[1:]
		}
		if s.Confidence <= 0 {
			break // the rest are no more confident
		}
		out = append(out, s.Candidate)
	}
	return out
}

// ConcurrentSafe reports that Answer may be called from several goroutines
// at once: the engine's indexes are read-only after New.
func (e *Engine) ConcurrentSafe() bool { return true }
