package dpa

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Clause numbering and cross-references, resolved after the template runs
// and before the Markdown is parsed, so that no template types a number:
//
//	## Purpose {#purpose}          a numbered clause: "## 1. Purpose"
//	#. The information ...         its next sub-clause: "1.1 The information ..."
//	#{#use}. The Recipient ...     a sub-clause with a label: "1.2 ..."
//	... in section (#purpose) ...  a reference: "... in section 1 ..."
//
// Numbering restarts under each first-level heading (each annex). Catalog
// values never hold these marks: every "#" in them is escaped.

var (
	clauseHeading = regexp.MustCompile(`^(##\s+)(.*?)\s*\{#([a-z][a-z0-9-]*)\}\s*$`)
	subClause     = regexp.MustCompile(`^#(\{#([a-z][a-z0-9-]*)\})?\.\s+`)
	clauseRef     = regexp.MustCompile(`\(#([a-z][a-z0-9-]*)\)`)
)

// ClauseError is a clause mark that does not resolve: a reference to no
// label, a label defined twice, a clause that refers to itself.
type ClauseError struct {
	Line int
	Msg  string
}

func (e *ClauseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// numberClauses resolves the clause marks of Markdown src.
func numberClauses(src []byte) ([]byte, error) {
	lines := strings.Split(string(src), "\n")
	labels := map[string]string{}
	where := map[string]int{}           // label -> line
	numbered, clause, sub := 0, 0, 0    // clauses so far; the current one (-1: an unnumbered section)
	owner := make([]string, len(lines)) // the number of the clause each line is in
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "# "):
			numbered, clause, sub = 0, 0, 0
		case clauseHeading.MatchString(l):
			m := clauseHeading.FindStringSubmatch(l)
			numbered++
			clause, sub = numbered, 0
			n := strconv.Itoa(clause)
			if _, dup := labels[m[3]]; dup {
				return nil, &ClauseError{i + 1, fmt.Sprintf("the label {#%s} is defined twice (first on line %d)", m[3], where[m[3]])}
			}
			labels[m[3]], where[m[3]] = n, i+1
			lines[i] = m[1] + n + ". " + m[2]
		case strings.HasPrefix(l, "## "):
			// An unnumbered section (Parties, Signatures): sub-clauses
			// cannot follow it.
			clause, sub = -1, 0
		case subClause.MatchString(l):
			if clause <= 0 {
				return nil, &ClauseError{i + 1, "a numbered sub-clause (#.) outside a numbered clause"}
			}
			m := subClause.FindStringSubmatch(l)
			sub++
			n := strconv.Itoa(clause) + "." + strconv.Itoa(sub)
			if m[2] != "" {
				if _, dup := labels[m[2]]; dup {
					return nil, &ClauseError{i + 1, fmt.Sprintf("the label {#%s} is defined twice (first on line %d)", m[2], where[m[2]])}
				}
				labels[m[2]], where[m[2]] = n, i+1
			}
			lines[i] = n + " " + l[len(m[0]):]
		}
		if clause > 0 {
			owner[i] = strconv.Itoa(clause)
			if sub > 0 {
				owner[i] += "." + strconv.Itoa(sub)
			}
		}
	}
	for i, l := range lines {
		var err error
		lines[i] = clauseRef.ReplaceAllStringFunc(l, func(ref string) string {
			label := ref[2 : len(ref)-1]
			n, ok := labels[label]
			switch {
			case !ok:
				err = &ClauseError{i + 1, fmt.Sprintf("the reference (#%s) names no clause", label)}
			case n == owner[i]:
				err = &ClauseError{i + 1, fmt.Sprintf("clause %s refers to itself (#%s)", n, label)}
			}
			return n
		})
		if err != nil {
			return nil, err
		}
	}
	return []byte(strings.Join(lines, "\n")), nil
}
