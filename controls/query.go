package controls

import (
	"fmt"
	"strings"
	"time"
)

// Filter selects controls. Empty fields match everything.
type Filter struct {
	Domain    string
	Status    Status
	Framework string // only controls mapped to this framework key
	Text      string // case-insensitive substring of id, title, statement or keywords
}

// Select returns the controls that match f, in catalog order.
func (c *Catalog) Select(f Filter) []Control {
	var out []Control
	text := strings.ToLower(f.Text)
	for _, ct := range c.Controls {
		if f.Domain != "" && !strings.EqualFold(ct.Domain, f.Domain) {
			continue
		}
		if f.Status != "" && ct.Status != f.Status {
			continue
		}
		if f.Framework != "" && len(ct.Frameworks[strings.ToLower(f.Framework)]) == 0 {
			continue
		}
		if text != "" && !strings.Contains(strings.ToLower(ct.ID+" "+ct.Title+" "+ct.Statement+" "+strings.Join(ct.Keywords, " ")), text) {
			continue
		}
		out = append(out, ct)
	}
	return out
}

// ByFramework returns the controls mapped to a framework criterion, e.g.
// ("caiq", "CEK-03"). IDs compare case-insensitively.
func (c *Catalog) ByFramework(framework, id string) []Control {
	var out []Control
	for _, ct := range c.Controls {
		for _, ref := range ct.Frameworks[framework] {
			if strings.EqualFold(ref, id) {
				out = append(out, ct)
				break
			}
		}
	}
	return out
}

// day is t's calendar day at 00:00 UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// expiredOn reports whether e expired before the day of asOf.
func (e Evidence) expiredOn(asOf time.Time) bool {
	return !e.Expires.IsZero() && e.Expires.Before(day(asOf))
}

// supersededBy returns the index of a newer item of evidence that is valid
// on asOf and has e's name or kind, or -1. Newer means collected later, or,
// without collection dates, expiring later.
func supersededBy(ev []Evidence, i int, asOf time.Time) int {
	e := ev[i]
	for j, n := range ev {
		if j == i || n.expiredOn(asOf) {
			continue
		}
		same := strings.EqualFold(strings.TrimSpace(n.Name), strings.TrimSpace(e.Name)) ||
			(e.Kind != "" && strings.EqualFold(n.Kind, e.Kind))
		newer := (!n.Collected.IsZero() && !e.Collected.IsZero() && n.Collected.After(e.Collected.Time)) ||
			((n.Collected.IsZero() || e.Collected.IsZero()) && (n.Expires.IsZero() || n.Expires.After(e.Expires.Time)))
		if same && newer {
			return j
		}
	}
	return -1
}

// CurrentEvidence returns the evidence that still counts on asOf: every
// item except the expired ones that a newer valid item of the same name or
// kind supersedes. Expired items nothing supersedes stay in (ExpiredEvidence
// names them): they still block an answer.
func (ct Control) CurrentEvidence(asOf time.Time) []Evidence {
	var out []Evidence
	for i, e := range ct.Evidence {
		if e.expiredOn(asOf) && supersededBy(ct.Evidence, i, asOf) >= 0 {
			continue
		}
		out = append(out, e)
	}
	return out
}

// ExpiredEvidence returns the control's evidence expired on asOf that no
// newer valid item of the same name or kind supersedes: what sends an
// answer to review.
func (ct Control) ExpiredEvidence(asOf time.Time) []Evidence {
	var out []Evidence
	for _, e := range ct.CurrentEvidence(asOf) {
		if e.expiredOn(asOf) {
			out = append(out, e)
		}
	}
	return out
}

// SupersededEvidence pairs each expired item that a newer valid one
// supersedes with that newer item, in catalog order.
func (ct Control) SupersededEvidence(asOf time.Time) [][2]Evidence {
	var out [][2]Evidence
	for i, e := range ct.Evidence {
		if e.expiredOn(asOf) {
			if j := supersededBy(ct.Evidence, i, asOf); j >= 0 {
				out = append(out, [2]Evidence{e, ct.Evidence[j]})
			}
		}
	}
	return out
}

// ReviewDue returns the date the control's next review is due, or false when
// it has no review interval or was never reviewed.
func (ct Control) ReviewDue() (Date, bool) {
	if ct.ReviewEvery.IsZero() || ct.Reviewed.IsZero() {
		return Date{}, false
	}
	return ct.ReviewEvery.AddTo(ct.Reviewed), true
}

// ReviewOverdue reports whether the control's review was due before the day
// of asOf, and when it was (or will be) due; due is zero when the control has
// no review interval or was never reviewed. vouch gaps reports the same
// controls as review-overdue.
func (ct Control) ReviewOverdue(asOf time.Time) (overdue bool, due time.Time) {
	d, ok := ct.ReviewDue()
	if !ok {
		return false, time.Time{}
	}
	return d.Before(day(asOf)), d.Time
}

// IsDraft reports whether the control is a draft (claims nothing yet).
func (ct Control) IsDraft() bool { return ct.Status == Draft }

// ParseEvidence parses "name=TLS scan,ref=evidence/tls.pdf,collected=2026-11-01,expires=2027-11-01".
// A value may not contain a comma.
func ParseEvidence(s string) (Evidence, error) {
	var e Evidence
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return e, fmt.Errorf("evidence %q: %q is not key=value", s, part)
		}
		k, v = strings.TrimSpace(strings.ToLower(k)), strings.TrimSpace(v)
		var err error
		switch k {
		case "name":
			e.Name = v
		case "kind":
			e.Kind = v
		case "ref":
			e.Ref = v
		case "collected":
			e.Collected, err = ParseDate(v)
		case "expires":
			e.Expires, err = ParseDate(v)
		default:
			return e, fmt.Errorf("evidence: unknown key %q (want name, kind, ref, collected, expires)", k)
		}
		if err != nil {
			return e, fmt.Errorf("evidence %s: %w", k, err)
		}
	}
	if e.Name == "" {
		return e, fmt.Errorf("evidence %q has no name= (e.g. name=TLS scan,ref=evidence/tls.pdf)", s)
	}
	if !e.Collected.IsZero() && !e.Expires.IsZero() && e.Expires.Before(e.Collected.Time) {
		return e, fmt.Errorf("evidence %q expires before it was collected", e.Name)
	}
	return e, nil
}
