package match

import (
	"regexp"
	"strings"
)

// question is a question's text through the pipeline, worked out once per
// Answer. The decision asks the same things of the text many times (its
// terms, its polarity, the qualifiers it asks for, against several
// candidates); running the pipeline again for each was most of the time
// Answer took. A question belongs to one Answer call and is not shared.
//
// Everything here is a function of clean(text); the string-taking helpers
// (negated, isOpen, missingQualifiers, ...) give the same answers for the
// same text, and fast_test.go checks that they do.
type question struct {
	clean string
	seq   []string // seq(text): stop words kept
	terms []string // terms(text)

	polarityDone         bool
	negated, negatedWeak bool
	excludes             bool // excludesClean of the main clause
	open, wh             bool

	qualifiersDone bool
	asked          []int    // indexes into compiledQualifiers the question asks for, in table order
	figures        []string // tokens holding a digit that are not canonical terms, in order

	followBuyers uint8   // followsBuyers: 0 not matched yet, 1 no, 2 yes
	testsDone    uint16  // test: the tests worked out, a bit each
	tests        uint16  // test: their results, a bit each
	notifiesDone bool    // notifies: notifyWhom worked out
	notifyWhom   string  // notifies: whom the question asks to notify, or ""
	seqs         termSet // seqSet, worked out once

	simDone                 bool
	termCounts, termBigrams map[string]float64
	seqCounts               map[string]float64
	termsJoined             string

	respDone, resp bool // asksResponsibility

	// denialPartner: while a pair of negative commitments is decided, the
	// other one (its index + 1), whose words count as held
	denialPartner int
	// pairPartner: while a pair of controls is decided, the other one
	// (its index + 1), whose scope counts for both (missingInPair)
	pairPartner int
}

func newQuestion(text string) *question {
	q := &question{clean: questionClean(text)}
	q.seq = fold(stemClean(q.clean))
	q.terms = informative(q.seq)
	return q
}

// newRowQuestion is newQuestion for a row's text. A question headed by the
// framework control it maps to ("SOC 2 CC6.1: Are logical access controls
// ...?") asks about the practice, not the certification: the heading is
// left out, and ref is the control's ID, a crosswalk key.
func newRowQuestion(text string) (q *question, ref string) {
	q = newQuestion(text)
	if id, rest, ok := frameworkRef(q.clean); ok {
		return newQuestion(rest), id
	}
	return q, ""
}

// informative is step 5 of the pipeline into a new slice (terms does it in
// place).
func informative(toks []string) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if canonical[t] || (!stopWords[t] && len([]rune(t)) >= 2) {
			out = append(out, t)
		}
	}
	return out
}

// polarity works out negated, negatedWeak, isOpen and isWhQuestion, which
// all read the main clause.
func (q *question) polarity() {
	if q.polarityDone {
		return
	}
	q.polarityDone = true
	mc := mainClauseClean(q.clean)
	strong, weak := cues(mc)
	q.negated = strong > 0
	q.negatedWeak = strong+weak > 0
	q.excludes = excludesClean(mc)
	words := split(stripLeadingJunk(mc))
	q.open = openWordsStart(words)
	q.wh = whStart(words)
}

func (q *question) isNegated() bool     { q.polarity(); return q.negated }
func (q *question) isExcluding() bool   { q.polarity(); return q.excludes }
func (q *question) isNegatedWeak() bool { q.polarity(); return q.negatedWeak }

// seqSet is setOf(q.seq), worked out once for all library candidates.
func (q *question) seqSet() termSet {
	if q.seqs == nil {
		q.seqs = setOf(q.seq)
	}
	return q.seqs
}

// Question tests that every control candidate asks again, matched once
// per question (q.test).
const (
	testVendorStaff = iota
	testAsksProduct
	testAsksPersonnel
	testAsksCustomerSets
	testAsksOnDemand
	testAsksOffered
)

// test reports the question test t (one of the test... constants) on
// q.clean, worked out once.
func (q *question) test(t int) bool {
	bit := uint16(1) << t
	if q.testsDone&bit == 0 {
		q.testsDone |= bit
		var ok bool
		switch t {
		case testVendorStaff:
			ok = reVendorStaff.MatchString(q.clean)
		case testAsksProduct:
			ok = reAsksProduct.MatchString(q.clean)
		case testAsksPersonnel:
			ok = reAsksPersonnel.MatchString(q.clean)
		case testAsksCustomerSets:
			ok = reAsksCustomerSets.MatchString(q.clean)
		case testAsksOnDemand:
			ok = reAsksOnDemand.MatchString(q.clean)
		case testAsksOffered:
			ok = asksOffered(q.clean)
		}
		if ok {
			q.tests |= bit
		}
	}
	return q.tests&bit != 0
}

// mayFollowBuyers reports whether s holds a verb reFollowBuyers needs:
// most questions hold none and skip the regexp ("design" holds no "sign").
func mayFollowBuyers(s string) bool {
	return strings.Contains(s, "comply with") || strings.Contains(s, "adhere to") || strings.Contains(s, "abide by") ||
		strings.Contains(s, "follow") || strings.Contains(s, "conform to") || strings.HasPrefix(s, "sign ") || strings.Contains(s, " sign ")
}

// notifies is notifyRecipient(q.clean), worked out once for all candidates.
func (q *question) notifies() string {
	if !q.notifiesDone {
		q.notifiesDone = true
		q.notifyWhom = notifyRecipient(q.clean)
	}
	return q.notifyWhom
}

