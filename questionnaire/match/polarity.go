package match

import (
	"regexp"
	"strings"
)

// Polarity. Many controls are negative commitments ("Kora Studio does not
// sell customer data"). A question "Do you sell customer data?" matched to
// such a control is answered No; "Do you refrain from selling customer
// data?" or "Do you prohibit the sale ...?" is answered Yes. When the
// question and the control disagree in a way the engine cannot read, the
// row goes to review.

// strongCues negate whatever they are in.
var strongCues = map[string]bool{
	"not": true, "no": true, "never": true, "nor": true, "neither": true, "none": true, "nobody": true, "nothing": true,
	"refrain": true, "refrains": true, "refrained": true, "refraining": true, "abstain": true, "abstains": true,
	"forbid": true, "forbids": true, "forbidden": true, "prohibit": true, "prohibits": true, "prohibited": true,
	"prohibiting": true, "avoid": true, "avoids": true, "avoiding": true,
}

// weakCues read as negative only against a negative control: "Do you
// prevent the sale of customer data?" agrees with "does not sell".
var weakCues = map[string]bool{
	"prevent": true, "prevents": true, "preventing": true, "restrict": true, "restricts": true, "block": true,
	"blocks": true, "ban": true, "bans": true, "disallow": true, "disallows": true, "preclude": true, "precludes": true,
	"stop": true, "stops": true, "exclude": true, "excludes": true,
}

// idioms hold a cue word without negating the question.
var reIdioms = regexp.MustCompile(`\b(whether or not|or not|not applicable|no later than|not later than|no more than|not more than|no less than|not less than|not only|if not|if no|if there (?:is|are) none|if none` +
	// a purpose, not a negation: "a root cause review so it does not happen again"
	`|(?:does|do|will|would|did|can|could|should) not (?:happen|recur|occur|repeat)(?: again)?)\b|\bn/a\b`)

// reFollowUp cuts follow-up clauses ("If not, please explain"; "If yes, ...").
var reFollowUp = regexp.MustCompile(`(?:[.,;:?!(]\s*|^|\s)(if (?:not|no|yes|so|applicable|the answer)|otherwise|where this is not)\b.*$`)

// mainClause is the part of a question that carries its polarity: the
// first sentence that ends with a question mark (or the whole text), without
// follow-up clauses.
func mainClause(text string) string { return mainClauseClean(clean(text)) }

// mainClauseClean is mainClause for text that is already clean.
func mainClauseClean(s string) string {
	if i := strings.IndexByte(s, '?'); i >= 0 {
		start := strings.LastIndexAny(s[:i], ".!:\n") + 1
		s = s[start : i+1]
	}
	// Every follow-up clause holds one of these.
	s = replaceIf(reFollowUp, s, "", "if ", "otherwise", "where this is not")
	// A leading condition ("For customers not using SSO, does ...") does
	// not negate the question.
	if at, ok := conditionEnd(s); ok {
		s = s[at:]
	}
	return s
}

// cueCount counts negation cues in clean text.
func cueCount(s string, weak bool) int {
	strong, w := cues(s)
	if weak {
		return strong + w
	}
	return strong
}

// cues counts the strong negation cues in clean text, and the weak ones.
func cues(s string) (strong, weak int) {
	// Every idiom holds "no" (not, no) at the start of a word, or "n/a".
	if hinted(s, "no") || strings.Contains(s, "n/a") {
		s = reIdioms.ReplaceAllString(s, " ")
	}
	for _, t := range split(s) {
		switch {
		case strongCues[t]:
			strong++
		case weakCues[t]:
			weak++
		}
	}
	return strong, weak
}

// excludes reports a question that asks about a practice without what a
// control would state with it, or for other ends: "shared with third
// parties without contractual safeguards", "accessed without
// authentication", "for purposes other than providing the service". It
// is read against a control that does not say so itself.
func excludes(text string) bool { return excludesClean(mainClause(text)) }

// excludesClean is excludes for a main clause already found.
func excludesClean(mc string) bool {
	if strings.Contains(mc, "other than") {
		return true
	}
	if !strings.Contains(mc, "without") {
		return false
	}
	for _, t := range split(reExclusionIdioms.ReplaceAllString(mc, " ")) {
		if t == "without" {
			return true
		}
	}
	return false
}

