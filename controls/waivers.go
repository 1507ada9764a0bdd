package controls

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
)

// WaiversFile is the catalog's list of accepted findings.
const WaiversFile = "waivers.yaml"

// Waiver accepts a known finding until a date: the finding is shown as
// waived and does not count for --fail-on. It comes back when the waiver
// expires.
type Waiver struct {
	// Finding is a finding id (GAP-certification-soc2) or a pattern where *
	// stands for any run of characters (GAP-hedged-*).
	Finding  string `yaml:"finding" json:"finding"`
	Reason   string `yaml:"reason" json:"reason"`
	Approver string `yaml:"approver" json:"approver"`
	Expires  Date   `yaml:"expires" json:"expires"` // the last day the waiver holds
	Line     int    `yaml:"-" json:"line,omitempty"`
}

// Matches reports whether the waiver names the finding id.
func (w Waiver) Matches(id string) bool {
	ok, err := path.Match(w.Finding, id)
	return err == nil && ok
}

// WaiverNote is what a waived finding carries of its waiver.
type WaiverNote struct {
	Finding  string `json:"finding" yaml:"finding"`
	Reason   string `json:"reason" yaml:"reason"`
	Approver string `json:"approver" yaml:"approver"`
	Expires  string `json:"expires" yaml:"expires"`
	Line     int    `json:"line,omitempty" yaml:"line,omitempty"`
}

// String is "until 2027-06-30, approved by Jane Doe: reason".
func (n WaiverNote) String() string {
	return fmt.Sprintf("until %s, approved by %s: %s", n.Expires, n.Approver, oneLineText(n.Reason))
}

func validateWaivers(ws []Waiver) []Problem {
	var ps []Problem
	seen := map[string]int{}
	for _, w := range ws {
		at := func(format string, args ...any) {
			ps = append(ps, Problem{File: WaiversFile, Line: w.Line, Msg: fmt.Sprintf(format, args...)})
		}
		name := w.Finding
		switch {
		case strings.TrimSpace(w.Finding) == "":
			at("a waiver names no finding (finding: a finding id or a pattern such as GAP-hedged-*)")
			name = "#"
		case strings.ContainsAny(w.Finding, "?[]\\"):
			at("waiver %s: only * may stand for other characters in a finding pattern", w.Finding)
		default:
			if first, dup := seen[w.Finding]; dup {
				at("waiver %s is listed twice (first at line %d)", w.Finding, first)
			}
			seen[w.Finding] = w.Line
		}
		if strings.TrimSpace(w.Reason) == "" {
			at("waiver %s has no reason", name)
		}
		if strings.TrimSpace(w.Approver) == "" {
			at("waiver %s has no approver", name)
		}
		if w.Expires.IsZero() {
			at("waiver %s has no expiry date (expires: YYYY-MM-DD): a waiver is for a time, not for ever", name)
		}
	}
	return ps
}

// applyWaivers marks the findings that an active waiver covers and adds a
// finding for each waiver that has expired or matches nothing.
func (g *gapper) applyWaivers() {
	used := make([]bool, len(g.cat.Waivers))
	for i := range g.findings {
		f := &g.findings[i]
		for j, w := range g.cat.Waivers {
			if !w.Matches(f.ID) {
				continue
			}
			used[j] = true
			if f.Waiver == nil && !g.expired(w.Expires) {
				f.Waiver = &WaiverNote{Finding: w.Finding, Reason: w.Reason, Approver: w.Approver, Expires: w.Expires.String(), Line: w.Line}
			}
		}
	}
	for j, w := range g.cat.Waivers {
		base := Finding{SubjectType: SubjectWaiver, Subject: w.Finding, File: WaiversFile, Line: w.Line, Owner: w.Approver, Date: w.Expires.String()}
		switch {
		case g.expired(w.Expires):
			f := base
			f.Kind, f.Severity = KindWaiverExpired, Medium
			f.Message = fmt.Sprintf("The waiver of %s expired on %s (approved by %s: %s); what it waived counts again.", w.Finding, w.Expires, w.Approver, oneLineText(w.Reason))
			f.Remedy = fmt.Sprintf("Close the gap, or have it approved again with a new expiry date in %s.", WaiversFile)
			g.add(f)
		case !used[j]:
			f := base
			f.Kind, f.Severity = KindWaiverUnmatched, Low
			f.Message = fmt.Sprintf("The waiver of %s matches no finding: the gap was closed, or its id changed.", w.Finding)
			f.Remedy = fmt.Sprintf("Remove the waiver from %s, or correct its finding id (see vouch gaps -o json).", WaiversFile)
			g.add(f)
		}
	}
}

// ReadBaseline reads the finding ids of an earlier `vouch gaps -o json`
// (its findings list), for GapOptions.Baseline.
func ReadBaseline(r io.Reader) (map[string]bool, error) {
	var rep struct {
		Findings *[]struct {
			ID string `json:"id"`
		} `json:"findings"`
	}
	lr := &io.LimitedReader{R: r, N: MaxFileSize + 1}
	if err := json.NewDecoder(lr).Decode(&rep); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("larger than %d MiB", MaxFileSize>>20)
		}
		return nil, fmt.Errorf("not the JSON output of vouch gaps -o json: %v", err)
	}
	if rep.Findings == nil {
		return nil, fmt.Errorf("not the JSON output of vouch gaps -o json: it has no findings list")
	}
	ids := map[string]bool{}
	for i, f := range *rep.Findings {
		if f.ID == "" {
			return nil, fmt.Errorf("finding #%d has no id", i+1)
		}
		ids[f.ID] = true
	}
	return ids, nil
}
