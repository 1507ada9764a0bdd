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

// ExpiredEvidence returns the control's evidence expired on asOf.
func (ct Control) ExpiredEvidence(asOf time.Time) []Evidence {
	var out []Evidence
	for _, e := range ct.Evidence {
		if !e.Expires.IsZero() && e.Expires.Before(asOf) {
			out = append(out, e)
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