// followsBuyers reports reFollowBuyers.MatchString(q.clean), matched once.
func (q *question) followsBuyers() bool {
	if q.followBuyers == 0 {
		q.followBuyers = 1
		if mayFollowBuyers(q.clean) && reFollowBuyers.MatchString(q.clean) {
			q.followBuyers = 2
		}
	}
	return q.followBuyers == 2
}

func (q *question) isOpen() bool { q.polarity(); return q.open }
func (q *question) isWh() bool   { q.polarity(); return q.wh }

// missing lists the qualifiers and figures the question asks for that sup
// does not state: missingQualifiers(text, support) for a support worked
// out in New.
func (q *question) missing(sup *support) []string {
	if !q.qualifiersDone {
		q.qualifiersDone = true
		// qualifierSeqClean(q.clean), but most questions carry no
		// numbering and clean leaves clean text as it is: then it is q.seq.
		s := qualifierText(clean(stripLeadingNumber(q.clean)))
		qs := q.seq
		if s != q.clean {
			qs = fold(stemClean(s))
		}
		q.asked, q.figures = askedQualifiers(qs)
	}
	return sup.missing(q.asked, q.figures)
}

// termStats are a learned text's terms with what similarity compares of
// them, worked out once in New.
type termStats struct {
	terms                   []string
	termCounts, termBigrams map[string]float64
	termsJoined             string
}

func newTermStats(terms []string) termStats {
	return termStats{terms: terms, termCounts: counts(terms), termBigrams: bigrams(terms), termsJoined: strings.Join(terms, " ")}
}

// similarity is similarityTerms(q.terms, lib terms, ...) with the
// question's side of it computed once for all library candidates.
func (q *question) similarity(l *libEntry, polarityDiffers bool) float64 {
	return q.similarityTo(&l.termStats, polarityDiffers)
}

// similarityTo is similarity to any learned text's terms.
func (q *question) similarityTo(ts *termStats, polarityDiffers bool) float64 {
	if len(q.terms) == 0 || len(ts.terms) == 0 {
		return 0
	}
	q.simPrep()
	sim := 0.8*cosine(q.termCounts, ts.termCounts) + 0.2*cosine(q.termBigrams, ts.termBigrams)
	if q.termsJoined == ts.termsJoined {
		sim = 1
	}
	if polarityDiffers {
		sim /= 2
	}
	return clamp01(sim)
}

// wordSimilarity is wordSimilarity(text, l's question).
func (q *question) wordSimilarity(l *libEntry) float64 {
	if len(q.seq) == 0 || len(l.seq) == 0 {
		return 0
	}
	q.simPrep()
	return cosine(q.seqCounts, l.seqCounts)
}

func (q *question) simPrep() {
	if q.simDone {
		return
	}
	q.simDone = true
	q.termCounts, q.termBigrams = counts(q.terms), bigrams(q.terms)
	q.seqCounts = counts(q.seq)
	q.termsJoined = strings.Join(q.terms, " ")
}

// asksResponsibility reports a question about customers' responsibilities
// (reAsksResponsibility on its clean text).
func (q *question) asksResponsibility() bool {
	if !q.respDone {
		q.respDone = true
		q.resp = asksResponsibility(q.clean)
	}
	return q.resp
}

// asksResponsibility is reAsksResponsibility.MatchString(s), skipping the
// regexp when s holds none of the words every match holds.
func asksResponsibility(s string) bool {
	if !strings.Contains(s, "responsibilit") && !strings.Contains(s, "customer obligations") && !strings.Contains(s, "best practice") {
		return false
	}
	return reAsksResponsibility.MatchString(s)
}

// replaceIf is re.ReplaceAllString(s, repl), skipping the regexp when s
// holds none of the words every match of re holds.
func replaceIf(re *regexp.Regexp, s, repl string, words ...string) string {
	for _, w := range words {
		if strings.Contains(s, w) {
			return re.ReplaceAllString(s, repl)
		}
	}
	return s
}

// stripLeadingNumber is reLeadingNumber.ReplaceAllString(s, ""), without
// the regexp when s cannot match it: the pattern needs a digit within six
// bytes of the first that is not in \s.
func stripLeadingNumber(s string) string {
	i := 0
	for i < len(s) && strings.IndexByte("\t\n\f\r ", s[i]) >= 0 {
		i++
	}
	for j := i; j < len(s) && j < i+6; j++ {
		if '0' <= s[j] && s[j] <= '9' {
			return reLeadingNumber.ReplaceAllString(s, "")
		}
	}
	return s
}

// libEntry is what New works out once for a library answer.
type libEntry struct {
	termStats    // of the learned question
	seq          []string
	neg          bool
	excl         bool // excludes(the learned question)
	seqCounts    map[string]float64
	support      support // question, answer and narrative
	ctl          int     // index of the linked control, -1 when none or unknown
	field        bool    // a form field learned apart
	words        termSet // terms of the question, answer and narrative
	an           analysis
	coreSeq      []string   // the learned question's core (analysis), through seq: where its scope words count
	negative     bool       // the vendor answered No
	customerActs bool       // reCustomerActs: the learned question asks what the customer can do
	open         bool       // the learned question asks for a description, not Yes or No
	concepts     conceptSet // concepts of the question (full) and the narrative (statementShare), broader ones included
	base         *libBase   // the question without its conditions, for a Yes (stronger.go); nil when none
	conditions   []string   // the terms of a No's conditions (stronger.go)
	notifies     string     // whom the learned question asks to notify (notifyRecipient), or ""
	frameworks   []string   // the frameworks and laws the learned question names (namedFrameworks)
}
