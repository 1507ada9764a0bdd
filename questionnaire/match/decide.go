package match

// The decision: from the chosen control, certification or library answer
// to the verdict, the value written in the answer cell and the narrative.
// It never goes beyond what the source states.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/vouchcli/vouch/controls"
)

// review turns a result into a review item, keeping its candidates and
// controls, with a suggestion in the comment.
func review(r Result, why string) Result {
	r.Status = StatusReview
	r.Verdict = ""
	r.Answer = ""
	r.Reasons = append(r.Reasons, why)
	r.Comment = "vouch: needs review — " + why
	return r
}

func (e *Engine) reviewCtl(r Result, c *controls.Control, why string) Result {
	r = review(r, why)
	r.Comment = fmt.Sprintf("vouch: needs review — %s; closest: %s %s (%.2f)", why, c.ID, c.Title, r.Confidence)
	return r
}

// controlBlocked says why a control cannot back an answer today: evidence
// that expired and that nothing newer supersedes, or a review that is
// overdue (as vouch gaps reports them).
func (e *Engine) controlBlocked(c *controls.Control) (string, bool) {
	if ex := c.ExpiredEvidence(e.asOf); len(ex) > 0 {
		return fmt.Sprintf("evidence %q expired %s (%s)", ex[0].Name, ex[0].Expires.String(), c.ID), true
	}
	if overdue, due := c.ReviewOverdue(e.asOf); overdue {
		return fmt.Sprintf("the review of %s was due %s (review_every %s): overdue", c.ID, due.Format("2006-01-02"), c.ReviewEvery.String()), true
	}
	return "", false
}