// reExclusionIdioms hold "without" and exclude nothing.
var reExclusionIdioms = regexp.MustCompile(`\b(?:without undue delay|without delay|with or without|without limitation)\b`)

// negated reports whether a question (or any text) asks in the negative.
func negated(text string) bool { return cueCount(mainClause(text), false) > 0 }

// negatedWeak also counts weak cues (prevent, restrict, block, ...).
func negatedWeak(text string) bool { return cueCount(mainClause(text), true) > 0 }

// reNegStart finds a negation among the first words of a statement:
// "Kora Studio does not sell ...", "X is not directed to children".
var reNegStart = regexp.MustCompile(`^(?:\S+\s+){0,5}?(?:does not|do not|is not|are not|will not|shall not|never|has never|have never|no longer)\b`)

// negativeControl reports whether a control (or library answer) is a
// negative commitment: its title says "No ..." or "... not ...", or its
// statement denies in its first words.
func negativeControl(title, statement string) bool {
	t := clean(title)
	if strings.HasPrefix(t, "no ") || strings.HasPrefix(t, "not ") || strings.HasPrefix(t, "never ") {
		return true
	}
	for _, w := range split(t) {
		if w == "not" || w == "never" {
			return true
		}
	}
	first := clean(statement)
	if i := strings.IndexAny(first, ".;"); i >= 0 {
		first = first[:i]
	}
	return reNegStart.MatchString(first)
}

var reClause = regexp.MustCompile(`[;,:()]|\.(?:\s|$)`)

// positiveClauses returns the clauses of text that hold no negation cue:
// a caveat saying "does not claim independent penetration testing" must not
// satisfy a question about independent penetration testing.
func positiveClauses(text string) string {
	parts := reClause.Split(clean(text), -1)
	var keep []string
	for _, p := range parts {
		if cueCount(p, false) == 0 {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " . ")
}

// reSentence splits text into sentences and semicolon clauses.
var reSentence = regexp.MustCompile(`;|\.(?:\s|$)`)

// caveatClaims returns the sentences of a caveat that deny nothing: what a
// caveat states positively ("Applies to individuals in the EEA and UK").
// A sentence with a negation anywhere ("Backup frequency, recovery
// objectives and recovery testing are not published") states none of its
// words, not even those before the negation.
func caveatClaims(text string) string {
	var keep []string
	for _, p := range reSentence.Split(clean(text), -1) {
		if cueCount(p, false) == 0 {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " . ")
}

// statementSides splits a negative commitment's statement into the
// sentences that deny and those that state a practice ("Kora Studio is not
// directed to children ... If told that a child has provided personal
// information, Kora Studio takes appropriate steps to delete it.") and
// returns the concepts of each side; pos is nil when no sentence states a
// practice. Sentences, not clauses: a denial's cue scopes over the clauses
// its sentence lists.
func (v *vocabulary) statementSides(statement string) (pos, neg conceptSet) {
	for _, sent := range strings.Split(clean(statement), ". ") {
		if strings.TrimSpace(sent) == "" {
			continue
		}
		if cueCount(sent, false) == 0 {
			if pos == nil {
				pos = conceptSet{}
			}
			v.tagText(pos, sent, 1)
		} else {
			if neg == nil {
				neg = conceptSet{}
			}
			v.tagText(neg, sent, 1)
		}
	}
	if pos == nil {
		return nil, nil
	}
	if neg == nil {
		neg = conceptSet{}
	}
	return v.closure(pos), v.closure(neg)
}

// practiceSideAnswers reports whether a question is about the practice that
// a negative commitment also states, not about what it denies: the
// sentences that state a practice cover every concept of the question's
// subject, and more of them than the denying sentences do ("If you learn
// that a child's data was collected, do you delete it?").
func practiceSideAnswers(subject []int, pos, neg conceptSet) bool {
	if pos == nil || len(subject) == 0 {
		return false
	}
	p, n := 0, 0
	for _, c := range subject {
		if pos[c] > 0 {
			p++
		}
		if neg[c] > 0 {
			n++
		}
	}
	return p == len(subject) && p > n
}
