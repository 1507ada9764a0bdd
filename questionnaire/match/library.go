package match

import (
	"fmt"
	"strings"

	"github.com/vouchcli/vouch/controls"
)

// The answer library as the fill uses it: entries are claims, matched and
// checked like controls (libraryCandidates, fromLibrary); form fields are
// kept apart; certifications the catalog does not list may be answered from
// the vendor's own past answer; a catalog that says otherwise wins.

// formField answers a form field: from company.yaml, with a learned value
// of the same field as a check (a disagreement goes to review) or, when
// company.yaml lacks the value, as a suggestion for the reviewer. A learned
// field is never written by itself: names, e-mails and URLs go stale, and
// company.yaml is where they are kept true. ok is false when the text is
// not a field vouch recognises and nothing was learned for it.
func (e *Engine) formField(qt *question, lib []scored) (Result, bool) {
	if r, ok := e.dateField(qt.clean); ok { // today's date: nothing learned applies
		return r, true
	}
	var learned *controls.Answer
	for _, s := range lib {
		if s.Confidence >= sameQuestionSim && e.libs[s.ref].field {
			learned = &e.cat.Library[s.ref]
			break
		}
	}
	r, ok := e.companyField(qt.clean)
	switch {
	case ok && r.Status == StatusAnswered && learned != nil && !sameValue(r.Answer, learnedValue(learned)):
		r = review(r, fmt.Sprintf("company.yaml says %q, but library %s (%s) answered %q: which is current?",
			r.Answer, learned.ID, sourceOf(learned), learnedValue(learned)))
		r.Library = learned.ID
		return r, true
	case ok:
		if r.Status != StatusAnswered && learned != nil {
			r.Comment += fmt.Sprintf("; library %s (%s) answered %q: add it to company.yaml if it is still true", learned.ID, sourceOf(learned), learnedValue(learned))
			r.Library = learned.ID
		}
		return r, true
	case learned != nil:
		r = review(Result{Library: learned.ID}, fmt.Sprintf("a form field; library %s (%s) answered %q: vouch fills fields from company.yaml only", learned.ID, sourceOf(learned), learnedValue(learned)))
		return r, true
	case isField(qt.clean):
		return review(Result{}, "a form field, not a question the catalog answers"), true
	}
	return Result{}, false
}

func learnedValue(a *controls.Answer) string {
	if v := strings.TrimSpace(a.Answer); v != "" {
		return v
	}
	return strings.TrimSpace(a.Narrative)
}

func sameValue(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// sourceOf says where an entry was learned: "file.xlsx, sheet, row 12, ID, learned 2026-11-02".
func sourceOf(a *controls.Answer) string {
	if len(a.Sources) == 0 {
		return "no source recorded"
	}
	return a.Sources[len(a.Sources)-1].Describe(false)
}

// certQuestion answers a question that names certifications. The catalog's
// certifications decide; where it lists none of a named one, the vendor's
// own past answer to the same question is reused and cited. A learned Yes
// for a certification the catalog records as not held is a conflict: the
// catalog wins, and the reason says so.
func (e *Engine) certQuestion(q Query, qt *question, ms []certMention, lib []scored) Result {
	var best *scored
	if len(lib) > 0 && lib[0].Confidence >= e.libBar() && !e.libs[lib[0].ref].field {
		best = &lib[0]
	}
	unlisted := ""
	for _, m := range ms {
		if findCert(e.cat, m) == nil {
			unlisted = m.label
			break
		}
	}
	if best != nil {
		a := &e.cat.Library[best.ref]
		v := libraryVerdict(a)
		if unlisted != "" || v == VerdictNo || v == VerdictNA {
			r := e.fromLibrary(q, qt, *best)
			if unlisted != "" {
				r.Reasons = append(r.Reasons, fmt.Sprintf("the catalog does not list %s: the vendor's own answer in library %s (%s) is reused", unlisted, a.ID, sourceOf(a)))
			}
			return r
		}
		r := e.certMentioned(q, qt, ms)
		if r.Status != StatusAnswered && (v == VerdictYes || v == VerdictPartial) {
			r.Reasons = append(r.Reasons, fmt.Sprintf("conflict: library %s (%s) answered %s, but the catalog does not hold the certification: the catalog wins", a.ID, sourceOf(a), a.Answer))
			r.Library = a.ID
		}
		return r
	}
	return e.certMentioned(q, qt, ms)
}

// libraryDisagreement sends an answer to review when another entry about
// the same question answers the opposite: Yes in one questionnaire, No in
// another.
func (e *Engine) libraryDisagreement(r Result, lib []scored) Result {
	if len(lib) < 2 || r.Library == "" {
		return r
	}
	first := &e.cat.Library[lib[0].ref]
	v1 := libraryVerdict(first)
	for _, s := range lib[1:] {
		if s.Confidence < e.libBar() {
			break
		}
		other := &e.cat.Library[s.ref]
		if v2 := libraryVerdict(other); (v1 == VerdictYes && v2 == VerdictNo) || (v1 == VerdictNo && v2 == VerdictYes) {
			return review(r, fmt.Sprintf("conflict: library %s (%s) answers %s and library %s (%s) answers %s to the same question",
				first.ID, sourceOf(first), first.Answer, other.ID, sourceOf(other), other.Answer))
		}
	}
	return r
}

// tooOld reports a library entry last learned longer ago than MaxAge.
func (e *Engine) tooOld(a *controls.Answer) (string, bool) {
	if e.maxAge.N <= 0 {
		return "", false
	}
	var newest controls.Date
	for _, s := range a.Sources {
		if s.Learned.After(newest.Time) {
			newest = s.Learned
		}
	}
	if newest.IsZero() {
		return fmt.Sprintf("library %s has no learned date and --max-age %s is set", a.ID, e.maxAge.String()), true
	}
	if limit := e.maxAge.AddTo(newest); dateOnly(limit.Time).Before(dateOnly(e.asOf)) {
		return fmt.Sprintf("library %s was learned %s, longer ago than --max-age %s", a.ID, newest.String(), e.maxAge.String()), true
	}
	return "", false
}