// expiredEvidence names the first evidence that expired before AsOf.
func (e *Engine) expiredEvidence(ev []controls.Evidence) (string, bool) {
	asOf := dateOnly(e.asOf)
	for _, x := range ev {
		if !x.Expires.IsZero() && dateOnly(x.Expires.Time).Before(asOf) {
			return fmt.Sprintf("evidence %q expired %s", x.Name, x.Expires.String()), true
		}
	}
	return "", false
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// statusVerdict is what a control's status says, before polarity.
func statusVerdict(s controls.Status) string {
	switch s {
	case controls.Implemented:
		return VerdictYes
	case controls.Partial:
		return VerdictPartial
	case controls.Planned:
		return VerdictNo
	case controls.NotApplicable:
		return VerdictNA
	case controls.Alternative:
		return verdictAlternative
	}
	return ""
}

// narrativeVerdict is the verdict a description stands for: what the
// control's status claims (yes, partial), or nothing for the others.
func narrativeVerdict(v string) string {
	switch v {
	case VerdictYes, VerdictPartial:
		return v
	case verdictAlternative:
		return VerdictPartial
	}
	return ""
}

// narrative is the control's statement in the vendor's voice, with its caveat.
func narrative(c *controls.Control) string {
	s := strings.TrimSpace(c.Statement)
	switch c.Status {
	case controls.Planned:
		s = "Planned: " + s
	case controls.NotApplicable:
		s = "Not applicable: " + s
	}
	if cv := strings.TrimSpace(c.Caveat); cv != "" {
		s += " Caveat: " + cv
	}
	return s
}

// isCustomerResponsibility reports a control that describes what customers
// should do, not the vendor's own practice.
func isCustomerResponsibility(c *controls.Control) bool {
	d := strings.ToLower(c.Domain)
	return strings.Contains(d, "customer") && strings.Contains(d, "responsib")
}

var reAsksResponsibility = regexp.MustCompile(`\b(shared responsibilit|customer responsibilit|responsibilities of (the )?customer|customer obligations|best practices? for customers)`)

// fromControls answers from a candidate: one control, or a pair that
// covers the question together. A pair answers only when both controls do,
// with the weaker verdict of the two and both narratives.
func (e *Engine) fromControls(q Query, qt *question, s *scored) Result {
	if s.why == whyConcept && s.uncov > openMaxResidue && qt.isOpen() && len(q.Allowed) == 0 && !asksFact(qt.clean) {
		// "How do your policies ensure leadership input on supplier
		// selection?": the subject is the suppliers, the ask is in the
		// words the narrative does not have
		r := Result{Status: StatusAnswered, Controls: []string{e.cat.Controls[s.ref].ID}, Confidence: s.Confidence, Reasons: []string{e.reason(s)}}
		return e.reviewCtl(r, &e.cat.Controls[s.ref], fmt.Sprintf("the question asks for a description whose words %s's narrative mostly lacks (%.0f%% of them)",
			e.cat.Controls[s.ref].ID, 100*s.uncov))
	}
	denials := s.partner != 0 && e.ctlNeg[s.ref] && e.ctlNeg[s.partner-1]
	if denials {
		// "Is customer data sold or shared for advertising?": each denial
		// answers its part, the two together the question
		qt.denialPartner = s.partner
		defer func() { qt.denialPartner = 0 }()
	}
	if s.partner != 0 {
		qt.pairPartner = s.partner
		defer func() { qt.pairPartner = 0 }()
	}
	r := e.fromControl(q, qt, s.ref, s.Confidence, e.reason(s))
	if r.Status == StatusAnswered {
		refs := []int{s.ref}
		if s.partner != 0 {
			refs = append(refs, s.partner-1)
		}
		if ask := e.unsupportedSecondAsk(qt, refs, nil); ask != "" {
			who := e.cat.Controls[s.ref].ID + " does not state it"
			if len(refs) == 2 {
				who = "neither " + e.cat.Controls[refs[0]].ID + " nor " + e.cat.Controls[refs[1]].ID + " states it"
			}
			return review(r, fmt.Sprintf("the question also asks %s; %s", quoteList([]string{ask}), who))
		}
	}
	if s.partner == 0 {
		return r
	}
	ci := s.partner - 1
	if denials {
		qt.denialPartner = s.ref + 1
	}
	qt.pairPartner = s.ref + 1
	r2 := e.fromControl(q, qt, ci, s.Confidence, "")
	c2 := &e.cat.Controls[ci]
	r.Controls = append(r.Controls, c2.ID)
	r.Reasons[0] = fmt.Sprintf("%s and %s together cover the question's subject (%s): concept coverage %.2f, confidence %.2f",
		e.cat.Controls[s.ref].ID, c2.ID, s.subject, s.cc, s.Confidence)
	if r.Status != StatusAnswered {
		return r
	}
	if r2.Status != StatusAnswered {
		return review(r, fmt.Sprintf("%s, which covers the rest of the question, cannot answer: %s", c2.ID, r2.Reasons[len(r2.Reasons)-1]))
	}
	rank := map[string]int{VerdictYes: 2, VerdictPartial: 1}
	if denials && r.Verdict == VerdictNo && r2.Verdict == VerdictNo {
		rank[VerdictNo] = 1 // both deny: the question is answered No
	}
	if rank[r.Verdict] == 0 || rank[r2.Verdict] == 0 {
		return review(r, fmt.Sprintf("%s answers %q and %s answers %q: no single answer", e.cat.Controls[s.ref].ID, r.Verdict, c2.ID, r2.Verdict))
	}
	first := r
	if rank[r2.Verdict] < rank[r.Verdict] {
		r.Verdict, r.Answer = r2.Verdict, r2.Answer
	}
	narr := narrative(c2)
	switch {
	case qt.isOpen() && len(q.Allowed) == 0:
		// a description: both narratives, in the answer cell
		r.Answer = narrative(&e.cat.Controls[s.ref]) + "\n" + narr
	case q.HasComment && r.Comment != "":
		r.Comment += "\n" + narr
	case !q.HasComment && len(q.Allowed) == 0:
		r.Answer = first.Answer + "\n" + narr
		if r.Verdict != first.Verdict {
			r.Answer = r2.Answer + "\n" + narrative(&e.cat.Controls[s.ref])
		}
	}
	r.Reasons = append(r.Reasons, r2.Reasons[1:]...)
	return r
}

// pairScopeQualifiers say whom a practice covers: in a pair of controls
// that answer a question together, one that states it answers for both
// ("employee access to client data limited to need-to-know": role-based
// access control, and need-to-know internal access). A property (tested,
// annual, independent, ...) each control must state itself.
var pairScopeQualifiers = map[string]bool{"personnel": true}

// missingInPair is qt.missing for control ci, less the scope qualifiers
// its partner in a pair (qt.pairPartner) states.
func (e *Engine) missingInPair(qt *question, ci int) []string {
	miss := qt.missing(&e.ctlSup[ci])
	if len(miss) == 0 || qt.pairPartner == 0 {
		return miss
	}
	other := qt.missing(&e.ctlSup[qt.pairPartner-1])
	return slices.DeleteFunc(miss, func(m string) bool { return pairScopeQualifiers[m] && !slices.Contains(other, m) })
}

func (e *Engine) fromControl(q Query, qt *question, ci int, conf float64, reason string) Result {
	c := &e.cat.Controls[ci]
	r := Result{Status: StatusAnswered, Controls: []string{c.ID}, Confidence: conf, Reasons: []string{reason}}
	if e.ctlCustomer[ci] && !qt.asksResponsibility() {
		return e.reviewCtl(r, c, c.ID+" describes customers' responsibilities, not the vendor's own practice")
	}
	if c.IsDraft() {
		return e.reviewCtl(r, c, c.ID+" is a draft: it claims nothing until its statement is written and its status set")
	}
	if why, ok := e.controlBlocked(c); ok {
		return e.reviewCtl(r, c, why)
	}
	if miss := e.missingInPair(qt, ci); len(miss) > 0 {
		return e.reviewCtl(r, c, fmt.Sprintf("the question asks for %s; %s does not state it", quoteList(miss), c.ID))
	}
	if qt.followsBuyers() {
		return e.reviewCtl(r, c, "the question asks to follow the buyer's own policies or terms: a contractual commitment for a person to make")
	}
	if e.ctlCustomerOnly[ci] && qt.test(testVendorStaff) {
		return e.reviewCtl(r, c, fmt.Sprintf("the question asks about the vendor's own staff; %s states what customers can do", c.ID))
	}
	if e.ctlPersonnel[ci] && qt.test(testAsksProduct) && !qt.test(testAsksPersonnel) {
		return e.reviewCtl(r, c, fmt.Sprintf("the question asks what the product supports; %s is about the vendor's own personnel", c.ID))
	}
	if !e.ctlCustomerSets[ci] && qt.test(testAsksCustomerSets) {
		// "Can customers configure their own password policy?" is not
		// answered by "supports strong password policies"
		return e.reviewCtl(r, c, fmt.Sprintf("the question asks what customers can set themselves; %s does not say they can", c.ID))
	}
	if who := qt.notifies(); who != "" && e.ctlNotifies[ci] != "" && who != e.ctlNotifies[ci] {
		return e.reviewCtl(r, c, fmt.Sprintf("the question asks about notifying %s; %s notifies %s", who, c.ID, e.ctlNotifies[ci]))
	}
	if e.ctlOnRequest[ci] && !qt.isOpen() && !qt.test(testAsksOnDemand) {
		// "Customers can request deletion or anonymization of their data"
		// does not say that data is anonymized
		return e.reviewCtl(r, c, fmt.Sprintf("%s does it only at the customer's request; the question asks whether it is done", c.ID))
	}
	if !e.ctlOffered[ci] && qt.test(testAsksOffered) {
		return e.reviewCtl(r, c, fmt.Sprintf("the question asks what customers are offered; %s states the vendor's own practice", c.ID))
	}
	if denied := deniedIn(qt.terms, e.ctlDenied[ci]); len(denied) > 0 && e.denialAbout(ci, denied, qt) {
		return e.reviewCtl(r, c, fmt.Sprintf("the question asks about %s, which the caveat of %s denies", quoteList(denied), c.ID))
	}
	open := qt.isOpen()
	free := len(q.Allowed) == 0
	if !open && e.ctlMay[ci] && !asksPossibility(qt.clean) && !reAsksNoticeContents.MatchString(qt.clean) && !e.firmSideAnswers(ci, qt) {
		// "Kora Studio may share personal information with professional
		// advisors": a possibility, not a practice; a Yes or No to "Do
		// you share ...?" is a person's call.
		return e.reviewCtl(r, c, fmt.Sprintf("%s states it only as a possibility (\"may\"): a Yes or No is for a person to decide", c.ID))
	}
	v := statusVerdict(c.Status)
	if v == "" {
		return e.reviewCtl(r, c, fmt.Sprintf("%s has no usable status %q", c.ID, c.Status))
	}
	if open && free {
		if why := factMissing(qt.clean, narrative(c)); why != "" {
			return e.reviewCtl(r, c, why+"; "+c.ID+"'s narrative gives none")
		}
		// A description answers in the answer cell; the comment cell, when
		// there is one, is left to the reviewer rather than repeating it.
		r.Answer = narrative(c)
		r.Verdict = narrativeVerdict(v)
		r.Reasons = append(r.Reasons, "descriptive question: answered with the narrative")
		return r
	}
	if yes, hasYes := spell(VerdictYes, q.Allowed, q.Keys); open && qt.isWh() && !(hasYes && len(strings.Fields(yes)) > 3) {
		if val, ok := e.sentenceChoice(ci, q.Allowed, qt); ok && (c.Caveat == "" || q.HasComment) {
			r.Answer, r.Verdict = val, narrativeVerdict(v)
			if q.HasComment {
				r.Comment = narrative(c)
			}
			r.Reasons = append(r.Reasons, fmt.Sprintf("the dropdown's answers are sentences: %q is the strongest that %s supports", val, c.ID))
			return r
		}
		// "How long ...?" with a Yes/No dropdown: no dropdown value answers
		// it; offer the narrative and let a person pick. A dropdown whose
		// values are answers ("We keep the root password in a safe ...")
		// does answer it: the sentence is then checked as a claim below. ("Describe your
		// plan" with a dropdown still reads as "do you have one": it goes on.)
		r = e.reviewCtl(r, c, "descriptive question but the answer cell is a dropdown")
		r.Comment += " Suggested narrative: " + narrative(c)
		return r
	}
	// Polarity.
	cNeg := e.ctlNeg[ci]
	if cNeg && e.ctlPosSide[ci] != nil && !qt.isNegated() {
		an := e.voc.analyse(qt.clean)
		if practiceSideAnswers(an.subject, e.ctlPosSide[ci], e.ctlNegSide[ci]) {
			cNeg = false // the question is about the practice the control also states
			r.Reasons = append(r.Reasons, c.ID+" denies one thing and states a practice; the question is about the practice")
		}
	}
	if qt.isExcluding() && !cNeg && !e.ctlExcludes[ci] {
		// "Is personal data shared without contractual safeguards?"
		// against "shares data under contractual safeguards": a Yes would
		// say the opposite of the control
		return e.reviewCtl(r, c, fmt.Sprintf("the question asks about doing it without something or for other ends; %s states the practice itself: polarity unclear", c.ID))
	}
	qNeg := qt.isNegated()
	if cNeg && !qNeg && qt.isNegatedWeak() {
		qNeg = true
	}
	if cNeg != qNeg {
		if !cNeg {
			return e.reviewCtl(r, c, "the question is negated and "+c.ID+" is not: polarity unclear")
		}
		// "Do you sell customer data?" against "does not sell": No, but only
		// when the question is about exactly what the control denies.
		if v != VerdictYes {
			return e.reviewCtl(r, c, c.ID+" is a negative commitment with status "+string(c.Status)+": polarity unclear")
		}
		// The question's words, and the words of the concepts it names:
		// "institutional data" is the customer or personal data a title
		// speaks of.
		an := e.voc.analyse(qt.clean)
		words := e.voc.heldWords(qt.terms, &an)
		// the question's words but the framing ones ("institutional")
		var specific []string
		framing := framingTerms(qt.clean)
		for _, t := range qt.terms {
			if !genericStems[t] && !(hasDigit(t) && !e.ctlWords[ci][t]) && !framing[t] { // (a figure the control lacks passed the figure check: "under 13" held by "under 16")
				specific = append(specific, t)
			}
		}
		qcov := e.denialCoverage(specific, ci, qt.denialPartner-1)
		if qcov < 0.8 && e.deniesTowardsAnyone(ci, specific, e.voc.partyWords(&an)) {
			qcov = 1
		}
		tcov := e.titleCoverage(ci, words)
		if qcov < 0.8 || tcov < negativeTitleCover {
			return e.reviewCtl(r, c, fmt.Sprintf("%s is a negative commitment and the question is broader than it: polarity unclear", c.ID))
		}
		v = VerdictNo
		r.Reasons = append(r.Reasons, c.ID+" is a negative commitment: the question asks the opposite, answered No")
	}
	return e.spellOut(q, qt, r, v, narrative(c), c.Caveat, c.ID)
}

// framingTerms are the words of a question that say why or in which
// sense it is asked, not what: a regime's heading over a practice ("PCI -
// Do you store full card numbers?") and a definition's source ("as defined
// under the CCPA"). Words the question asks with too are not among them.
func framingTerms(cl string) termSet {
	var parts []string
	rest := cl
	if practiceUnderHeading(cl) {
		i := dashHeadingEnd(cl)
		parts = append(parts, cl[:i])
		rest = cl[i:]
	}
	if strings.Contains(rest, "as defined ") {
		parts = append(parts, reAsDefined.FindAllString(rest, -1)...)
		rest = reAsDefined.ReplaceAllString(rest, " ")
	}
	if len(parts) == 0 {
		return nil
	}
	asked := setOf(terms(rest))
	out := termSet{}
	for _, t := range terms(strings.Join(parts, " . ")) {
		if !asked[t] {
			out[t] = true
		}
	}
	return out
}

// denialCoverage is the IDF-weighted share of the question's specific
// terms that a negative commitment holds, with those of its partner p in a
// pair of denials (-1: none).
func (e *Engine) denialCoverage(ts []string, ci, p int) float64 {
	var total, held float64
	for _, t := range uniq(ts) {
		w := e.ctl.idf(t)
		total += w
		if e.ctlWords[ci][t] || p >= 0 && e.ctlWords[p][t] {
			held += w
		}
	}
	if total == 0 {
		return 0
	}
	return held / total
}

// deniesTowardsAnyone reports whether a negative commitment holds every
// specific word of the question but those of the party it names: what is
// denied is denied towards anyone ("does not sell personal data" answers
// "Do you sell customer data to third parties?", not "... sell or share
// ... with third parties?").
func (e *Engine) deniesTowardsAnyone(ci int, specific []string, parties heldWords) bool {
	if len(parties.cs) == 0 {
		return false
	}
	for _, t := range specific {
		if !parties.has(t) && !e.ctlWords[ci][t] {
			return false
		}
	}
	return true
}

// titleCoverage is the IDF-weighted share of the title's informative terms
// the question holds: "Do you share customer data with third parties?"
// does not cover "No use or sharing of customer data for advertising".
// Alternatives joined by "or" count as one term held when any of them is
// ("No sale of personal or customer data").
func (e *Engine) titleCoverage(ci int, qs heldWords) float64 {
	var total, covered float64
	for _, g := range e.ctlTitleGroups[ci] {
		idf := 0.0
		held := false
		for _, t := range g {
			idf = max(idf, e.ctl.idf(t))
			held = held || qs.has(t)
		}
		total += idf
		if held {
			covered += idf
		}
	}
	if total == 0 {
		return 0
	}
	return covered / total
}

// titleGroups are the informative terms of a title, alternatives joined by
// "or" in one group, as titleCoverage weighs them. An alternative that is a
// stop word ("No use or sharing of ...") makes its group one the question
// need not hold: an empty group.
func titleGroups(title string) [][]string {
	var groups [][]string
	joinNext, droppedBefore, optionalNext := false, false, false
	for _, t := range seq(title) {
		if t == "or" {
			joinNext = len(groups) > 0 && !droppedBefore
			optionalNext = droppedBefore
			continue
		}
		keep := canonical[t] || (!stopWords[t] && len([]rune(t)) > 1)
		if !keep {
			droppedBefore = true
			continue
		}
		droppedBefore = false
		switch {
		case optionalNext:
			// "use or sharing": "use" is no informative word, so the
			// alternative cannot be asked for
		case joinNext:
			groups[len(groups)-1] = append(groups[len(groups)-1], t)
		default:
			groups = append(groups, []string{t})
		}
		joinNext, optionalNext = false, false
	}
	return groups
}

// spellOut writes a verdict into the answer cell as the sheet spells it,
// and the narrative into the comment.
func (e *Engine) spellOut(q Query, qt *question, r Result, v, narr, caveat string, src string) Result {
	caveat = strings.TrimSpace(caveat)
	report := v
	if v == verdictAlternative {
		report = VerdictPartial
	}
	if len(q.Allowed) == 0 {
		if v == verdictAlternative {
			return review(r, src+" is an alternative control and the answer cell offers no Alternate value")
		}
		word := freeWord(v)
		// The caveat travels once, where the reader sees it: in the
		// narrative of the comment cell, or after the word when the
		// answer cell is the only one.
		if q.HasComment {
			r.Answer = word
		} else {
			r.Answer = strings.TrimSpace(word + ". " + narr)
		}
		if q.HasComment {
			r.Comment = narr
		}
		r.Verdict = report
		if v == VerdictPartial {
			r.Reasons = append(r.Reasons, "control is partial: caveat attached")
		}
		return r
	}
	val, ok := spell(v, q.Allowed, q.Keys)
	if !ok && (v == VerdictYes || v == VerdictPartial) {
		// A dropdown of answers in words: the strongest the control supports.
		if ci := e.controlIndex(src); ci >= 0 {
			if s, found := e.sentenceChoice(ci, q.Allowed, qt); found && (caveat == "" || q.HasComment) {
				r.Answer, r.Verdict = s, report
				if q.HasComment {
					r.Comment = narr
				}
				r.Reasons = append(r.Reasons, fmt.Sprintf("the dropdown's answers are sentences: %q is the strongest that %s supports", s, src))
				return r
			}
		}
	}
	switch {
	case ok:
		if classify(val) == "" {
			r.Reasons = append(r.Reasons, fmt.Sprintf("the sheet names %q its %s", val, freeWord(v)))
		}
		if v == VerdictPartial {
			r.Reasons = append(r.Reasons, "control is partial: answered "+val)
		}
		if v == verdictAlternative {
			r.Reasons = append(r.Reasons, "control is an alternative: answered "+val)
		}
	case v == VerdictPartial:
		yes, okYes := spell(VerdictYes, q.Allowed, q.Keys)
		if !okYes {
			return review(r, "the dropdown offers neither Partial nor Yes")
		}
		if !q.HasComment {
			return review(r, src+" is partial, the dropdown has no Partial and there is no comment column for the caveat")
		}
		val = yes
		r.Reasons = append(r.Reasons, "control is partial: answered "+yes+" with the caveat in the comment")
	case v == verdictAlternative:
		return review(r, src+" is an alternative control and the dropdown offers no Alternate/Compensating value")
	default:
		return review(r, fmt.Sprintf("the dropdown (%s) has no value for %q", strings.Join(q.Allowed, ", "), v))
	}
	if len(strings.Fields(val)) > 3 {
		// A dropdown value that is a sentence ("Yes, we have a public,
		// up-to-date list of all our subprocessors") is a claim of its own:
		// it must not ask more than the control states.
		if ci := e.controlIndex(src); ci >= 0 {
			if miss := e.ctlSup[ci].missing(askedQualifiers(qualifierSeqClean(clean(val)))); len(miss) > 0 {
				return review(r, fmt.Sprintf("the dropdown value %q claims %s; %s does not state it", val, quoteList(miss), src))
			}
			if denied := questionDenied(val, e.ctlDenied[ci]); len(denied) > 0 {
				return review(r, fmt.Sprintf("the dropdown value %q claims %s, which the caveat of %s denies", val, quoteList(denied), src))
			}
		}
	}
	if !q.HasComment && caveat != "" {
		return review(r, src+" carries a caveat and there is no comment column for it")
	}
	r.Answer = val
	r.Verdict = report
	if q.HasComment {
		r.Comment = narr
	}
	return r
}

// controlIndex returns the index of the control with the ID, or -1.
func (e *Engine) controlIndex(id string) int {
	for i := range e.cat.Controls {
		if e.cat.Controls[i].ID == id {
			return i
		}
	}
	return -1
}

// certMentioned answers a question that names certifications.
func (e *Engine) certMentioned(q Query, qt *question, ms []certMention) Result {
	r := Result{Status: StatusReview, Confidence: 0.9}
	var certs []*controls.Certification
	for _, m := range ms {
		c := findCert(e.cat, m)
		if c == nil {
			r = review(r, fmt.Sprintf("the question names %s, which the catalog does not list: nothing to claim", m.label))
			r.Confidence = 0.9
			return r
		}
		certs = append(certs, c)
	}
	// All named certifications must hold for a yes.
	var last Result
	for _, c := range certs {
		last = e.fromCert(q, qt, c, 0.9, fmt.Sprintf("the question names %s (certification %s)", c.Name, c.ID))
		if last.Status != StatusAnswered {
			return last
		}
	}
	if len(certs) > 1 {
		last.Controls = nil
		for _, c := range certs {
			last.Controls = append(last.Controls, c.ID)
		}
	}
	return last
}

var reTypeII = regexp.MustCompile(`\btype\s*(ii|2)\b`)

// fromCert answers from one certification.
func (e *Engine) fromCert(q Query, qt *question, c *controls.Certification, conf float64, reason string) Result {
	r := Result{Status: StatusAnswered, Controls: []string{c.ID}, Confidence: conf, Reasons: []string{reason}}
	if c.Status != controls.CertHeld {
		r = review(r, fmt.Sprintf("%s is %s: nothing to claim", c.Name, c.Status))
		r.Comment = strings.TrimSpace(c.Note)
		if r.Comment == "" {
			r.Comment = fmt.Sprintf("vouch: needs review — %s is %s", c.Name, c.Status)
		}
		return r
	}
	if !c.ValidUntil.IsZero() && dateOnly(c.ValidUntil.Time).Before(dateOnly(e.asOf)) {
		return review(r, fmt.Sprintf("%s expired %s", c.Name, c.ValidUntil.String()))
	}
	if why, ok := e.expiredEvidence(c.Evidence); ok {
		return review(r, why+" ("+c.ID+")")
	}
	support := c.Name + " . " + c.Scope + " . " + c.Period + " . " + c.Note
	if strings.Contains(qt.clean, "type") && reTypeII.MatchString(qt.clean) && !reTypeII.MatchString(clean(support)) {
		return review(r, fmt.Sprintf("the question asks for a Type II report; %s does not say Type II", c.Name))
	}
	narr := c.Name + c.Details(true) + "."
	if c.Note != "" {
		narr += " " + strings.TrimSpace(c.Note)
	}
	if qt.isOpen() && len(q.Allowed) == 0 {
		r.Answer = narr
		if q.HasComment {
			r.Comment = narr
		}
		return r
	}
	return e.spellOut(q, qt, r, VerdictYes, narr, "", c.ID)
}

// fromLibrary answers from a library entry.
func (e *Engine) fromLibrary(q Query, qt *question, s scored) Result {
	a := &e.cat.Library[s.ref]
	l := &e.libs[s.ref]
	r := Result{Status: StatusAnswered, Library: a.ID, Confidence: s.Confidence, Reasons: []string{e.reason(&s)}}
	if a.Control != "" {
		r.Controls = []string{a.Control}
	}
	if a.Conflict != "" {
		r = review(r, fmt.Sprintf("library %s has a conflict: %s", a.ID, a.Conflict))
		return r
	}
	if why, old := e.tooOld(a); old {
		return review(r, why)
	}
	r.Reasons = append(r.Reasons, "reused from "+sourceOf(a))
	libV := libraryVerdict(a)
	if a.Control != "" {
		if l.ctl < 0 {
			r.Reasons = append(r.Reasons, fmt.Sprintf("library %s links to %s, which the catalog no longer has", a.ID, a.Control))
		} else {
			c := &e.cat.Controls[l.ctl]
			if why, bad := e.controlBlocked(c); bad {
				return review(r, why)
			}
			exp := statusVerdict(c.Status)
			if exp == verdictAlternative {
				exp = VerdictPartial
			}
			if e.ctlNeg[l.ctl] != l.neg {
				switch exp {
				case VerdictYes:
					exp = VerdictNo
				case VerdictNo:
					exp = VerdictYes
				default:
					exp = "?"
				}
			}
			if libV != "" && !compatible(libV, exp) {
				return review(r, fmt.Sprintf("library %s answers %s but %s is now %s", a.ID, libV, c.ID, c.Status))
			}
		}
	}
	if miss := qt.missing(&l.support); len(miss) > 0 {
		return review(r, fmt.Sprintf("the question asks for %s; library %s does not state it", quoteList(miss), a.ID))
	}
	if ask := e.unsupportedSecondAsk(qt, nil, l.words); ask != "" {
		return review(r, fmt.Sprintf("the question also asks %s; library %s does not state it", quoteList([]string{ask}), a.ID))
	}
	if qt.isNegated() != l.neg || qt.isExcluding() != l.excl {
		return review(r, fmt.Sprintf("the question and library %s differ in polarity", a.ID))
	}
	narr := strings.TrimSpace(a.Narrative)
	free := len(q.Allowed) == 0
	if free && (qt.isOpen() || libV == "") {
		r.Answer = narr
		if r.Answer == "" {
			r.Answer = strings.TrimSpace(a.Answer)
		}
		if r.Answer == "" {
			return review(r, fmt.Sprintf("library %s holds no answer text", a.ID))
		}
		if q.HasComment && narr != "" {
			r.Comment = narr
		}
		return r
	}
	if !free && libV == "" {
		for _, al := range q.Allowed {
			if strings.EqualFold(strings.TrimSpace(al), strings.TrimSpace(a.Answer)) && a.Answer != "" {
				r.Answer = al
				if q.HasComment {
					r.Comment = narr
				}
				return r
			}
		}
		return review(r, fmt.Sprintf("library %s answered %q, which the dropdown does not offer", a.ID, a.Answer))
	}
	return e.spellOut(q, qt, r, libV, narr, "", "library "+a.ID)
}

// libraryVerdict is a library answer's verdict, read from its answer when
// the verdict is not set.
func libraryVerdict(a *controls.Answer) string {
	v := strings.ToLower(strings.TrimSpace(a.Verdict))
	if v == "" && a.Answer != "" {
		v = classify(a.Answer)
	}
	if v == verdictAlternative {
		v = VerdictPartial
	}
	return v
}

func compatible(lib, exp string) bool {
	switch exp {
	case VerdictPartial:
		return lib == VerdictPartial || lib == VerdictYes
	default:
		return lib == exp
	}
}

// openWords start a question that asks for a description, not a yes/no.
var openWords = map[string]bool{
	"describe": true, "how": true, "what": true, "which": true, "list": true, "provide": true, "explain": true,
	"outline": true, "detail": true, "specify": true, "summarize": true, "summarise": true, "identify": true,
	"name": true, "who": true, "whom": true, "whose": true, "where": true, "when": true, "why": true, "enumerate": true, "share": true,
	"give": true, "attach": true, "upload": true, "elaborate": true, "discuss": true, "define": true,
}

// yesNoWords start a yes/no question.
var yesNoWords = map[string]bool{
	"do": true, "does": true, "did": true, "is": true, "are": true, "was": true, "were": true, "can": true,
	"could": true, "have": true, "has": true, "had": true, "will": true, "would": true, "should": true, "shall": true,
	"may": true, "must": true, "confirm": true,
}

var reLeadingJunk = regexp.MustCompile(`^(?:\s*(?:\([^)]*\)|\[[^\]]*\]|[a-z&]{1,5}-\d+(?:\.\d+)*|\d+(?:\.\d+)*[.)]?|[a-z][.)]|[-*•]))+\s*`)

// stripLeadingJunk is reLeadingJunk.ReplaceAllString(s, ""), without the
// regexp when s, after white space, cannot start one of its items: "(",
// "[", a digit, "-", "*", "•", a letter followed by "." or ")", or up to
// five of [a-z&] followed by "-" and a digit. Most questions start with a
// word.
func stripLeadingJunk(s string) string {
	i := 0
	for i < len(s) && strings.IndexByte("\t\n\f\r ", s[i]) >= 0 {
		i++
	}
	t := s[i:]
	if t == "" {
		return s
	}
	lowerOrAmp := func(c byte) bool { return 'a' <= c && c <= 'z' || c == '&' }
	switch c := t[0]; {
	case strings.IndexByte("([-*", c) >= 0 || '0' <= c && c <= '9' || strings.HasPrefix(t, "•"):
		return reLeadingJunk.ReplaceAllString(s, "")
	case lowerOrAmp(c):
		if 'a' <= c && c <= 'z' && len(t) > 1 && (t[1] == '.' || t[1] == ')') {
			return reLeadingJunk.ReplaceAllString(s, "")
		}
		j := 1
		for j < len(t) && j < 5 && lowerOrAmp(t[j]) {
			j++
		}
		if j+1 < len(t) && t[j] == '-' && '0' <= t[j+1] && t[j+1] <= '9' {
			return reLeadingJunk.ReplaceAllString(s, "")
		}
	}
	return s
}

// isOpen reports whether a question asks for a description ("Describe ...",
// "How ...", "Please list ...") rather than a yes/no.
func isOpen(text string) bool {
	return openWordsStart(split(reLeadingJunk.ReplaceAllString(mainClause(text), "")))
}

// openWordsStart reports whether the words of a main clause, without its
// leading numbering, start like a request for a description.
func openWordsStart(words []string) bool {
	if len(words) > 1 && leadingPrepositions[words[0]] && whWords[words[1]] {
		words = words[1:] // "To what standards ...", "In which countries ..."
	}
	if len(words) == 0 {
		return false
	}
	if words[0] == "please" || words[0] == "kindly" {
		words = words[1:]
		if len(words) == 0 {
			return false
		}
	}
	w := words[0]
	if (w == "indicate" || w == "state" || w == "specify") && len(words) > 1 && (words[1] == "whether" || words[1] == "if") {
		return false
	}
	if openWords[w] || w == "indicate" || w == "state" {
		return true
	}
	return false
}

// negationCues start a denial in a caveat ("not yet published", "no
// timeframe is published", "never").
var reCaveatClause = regexp.MustCompile(`[;.,:()]`)

var negationCues = map[string]bool{"not": true, "no": true, "never": true, "nor": true, "without": true}

// deniedTerms returns the terms that the control's caveat denies and its
// title and statement do not state ("the list is not yet published"). A
// term counts as denied when it follows a negation cue within four words, or
// ends the clause that a cue opened ("no timeframe is published").
func deniedTerms(c controls.Control) termSet { return deniedTermsOf(c, denyingSentences(c.Caveat)) }

// deniedTermsOf is deniedTerms for a control whose caveat's denying
// sentences are worked out already.
func deniedTermsOf(c controls.Control, denials []termSet) termSet {
	if strings.TrimSpace(c.Caveat) == "" {
		return nil
	}
	stated := setOf(terms(c.Title + " " + c.Statement))
	denied := termSet{}
	for _, clause := range reCaveatClause.Split(c.Caveat, -1) {
		toks := seq(clause)
		for i, t := range toks {
			if !negationCues[t] {
				continue
			}
			for j := i + 1; j < len(toks) && j <= i+4; j++ {
				denied[toks[j]] = true
			}
			if n := len(toks); i < n-1 {
				denied[toks[n-1]] = true
			}
		}
	}
	// A sentence that denies ("Password length, complexity and rotation
	// rules are not published") denies every topic it names, not only the
	// words after its cue.
	for _, sentence := range denials {
		for t := range sentence {
			if !genericStems[t] {
				denied[t] = true
			}
		}
	}
	for t := range denied {
		if stated[t] || stopWords[t] {
			delete(denied, t)
		}
	}
	return denied
}

// denyingSentences returns, for each sentence of a caveat that denies
// ("The retention periods themselves are not published"), its informative
// terms.
func denyingSentences(caveat string) []termSet {
	if strings.TrimSpace(caveat) == "" {
		return nil
	}
	var out []termSet
	for _, sentence := range reSentence.Split(clean(caveat), -1) {
		if cueCount(sentence, false) == 0 {
			continue
		}
		if ts := setOf(terms(sentence)); len(ts) > 0 {
			out = append(out, ts)
		}
	}
	return out
}

// questionDenied returns the question's terms found in denied: "Is your
// subprocessor list published?" against a caveat "the list is not yet
// published" asks exactly what the caveat denies.
func questionDenied(question string, denied termSet) []string {
	if len(denied) == 0 {
		return nil
	}
	return deniedIn(terms(question), denied)
}

// deniedIn is questionDenied for the question's terms.
func deniedIn(qt []string, denied termSet) []string {
	if len(denied) == 0 {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range qt {
		if denied[t] && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// whWords open a question whose answer is a fact (a duration, a place, a
// name), which a Yes/No value cannot give.
var whWords = map[string]bool{"how": true, "what": true, "which": true, "who": true, "whom": true, "whose": true, "where": true, "when": true, "why": true}

// isWhQuestion reports whether the question starts with a wh-word.
func isWhQuestion(text string) bool {
	return whStart(split(reLeadingJunk.ReplaceAllString(mainClause(text), "")))
}

// whStart reports whether the words of a main clause, without its leading
// numbering, start with a wh-word.
func whStart(words []string) bool {
	if len(words) > 1 && leadingPrepositions[words[0]] && whWords[words[1]] {
		words = words[1:]
	}
	if len(words) > 0 && (words[0] == "please" || words[0] == "kindly") {
		words = words[1:]
	}
	return len(words) > 0 && whWords[words[0]]
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "“" + s + "”"
	}
	return strings.Join(q, ", ")
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func round2(x float64) float64 { return float64(int(clamp01(x)*100+0.5)) / 100 }

// askedOffered are the ways a question asks about what customers are
// given or can do ("do you provide tenants with separate environments",
// "are CSCs able to", "allow tenants to view", "can the institution
// extract"), as opposed to the vendor's own practice. Each pattern comes
// with words one of which every match of it holds, so that most
// questions skip the regexp.
var askedOffered = []struct {
	cues []string
	re   *regexp.Regexp
}{
	{[]string{"provide", "offer", "give", "allow", "enable", "let", "permit"},
		regexp.MustCompile(`\b(?:provide|offer|give|allow|enable|let|permit)s? (?:the |your |their |all )?(?:tenants?|customers?|clients?|cscs?|institutions?|end users?)\b`)},
	{[]string{"able to", "allowed to", "permitted to"},
		regexp.MustCompile(`\b(?:tenants?|customers?|cscs?|clients?|institutions?) (?:are |be |is )?(?:able|allowed|permitted) to\b`)},
	{[]string{"capacity to manage their own"}, regexp.MustCompile(`\bcapacity to manage their own\b`)},
	{[]string{"per "}, regexp.MustCompile(`\bper (?:tenant|customer|client|csc)\b`)},
	{[]string{"can ", "may ", "could "}, regexp.MustCompile(customerActs)},
	{[]string{"end user"}, regexp.MustCompile(`\bfor (?:the |its |their |your )?end users?\b`)},
	{[]string{"accom"}, regexp.MustCompile(`\baccomm?odat\w* (?:storing|hosting|requests?|each|the|a|their|your)\b`)},
	// "do district staff have access to audit logs", "will customers have access to ..."
	{[]string{" access"}, regexp.MustCompile(`\b(?:tenants?|customers?|clients?|cscs?|institutions?|districts?|schools?|end users?)(?:'s|s')?(?: (?:staff|users|administrators|admins|personnel|employees))? (?:have|get|gain|receive|be given) access\b`)},
	// "are audit logs available to district administrators"
	{[]string{"available to "}, regexp.MustCompile(`\bavailable to (?:the |its |their |your )?(?:tenants?|customers?|clients?|cscs?|institutions?|districts?|schools?|end users?)\b`)},
}

// asksOffered reports whether clean text s asks about what customers are
// given or can do (askedOffered).
func asksOffered(s string) bool {
	if !strings.Contains(s, "tenant") && !strings.Contains(s, "customer") && !strings.Contains(s, "csc") &&
		!strings.Contains(s, "client") && !strings.Contains(s, "institution") && !strings.Contains(s, "user") && !strings.Contains(s, "their own") && !strings.Contains(s, "per ") && !strings.Contains(s, "accom") &&
		!strings.Contains(s, "district") && !strings.Contains(s, "school") {
		return false
	}
	for _, p := range askedOffered {
		for _, c := range p.cues {
			if strings.Contains(s, c) {
				if p.re.MatchString(s) {
					return true
				}
				break
			}
		}
	}
	return false
}

// reAsksCustomerSets finds a question on what customers set or configure
// themselves: "can customers configure their own password policy?", "are
// administrators able to define retention periods?", "can we set our own
// retention periods?" (the buyer asking).
var reAsksCustomerSets = regexp.MustCompile(`\b(?:can|may|could|are|is) (?:the |your |an? |each )?(?:customers?|clients?|tenants?|institutions?|districts?|schools?|organi[sz]ations?|users?|end users?|administrators?|admins?|we)(?: (?:be )?able to| allowed to)? ` +
	`(?:configure|customi[sz]e|set|define|choose|select|adjust|modify|tailor|disable|enable|turn (?:off|on)|switch (?:off|on)|opt out of)\b`)

// reCustomerSets finds a statement of what customers set or configure:
// "customers can ...", "configurable by administrators", "within their own
// organization".
var reCustomerSets = regexp.MustCompile(`\b(?:configurable|customi[sz]able|customers? (?:can|may)|administrators? (?:can|may)|admins? (?:can|may)|within their own|their own settings)\b`)

// notifyRecipient returns whom a text says is notified: "customers",
// "individuals" (data subjects, end users) or "regulators" (supervisory
// authorities, law enforcement); "" when it names no notification or no
// one.
func notifyRecipient(cl string) string {
	if !strings.Contains(cl, "notif") && !mayInform(cl) {
		return ""
	}
	m := reNotifyWhom.FindStringSubmatch(cl)
	if m == nil {
		if m = reNotifiedWhom.FindStringSubmatch(cl); m == nil {
			return ""
		}
	}
	w := m[1]
	switch {
	case strings.Contains(w, "subject") || strings.Contains(w, "individual") || strings.Contains(w, "user") || strings.Contains(w, "consumer") ||
		strings.Contains(w, "student") || strings.Contains(w, "parent") || strings.Contains(w, "people") || strings.Contains(w, "persons"):
		return "individuals"
	case strings.Contains(w, "authorit") || strings.Contains(w, "regulator") || strings.Contains(w, "law enforcement") || strings.Contains(w, "government"):
		return "regulators"
	}
	return "customers"
}

// mayInform reports an "inform" that is no "information": most texts
// hold only the noun.
func mayInform(cl string) bool {
	for i := strings.Index(cl, "inform"); i >= 0; {
		if !strings.HasPrefix(cl[i:], "informat") {
			return true
		}
		j := strings.Index(cl[i+1:], "inform")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// reNotifyWhom finds the one notified: "notifies customers", "notify the
// supervisory authority", "inform affected individuals".
var reNotifyWhom = regexp.MustCompile(`\b(?:notif(?:y|ies|ied|ying)|inform(?:s|ed|ing)?)\s+(?:the |all |any |its |your |our |their |affected |impacted |relevant |appropriate |competent |supervisory )*` +
	`(` + notifyWhom + `)\b`)

// notifyWhom are the ones a notification goes to.
const notifyWhom = `data subjects?|individuals?|end users?|users?|consumers?|students?|parents?|people|persons|(?:data protection |supervisory |regulatory |competent )?authorit(?:y|ies)|regulators?|law enforcement|government|customers?|clients?|institutions?|tenants?|districts?|schools?|cscs?|you`

// reNotifiedWhom finds the one notified in the passive: "are affected
// individuals notified", "will the institution be informed".
var reNotifiedWhom = regexp.MustCompile(`\b(` + notifyWhom + `)\s+(?:are |is |will be |would be |shall be |be |get |gets )?(?:notified|informed)\b`)

// reOnRequest finds a statement of something done to data only when the
// customer asks: "customers can request deletion or anonymization of their
// data", "supports deletion of customer data at the customer's request".
// (A document available on request exists: that is reOffers'.)
var reOnRequest = regexp.MustCompile(`\b(?:can|may) request (?:the )?(?:deletion|erasure|anonymi[sz]ation|pseudonymi[sz]ation|correction|rectification|export|return|restriction)\b` +
	`|\b(?:deletion|erasure|anonymi[sz]ation|correction|export|return) of (?:their |its |customer |personal )?data (?:at|on|upon) (?:the )?(?:customer'?s?|their|individual'?s?|user'?s?)? ?request\b` +
	`|\bat the (?:customer'?s?|individual'?s?|user'?s?) request\b` +
	// "individuals ... can exercise their GDPR rights: access, erasure, ...", "supports privacy rights requests"
	`|\bcan exercise (?:their |its )?(?:[a-z/]+ )?rights\b|\brights requests?\b`)

// reAsksOnDemand finds a question on what is done when asked, or on the
// right or ability to ask: such a question a control of reOnRequest answers.
var reAsksOnDemand = regexp.MustCompile(`\b(?:requests?|requested|ask|asks|asked|demand|rights?|ability|able|option|options|allow|allows|support|supports|offer|offers|can|may|could|choose|exercise|` +
	// honouring an objection is answering a request
	`honou?rs?|honou?red|objections?|objects? to)\b`)

// reOffers finds a statement of something customers get: "customers can
// manage users", "offers single sign-on", "makes a DPA available".
var reOffers = regexp.MustCompile(`\b(?:customers?|users?|individuals|recipients|residents|requesters?) (?:can|may)\b|\b(?:offers?|provides?|supports?|makes? [a-z ()]{0,60}available|available (?:on request|to customers)|on request|upon request|publish(?:es|ed)?)\b`)

// offersCustomers reports a control that states something offered to
// customers. A verb of purpose is none: "monitoring to detect anomalies
// and support incident response", "used only to provide the service".
func offersCustomers(text string) bool {
	cl := clean(text)
	for _, m := range reOffers.FindAllStringIndex(cl, -1) {
		before := strings.Fields(cl[:m[0]])
		verb := cl[m[0]:m[1]]
		if verb == "offer" || verb == "provide" || verb == "support" {
			// the plain form offers only after its subject ("we
			// provide", "can offer"); elsewhere it is a purpose ("to
			// provide the service", "and support incident response") or
			// a noun ("continuity of support")
			if len(before) == 0 || !offerSubjects[before[len(before)-1]] {
				continue
			}
		} else if len(before) > 0 && (before[len(before)-1] == "and" || before[len(before)-1] == "or") &&
			(strings.HasPrefix(verb, "offer") || strings.HasPrefix(verb, "provide") || strings.HasPrefix(verb, "support")) {
			continue // "... and supports" continues a purpose as often as a claim
		}
		return true
	}
	return false
}

// offerSubjects, before the plain form of a verb of offering, make it an
// offer: "we provide", "can offer", "also support".
var offerSubjects = map[string]bool{"we": true, "can": true, "will": true, "also": true, "they": true, "you": true}

// reMay finds a statement that says what the vendor may do, not what it does.
var reMay = regexp.MustCompile(`\b(?:may|might)\b`)

// onlyPossible reports a statement whose first sentence is hedged by "may"
// or "might" ("Backups may retain data ..."): its claim is a possibility.
func onlyPossible(statement string) bool {
	s := clean(statement)
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i]
	}
	return reMay.MatchString(s)
}

// maySides holds the words of a statement's sentences hedged by "may" and
// of those that are not.
type maySides struct {
	hedged, firm termSet
}

// splitMay splits a statement into its hedged and its firm sentences. Not
// at semicolons (reSentence): "may share ... with advisors; in a merger
// ...; and to comply with law" is one hedge over the whole list.
func splitMay(statement string) maySides {
	ms := maySides{hedged: termSet{}, firm: termSet{}}
	for _, sent := range strings.Split(clean(statement), ". ") {
		side := ms.firm
		if reMay.MatchString(sent) {
			side = ms.hedged
		}
		for _, t := range terms(sent) {
			side[t] = true
		}
	}
	return ms
}

// firmSideAnswers reports whether a question is about what a hedged
// statement states firmly: "Kora Studio may process personal information in
// other countries. Where required by law, it uses appropriate safeguards
// ..., such as Standard Contractual Clauses" answers "Do you rely on SCCs
// for transfers?" but not "Do you store data outside the EEA?". The
// question's words must weigh more in the firm sentences than in the hedged.
func (e *Engine) firmSideAnswers(ci int, qt *question) bool {
	ms := e.ctlMaySides[ci]
	if len(ms.firm) == 0 || qt.isExcluding() {
		return false // ("... without safeguards?" asks the opposite of the firm part)
	}
	var firm, hedged float64
	for _, t := range uniq(qt.terms) {
		w := e.ctl.idf(t)
		if ms.firm[t] {
			firm += w
		}
		if ms.hedged[t] {
			hedged += w
		}
	}
	return firm > 2*hedged
}

// asksPossibility reports a question that asks whether something may
// happen ("May personal data be transferred in a merger?", "might backups
// retain deleted data?", "could data be disclosed to auditors?", "is it
// possible that ..."): a statement of what may happen answers it. "May we
// review your report?" asks leave, "Could you send it?" a favour.
func asksPossibility(cl string) bool {
	if mc := mainClauseClean(cl); mc != cl && mayOpens(mc) {
		return true // "If you are acquired, could our data be transferred?"
	}
	return mayOpens(cl)
}

// mayOpens is asksPossibility for a clause that opens the question.
func mayOpens(cl string) bool {
	if m := reMayOpen.FindStringSubmatch(cl); m != nil {
		// "might our data be processed abroad?" asks what may happen to
		// it; "may our auditors visit?" asks leave
		return !requesters[m[1]] || rePossessivePassive.MatchString(cl)
	}
	return rePossible.MatchString(cl)
}

// reAsksNoticeContents finds a question on what a privacy notice says
// ("Does your privacy notice describe international transfers?"): a
// published statement of what may happen is what the notice describes.
var reAsksNoticeContents = regexp.MustCompile(`\bprivacy (?:notice|policy|statement)s? (?:describe|explain|state|disclose|identify|include|cover|address|mention|list)s?\b|\b(?:describe|explain|disclose|state)s? (?:in|within) (?:your|the|its) privacy (?:notice|policy|statement)\b`)

var (
	reMayOpen = regexp.MustCompile(`^\W*(?:may|might|could)\s+([a-z'’-]+)`)
	// "might our personal data be ...", "could our data end up ...": what
	// may happen to what is ours
	rePossessivePassive = regexp.MustCompile(`^\W*(?:may|might|could)\s+our\s+(?:[a-z'’-]+\s+){1,3}(?:be\s+[a-z]+(?:ed|en)|end up|go over|go to)\b`)
	rePossible          = regexp.MustCompile(`\bis it possible (?:that|for)\b|\bis there (?:a|any) (?:possibility|chance)\b`)
	requesters          = map[string]bool{"we": true, "i": true, "our": true, "you": true}
)

// leadingPrepositions may open a wh-question: "to what", "in which".
var leadingPrepositions = map[string]bool{"to": true, "in": true, "for": true, "at": true, "on": true, "by": true, "with": true, "from": true, "of": true, "under": true}

// reAsksNumber and reAsksName find a question that asks for a fact a
// narrative must give: a number ("how many data centers", "how long",
// "how often") or a name ("who is your provider", "what is the name of").
var (
	reAsksNumber   = regexp.MustCompile(`^\W*(?:(?:to|in|for|at|on|by|with|from|of)\s+)?how (?:many|much|long|often|frequently|soon|quickly)\b`)
	reAsksProvider = regexp.MustCompile(`^\W*what\s+(?:[a-z-]+\s+){0,2}(?:processors|gateways|providers|vendors|companies|firms|tools|products)\b`)
	reAsksLink     = regexp.MustCompile(`\b(?:link|url|web address|web page|webpage)\b`)
	// a place: "where is data hosted", "in which country", "which regions"
	reAsksPlace = regexp.MustCompile(`^\W*(?:where\b|(?:(?:in|from|to)\s+)?(?:which|what)\s+(?:[a-z-]+\s+){0,1}(?:country|countries|region|regions|location|locations|jurisdiction|jurisdictions|state|states|city|cities)\b|list (?:all |the )?(?:countries|regions|locations)\b)`)
	// "where can we find your DPA" asks where a reader gets it, not a place
	reAsksWhereToFind = regexp.MustCompile(`^\W*where\s+(?:can|could|may|might|should|do|does|would|will)\s+(?:we|i|one|customers?|users?|the [a-z]+|an? [a-z]+)\b`)
	// rePlace finds a place a narrative may name
	rePlace = regexp.MustCompile(`\b(?:united states|u\.s\.|usa|america|canada|mexico|brazil|european union|eu|eea|europe|united kingdom|uk|ireland|germany|france|netherlands|sweden|switzerland|spain|italy|poland|india|japan|singapore|australia|new zealand|china|korea|israel|south africa|uae|[a-z]{2}-[a-z]+-\d)\b`)
	// "who owns the data?" is answered by a statement of who owns it
	reAsksOwner   = regexp.MustCompile(`^\W*who\s+(?:owns|retains ownership|has ownership|holds ownership)\b`)
	reStatesOwner = regexp.MustCompile(`\b(?:own|owns|owned|ownership|belongs?|belonging)\b`)
	// "who can customers contact ...?" is answered by an address to write to
	reAsksContact  = regexp.MustCompile(`\bcontact\b`)
	reContactPoint = regexp.MustCompile(`[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|https?://`)
	// a secret's place is the store that keeps it: "where is the root
	// password kept?" is answered by "in a secrets manager", not a country
	reAsksSecret  = regexp.MustCompile(`\b(?:passwords?|credentials?|secrets?|keys?|tokens?|certificates?)\b`)
	reSecretStore = regexp.MustCompile(`\b(?:vaults?|secrets? manage(?:r|rs|ment)|key management (?:service|system)s?|kms|hsms?|hardware security modules?|password managers?|safes?)\b`)
	reAsksName    = regexp.MustCompile(`^\W*(?:(?:to|in|for|at|on|by|with|from|of)\s+)?(?:who\b|which\s+(?:[a-z0-9/-]+\s+){0,2}(?:company|companies|provider|providers|vendor|vendors|firm|firms|standard|standards|product|products|tool|tools)\b|what (?:company|companies|provider|providers|vendor|vendors|firm|firms|standards?)\b|what(?:'s| is| are) the names? of\b)`)
)

// asksFact reports a question that asks for a fact (a number, a name, a
// link, a place): factMissing, not the residue, says whether a narrative
// answers it.
func asksFact(question string) bool {
	q := stripLeadingJunk(mainClauseClean(question))
	return reAsksNumber.MatchString(q) || reAsksName.MatchString(q) || reAsksProvider.MatchString(q) || reAsksLink.MatchString(q) || reAsksPlace.MatchString(q)
}

// factMissing says what fact a descriptive question asks for that the
// narrative does not give, or "".
func factMissing(question, narr string) string {
	q := stripLeadingJunk(mainClauseClean(question))
	switch {
	case reAsksNumber.MatchString(q) && !hasDigit(narr):
		return "the question asks for a number or a period"
	case (reAsksName.MatchString(q) || reAsksProvider.MatchString(q)) && !(reAsksContact.MatchString(q) && reContactPoint.MatchString(narr)) &&
		!(reAsksOwner.MatchString(q) && reStatesOwner.MatchString(clean(narr))):
		return "the question asks for a name"
	case reAsksLink.MatchString(q) && !strings.Contains(narr, "http") && !strings.Contains(narr, "www."):
		return "the question asks for a link"
	case reAsksPlace.MatchString(q) && !reAsksWhereToFind.MatchString(q) && !rePlace.MatchString(clean(narr)) &&
		!(reAsksSecret.MatchString(q) && reSecretStore.MatchString(clean(narr))):
		return "the question asks for a place"
	}
	return ""
}

// openMaxResidue is the most of a descriptive question's residue a control
// may lack and still give the narrative that answers it.
const openMaxResidue = 0.6

// sentenceChoice picks, from a dropdown whose values are answers in words
// ("Robust: We have procedures in place to log and monitor ...", "We keep
// the root password in a secure location ..."), the first value (the
// strongest, as questionnaires order them) that the control supports: no
// negation, every qualifier it claims stated, nothing the caveat denies,
// and at least half of its words found in the control or the question. ok is false
// when the values are not sentences or none is supported.
func (e *Engine) sentenceChoice(ci int, allowed []string, qt *question) (string, bool) {
	if len(allowed) < 2 {
		return "", false
	}
	for _, a := range allowed {
		if len(strings.Fields(a)) <= 3 || classify(a) != "" {
			return "", false // not a dropdown of sentences
		}
	}
	have := setOf(qt.terms)
	for _, a := range allowed {
		cl := clean(a)
		if cueCount(cl, false) > 0 {
			continue // "We are not quite that protective ..."
		}
		if miss := e.ctlSup[ci].missing(askedQualifiers(qualifierSeqClean(cl))); len(miss) > 0 {
			continue
		}
		if len(questionDenied(a, e.ctlDenied[ci])) > 0 {
			continue
		}
		if n, found := e.wordsHeld(a, []int{ci}, have); n > 0 && float64(found) >= sentenceSupport*float64(n) {
			return a, true
		}
	}
	return "", false
}

// sentenceSupport is the share of a dropdown sentence's words that the
// control or the question must hold for the sentence to be its answer.
const sentenceSupport = 0.5

// reFollowBuyers finds a question that asks the vendor to follow the
// buyer's own policies or terms ("Will you comply with the Institution's IT
// policies ...?"): no control of the vendor's answers that.
var reFollowBuyers = regexp.MustCompile(`\b(?:comply with|adhere to|abide by|follow|conform to)\s+(?:the |your |our )?(?:institution|customer|client|district|university|college|school|agency|company|organization)(?:'s|s'|’s)?\s+(?:own\s+)?(?:it\s+|security\s+|privacy\s+)?(?:policies|policy|terms|standards|requirements|rules)\b` +
	// "sign the customer's DPA", "sign our data protection addendum"
	`|\bsign\s+(?:the |your |our )?(?:institution|customer|client|district|university|college|school|agency|company|organization)?(?:'s|s'|’s)?\s*(?:own\s+)?(?:dpa|nda|baa|contract|agreement|addendum|terms|data (?:processing|protection|privacy) (?:agreement|addendum))\b`)

// reVendorStaff finds a question about the vendor's own people ("Do your
// administrators ...", "your employees").
var reVendorStaff = regexp.MustCompile(`\byour (?:own )?(?:administrators|admins|employees|staff|personnel|engineers|developers|workforce|system administrators|domain administrators)\b`)

// reCustomerOnly finds a statement of what customers can do themselves
// ("Customers can manage users, roles and access within their own
// organization"), which says nothing of the vendor's own practice.
var reCustomerOnly = regexp.MustCompile(`^\W*(?:customers?|users?|tenants?|individuals|recipients)\s+(?:can|may)\b`)

// rePersonnelStatement finds a statement about the vendor's own people
// ("Personnel access to personal data goes through secure authentication").
var rePersonnelStatement = regexp.MustCompile(`\b(?:personnel|employees|staff|workforce|internal access)\b`)

// reAsksProduct finds a question on what the product does ("does your
// solution support", "does the application provide").
var reAsksProduct = regexp.MustCompile(`\b(?:does|do|can|will) (?:your|the) (?:solution|application|app|system|product|platform|software|service)s? (?:support|provide|offer|allow|enable|have)\b`)

// reAsksPersonnel finds a question that is about people.
var reAsksPersonnel = regexp.MustCompile(`\b(?:personnel|employees?|staff|workforce|engineers|developers)\b`)

// reSecondAsk finds a second question joined to the first ("Is your change
// management process documented, and does it classify changes by impact
// and size?"): the clause after ", and does it" is asked as well.
var reSecondAsk = regexp.MustCompile(`,\s*and\s+(?:does|do|is|are|has|have|can|will|was|were)\s+(?:it|they|this|these|that|those|you|your|the)\b\s*([^?]+)`)

// secondAskSupport is the share of the second ask's words that the
// answering controls must hold.
const secondAskSupport = 0.5

// unsupportedSecondAsk returns the second ask of a compound question when
// the controls hold too few of its words, else "". An ask that names a
// qualifier (documented, tested, annually ...) is left to the qualifier
// check, which knows what the catalog states of it.
func (e *Engine) unsupportedSecondAsk(qt *question, refs []int, also termSet) string {
	m := reSecondAsk.FindStringSubmatch(qt.clean)
	if m == nil {
		return ""
	}
	ask := strings.TrimSpace(m[1])
	if asked, _ := askedQualifiers(qualifierSeqClean(ask)); len(asked) > 0 {
		return ""
	}
	if n, found := e.wordsHeld(ask, refs, also); n < 2 || float64(found) >= secondAskSupport*float64(n) {
		return ""
	}
	return ask
}

// wordsHeld counts the words of text that say something (not generic
// stems) and how many of them the controls refs or also hold.
func (e *Engine) wordsHeld(text string, refs []int, also termSet) (n, found int) {
	for _, t := range uniq(terms(text)) {
		if genericStems[t] {
			continue
		}
		n++
		if also[t] {
			found++
			continue
		}
		for _, ci := range refs {
			if e.ctlWords[ci][t] {
				found++
				break
			}
		}
	}
	return n, found
}
