package match

import (
	"fmt"
	"strings"
)

// A question that offers alternatives joined by "and/or" ("a web
// application firewall (WAF) and/or a stateful packet inspection (SPI)
// firewall") is answered Yes by either: it is read as two questions, one per
// alternative, each decided with every check a question gets. Only a Yes
// carries over; a No or a review of one alternative says nothing of the
// other, so the whole question is then decided as it stands, and a No to it
// goes to review.

// eitherVariants returns the two questions of a text that holds one
// "and/or" between two noun phrases, each opened by an article: "Do you use
// a WAF and/or an IPS?" gives "Do you use a WAF?" and "Do you use an IPS?".
// Anything else gives nil.
func eitherVariants(text string) []string {
	const sep = " and/or "
	i := strings.Index(strings.ToLower(text), sep)
	if i < 0 || strings.Contains(strings.ToLower(text[i+len(sep):]), sep) {
		return nil
	}
	left, right := text[:i], text[i+len(sep):]
	art := articleAt(right)
	if art == "" {
		return nil
	}
	// where the first alternative begins: its article, the last one in the
	// clause before "and/or"
	start := -1
	lower := strings.ToLower(left)
	for _, a := range []string{" a ", " an ", " the "} {
		if j := strings.LastIndex(lower, a); j > start {
			start = j
		}
	}
	if start < 0 || strings.ContainsAny(left[start:], ",;?") {
		return nil
	}
	end := strings.IndexAny(right, "?")
	if end < 0 {
		return nil
	}
	rest := right[end:] // "?" and what follows it
	return []string{
		strings.TrimSpace(left) + rest,
		strings.TrimSpace(left[:start]) + " " + strings.TrimSpace(right[:end]) + rest,
	}
}

// articleAt returns the article that opens s ("a", "an", "the"), or "".
func articleAt(s string) string {
	for _, a := range []string{"a ", "an ", "the "} {
		if len(s) > len(a) && strings.EqualFold(s[:len(a)], a) {
			return a
		}
	}
	return ""
}

// eitherAnswer answers q through its alternatives vs (eitherVariants):
// the first that is answered Yes, with a reason that says which one. ok is
// false when neither is a Yes; Answer then decides the question as it
// stands, and sends a No to review.
func (e *Engine) eitherAnswer(q Query, vs []string) (Result, bool) {
	for _, v := range vs {
		alt := q
		alt.Text = v
		if r := e.Answer(alt); r.Status == StatusAnswered && r.Verdict == VerdictYes {
			r.Reasons = append(r.Reasons, fmt.Sprintf("the question asks for either of two; answered for %q", v))
			return r, true
		}
	}
	return Result{}, false
}
