package controls

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/internal/text"
)

// Severity ranks a finding.
type Severity string

// Severities, most severe first.
const (
	High   Severity = "high"
	Medium Severity = "medium"
	Low    Severity = "low"
)

// Severities lists the severities, most severe first.
var Severities = []Severity{High, Medium, Low}

// ParseSeverity checks s against the severities.
func ParseSeverity(s string) (Severity, error) {
	for _, sv := range Severities {
		if strings.EqualFold(strings.TrimSpace(s), string(sv)) {
			return sv, nil
		}
	}
	return "", fmt.Errorf("invalid severity %q: want one of %s", s, joinStatuses(Severities))
}

// Rank is 0 for high, 1 for medium, 2 for low (and 3 for anything else).
func (s Severity) Rank() int {
	if i := slices.Index(Severities, s); i >= 0 {
		return i
	}
	return len(Severities)
}

// AtLeast reports whether s is as severe as min or more.
func (s Severity) AtLeast(min Severity) bool { return s.Rank() <= min.Rank() }

// Kind is the kind of a finding. Kinds are part of the JSON contract.
type Kind string

// Finding kinds.
const (
	KindCertification    Kind = "certification"           // a certification not held, in progress, expired
	KindEvidenceMissing  Kind = "evidence-missing"        // a claimed control with no evidence
	KindEvidenceExpired  Kind = "evidence-expired"        // evidence past its expiry date
	KindEvidenceExpiring Kind = "evidence-expiring"       // evidence expiring within the window
	KindEvidenceOld      Kind = "evidence-superseded"     // expired evidence a newer valid item supersedes
	KindDraft            Kind = "draft"                   // a draft control: nothing claimed yet
	KindReviewOverdue    Kind = "review-overdue"          // reviewed + review_every before the as-of date
	KindReviewDue        Kind = "review-due"              // review falls due within the window
	KindNeverReviewed    Kind = "review-missing"          // evidence present but no review date
	KindPlanned          Kind = "planned"                 // a planned control
	KindHedged           Kind = "hedged"                  // a claim with a caveat
	KindSecurityContact  Kind = "security-contact"        // security contact missing or a sales inbox
	KindContactSales     Kind = "contact-sales-inbox"     // privacy contact that is a sales inbox
	KindContactConflict  Kind = "contact-conflict"        // documents disagree on a contact
	KindVulnReporting    Kind = "vulnerability-reporting" // no address for vulnerability reports
	KindSubprocessor     Kind = "subprocessor"            // a subprocessor entry missing DPA facts
	KindSubprocessorList Kind = "subprocessor-list"       // the list is not published
	KindDocumentDate     Kind = "document-date"           // a public document without a last-updated date
	KindCompanyField     Kind = "company-field"           // a company field the DPA needs is empty
	KindCoverage         Kind = "coverage"                // a framework criterion no control covers
	KindMapping          Kind = "mapping"                 // a control maps to a criterion the framework does not have
	KindWaiverExpired    Kind = "waiver-expired"          // a waiver past its expiry date
	KindWaiverUnmatched  Kind = "waiver-unmatched"        // a waiver that matches no finding
	KindLibraryConflict  Kind = "library-conflict"        // a library answer learned with two verdicts, or one the catalog contradicts
)

// Subject types.
const (
	SubjectControl       = "control"
	SubjectCertification = "certification"
	SubjectSubprocessor  = "subprocessor"
	SubjectCompany       = "company"
	SubjectContact       = "contact"
	SubjectDocument      = "document"
	SubjectCriterion     = "criterion"
	SubjectWaiver        = "waiver"
	SubjectLibrary       = "library"
)

// Finding is one gap between the catalog and an honest "Yes".
type Finding struct {
	// ID is stable across runs for the same gap: "GAP-" + kind + "-" + subject
	// (plus the evidence name for evidence findings), for tickets to dedupe.
	ID          string   `json:"id" yaml:"id"`
	Severity    Severity `json:"severity" yaml:"severity"`
	Kind        Kind     `json:"kind" yaml:"kind"`
	SubjectType string   `json:"subject_type" yaml:"subject_type"`
	Subject     string   `json:"subject" yaml:"subject"`
	Title       string   `json:"title,omitempty" yaml:"title,omitempty"` // the subject's title or name, when it has one
	Message     string   `json:"message" yaml:"message"`
	Remedy      string   `json:"remedy" yaml:"remedy"`
	Owner       string   `json:"owner,omitempty" yaml:"owner,omitempty"`
	Date        string   `json:"date,omitempty" yaml:"date,omitempty"` // the date that matters (expiry, review due, expected), YYYY-MM-DD
	File        string   `json:"file,omitempty" yaml:"file,omitempty"` // catalog file of the subject
	Line        int      `json:"line,omitempty" yaml:"line,omitempty"`
	// Waiver is set when an active waiver of waivers.yaml covers the
	// finding: it is shown, but does not count for --fail-on.
	Waiver *WaiverNote `json:"waiver,omitempty" yaml:"waiver,omitempty"`
	// Baseline is true when the finding was already in the --baseline
	// report: it is shown, but does not count for --fail-on.
	Baseline bool `json:"baseline,omitempty" yaml:"baseline,omitempty"`
}

// Counts reports whether the finding counts for --fail-on: it is neither
// waived nor in the baseline.
func (f Finding) Counts() bool { return f.Waiver == nil && !f.Baseline }

// Criterion is one criterion or control of a framework.
type Criterion struct {
	ID    string `json:"id" yaml:"id"`
	Title string `json:"title" yaml:"title"`
}

// Framework is a framework's criteria list, as shipped in templates/frameworks.
type Framework struct {
	ID       string      `json:"id" yaml:"id"`       // soc2, iso27001: the key controls map with
	Name     string      `json:"name" yaml:"name"`   // "SOC 2"
	Scope    string      `json:"scope" yaml:"scope"` // "common criteria"
	Criteria []Criterion `json:"criteria" yaml:"criteria"`
}

// Label is e.g. "SOC 2 common criteria".
func (fw Framework) Label() string { return strings.TrimSpace(fw.Name + " " + fw.Scope) }

// Has reports whether id is one of the framework's criteria (case-insensitive).
func (fw Framework) Has(id string) bool {
	for _, c := range fw.Criteria {
		if strings.EqualFold(c.ID, id) {
			return true
		}
	}
	return false
}

// LoadCriteria reads every *.yaml file of fsys as a framework criteria list,
// strictly, and returns them by framework id.
func LoadCriteria(fsys fs.FS) (map[string]Framework, error) {
	files, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("read framework criteria: %w", err)
	}
	if len(files) == 0 {
		return nil, errors.New("read framework criteria: no *.yaml file")
	}
	out := map[string]Framework{}
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read framework criteria %s: %w", name, err)
		}
		var fw Framework
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&fw); err != nil {
			return nil, fmt.Errorf("framework criteria %s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		if fw.ID == "" {
			fw.ID = strings.TrimSuffix(path.Base(name), ".yaml")
		}
		if fw.ID != strings.ToLower(fw.ID) {
			return nil, fmt.Errorf("framework criteria %s: id %q must be lowercase", name, fw.ID)
		}
		if _, dup := out[fw.ID]; dup {
			return nil, fmt.Errorf("framework criteria %s: framework %q defined twice", name, fw.ID)
		}
		if len(fw.Criteria) == 0 {
			return nil, fmt.Errorf("framework criteria %s: no criteria", name)
		}
		seen := map[string]bool{}
		for i, c := range fw.Criteria {
			if strings.TrimSpace(c.ID) == "" || strings.TrimSpace(c.Title) == "" {
				return nil, fmt.Errorf("framework criteria %s: criterion #%d needs an id and a title", name, i+1)
			}
			key := strings.ToUpper(c.ID)
			if seen[key] {
				return nil, fmt.Errorf("framework criteria %s: criterion %s listed twice", name, c.ID)
			}
			seen[key] = true
		}
		out[fw.ID] = fw
	}
	return out, nil
}

// Coverage is how many of a framework's criteria the catalog's controls map.
type Coverage struct {
	Framework string      `json:"framework" yaml:"framework"` // soc2
	Label     string      `json:"label" yaml:"label"`         // SOC 2 common criteria
	Mapped    int         `json:"mapped" yaml:"mapped"`
	Total     int         `json:"total" yaml:"total"`
	Unmapped  []Criterion `json:"unmapped" yaml:"unmapped"`
}

// String is e.g. "14 of 33 SOC 2 common criteria mapped".
func (c Coverage) String() string {
	return fmt.Sprintf("%d of %d %s mapped", c.Mapped, c.Total, c.Label)
}

// GapSummary counts findings.
type GapSummary struct {
	Total  int `json:"total" yaml:"total"`
	High   int `json:"high" yaml:"high"`
	Medium int `json:"medium" yaml:"medium"`
	Low    int `json:"low" yaml:"low"`
	// ClaimedControls are the controls in place (implemented, partial,
	// alternative); WithEvidence of them name at least one evidence item.
	ClaimedControls int `json:"claimed_controls" yaml:"claimed_controls"`
	WithEvidence    int `json:"with_evidence" yaml:"with_evidence"`
	// Waived of the findings are covered by a waiver; Baselined were in
	// the --baseline report. Neither counts for --fail-on.
	Waived    int `json:"waived" yaml:"waived"`
	Baselined int `json:"baselined" yaml:"baselined"`
}

// GapReport is the result of Gaps.
type GapReport struct {
	Catalog   string     `json:"catalog" yaml:"catalog"`
	Revision  string     `json:"revision" yaml:"revision"`
	Company   string     `json:"company" yaml:"company"`
	AsOf      string     `json:"as_of" yaml:"as_of"`
	Within    string     `json:"within" yaml:"within"`
	Framework string     `json:"framework,omitempty" yaml:"framework,omitempty"`
	Summary   GapSummary `json:"summary" yaml:"summary"`
	Coverage  []Coverage `json:"coverage" yaml:"coverage"`
	Findings  []Finding  `json:"findings" yaml:"findings"`
}

// Count returns how many findings are at severity min or above and count
// (neither waived nor in the baseline): what --fail-on fails on.
func (r *GapReport) Count(min Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity.AtLeast(min) && f.Counts() {
			n++
		}
	}
	return n
}

// GapOptions are the options of Gaps.
type GapOptions struct {
	AsOf   time.Time // the day findings are computed for; zero: today (UTC)
	Within Period    // evidence expiring and reviews falling due within this window are reported; zero: none
	// Criteria are the framework criteria lists (LoadCriteria); nil: no coverage.
	Criteria map[string]Framework
	// Framework, when set, lists that framework's unmapped criteria as findings.
	Framework string
	// Severities, when not empty, keeps only findings of these severities.
	Severities []Severity
	// Baseline holds the finding ids of an earlier report (ReadBaseline):
	// those findings are marked and do not count. nil: no baseline.
	Baseline map[string]bool
}

// Gaps computes the findings of a catalog: certifications, evidence, reviews,
// hedged claims, the consistency of the public claims and framework coverage.
// The result is sorted by severity, kind and subject, and reproducible for a
// given catalog and options.
func Gaps(ctx context.Context, cat *Catalog, opts GapOptions) (*GapReport, error) {
	if cat == nil {
		return nil, errors.New("gaps: no catalog")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opts.Framework != "" {
		if _, ok := opts.Criteria[opts.Framework]; !ok {
			return nil, fmt.Errorf("gaps: unknown framework %q (known: %s)", opts.Framework, strings.Join(FrameworkIDs(opts.Criteria), ", "))
		}
	}
	asOf := opts.AsOf
	if asOf.IsZero() {
		asOf = time.Now().UTC()
	}
	day := Date{time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)}
	g := &gapper{cat: cat, asOf: day, within: opts.Within}
	if !opts.Within.IsZero() {
		g.horizon = opts.Within.AddTo(day)
	} else {
		g.horizon = day
	}

	g.certifications()
	g.controls()
	g.contacts()
	g.subprocessors()
	g.documents()
	g.company()
	g.library()
	rep := &GapReport{
		Catalog:   cat.Source,
		Revision:  cat.Revision,
		Company:   text.FirstNonBlank(cat.Company.Name, cat.Company.LegalName),
		AsOf:      day.String(),
		Within:    opts.Within.String(),
		Framework: opts.Framework,
		Coverage:  []Coverage{},
	}
	for _, id := range FrameworkIDs(opts.Criteria) {
		fw := opts.Criteria[id]
		g.unrecordedCertification(fw)
		cov := g.coverage(fw)
		rep.Coverage = append(rep.Coverage, cov)
		g.mappings(fw)
		if id == opts.Framework {
			for _, c := range cov.Unmapped {
				g.add(Finding{Severity: Low, Kind: KindCoverage, SubjectType: SubjectCriterion, Subject: c.ID, Title: c.Title,
					Message: fmt.Sprintf("%s %s (%s): no control in place maps to it", fw.Name, c.ID, c.Title),
					Remedy:  fmt.Sprintf("Map an implemented control to %s (frameworks: {%s: [%s]}), or record why it is out of scope.", c.ID, fw.ID, c.ID)})
			}
		}
	}

	sortFindings(g.findings)
	uniqueIDs(g.findings) // before filtering, so that an ID never depends on --severity
	if len(cat.Waivers) > 0 {
		g.applyWaivers()
		sortFindings(g.findings)
		uniqueIDs(g.findings)
	}
	for i := range g.findings {
		g.findings[i].Baseline = opts.Baseline[g.findings[i].ID]
	}
	keep := g.findings[:0]
	for _, f := range g.findings {
		if len(opts.Severities) == 0 || slices.Contains(opts.Severities, f.Severity) {
			keep = append(keep, f)
		}
	}
	rep.Findings = keep
	rep.Summary = GapSummary{Total: len(rep.Findings), ClaimedControls: g.claimed, WithEvidence: g.withEvidence}
	for _, f := range rep.Findings {
		if f.Waiver != nil {
			rep.Summary.Waived++
		}
		if f.Baseline {
			rep.Summary.Baselined++
		}
		switch f.Severity {
		case High:
			rep.Summary.High++
		case Medium:
			rep.Summary.Medium++
		case Low:
			rep.Summary.Low++
		}
	}
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	return rep, nil
}

// FrameworkIDs returns the framework ids sorted.
func FrameworkIDs(m map[string]Framework) []string { return slices.Sorted(maps.Keys(m)) }

type gapper struct {
	cat             *Catalog
	asOf, horizon   Date
	within          Period
	findings        []Finding
	claimed         int
	withEvidence    int
	salesAddresses  map[string]bool
	salesAddrsReady bool
}

func (g *gapper) add(f Finding) {
	if f.ID == "" {
		f.ID = FindingID(f.Kind, f.Subject)
	}
	g.findings = append(g.findings, f)
}

// FindingID builds the stable id of a finding: "GAP-" + kind + "-" + the
// subject parts, each reduced to letters, digits, dots, underscores and dashes.
func FindingID(kind Kind, subject ...string) string {
	parts := []string{"GAP", string(kind)}
	for _, s := range subject {
		if s = slug(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "-")
}

var slugRe = regexp.MustCompile(`[^A-Za-z0-9._]+`)

func slug(s string) string {
	return strings.Trim(slugRe.ReplaceAllString(strings.TrimSpace(s), "-"), "-._")
}

func (g *gapper) expired(d Date) bool { return !d.IsZero() && d.Before(g.asOf.Time) }
func (g *gapper) expiring(d Date) bool {
	return !d.IsZero() && !g.expired(d) && !d.After(g.horizon.Time)
}

func (g *gapper) windowText() string {
	if g.within.IsZero() {
		return "today"
	}
	return "within " + g.within.String() + " of " + g.asOf.String()
}

// certifications: not held, planned or in progress; held but expired or
// expiring; held with an expired report.
func (g *gapper) certifications() {
	for _, ce := range g.cat.Certifications {
		base := Finding{Kind: KindCertification, SubjectType: SubjectCertification, Subject: ce.ID, Title: ce.Name,
			File: CertificationsFile, Line: ce.Line}
		scope := "its audit scope and timeline are not published (pending)"
		if ce.Scope != "" {
			scope = "scope: " + ce.Scope
		}
		what := "report"
		if ce.Framework == "iso27001" || strings.Contains(strings.ToLower(ce.Name), "iso") {
			what = "certificate"
		}
		f := base
		switch ce.Status {
		case CertNotHeld:
			f.Severity = High
			f.Message = fmt.Sprintf("%s is not held: there is no %s to share with buyers; %s.", ce.Name, what, scope)
			f.Remedy = fmt.Sprintf("Decide on %s: set an audit scope and a target date (status in-progress, expected), or answer buyers with the controls and evidence you have instead of a %s.", ce.Name, what)
		case CertPlanned:
			f.Severity = High
			f.Message = fmt.Sprintf("%s is planned, not held: there is no %s to share; %s.", ce.Name, what, scope)
			if !ce.Expected.IsZero() {
				f.Message = fmt.Sprintf("%s is planned, not held: there is no %s to share; expected %s.", ce.Name, what, ce.Expected)
				f.Date = ce.Expected.String()
			}
			f.Remedy = fmt.Sprintf("Engage an auditor, fix the scope and record the expected date of the %s.", what)
		case CertInProgress:
			f.Severity = Medium
			if !ce.Expected.IsZero() {
				f.Message = fmt.Sprintf("%s is in progress: no %s yet, expected %s.", ce.Name, what, ce.Expected)
				f.Date = ce.Expected.String()
				if g.expired(ce.Expected) {
					f.Severity = High
					f.Message = fmt.Sprintf("%s is in progress but its expected date %s has passed: no %s yet.", ce.Name, ce.Expected, what)
				}
			} else {
				f.Message = fmt.Sprintf("%s is in progress: no %s yet, and no expected date; %s.", ce.Name, what, scope)
			}
			f.Remedy = fmt.Sprintf("Record the expected date and scope (expected, scope in %s) so sales can give buyers a date; add the %s as evidence when it arrives.", CertificationsFile, what)
		case CertNotPursued:
			f.Severity = Low
			f.Message = fmt.Sprintf("%s is not pursued: buyers who require it will ask why.", ce.Name)
			f.Remedy = "Keep a short rationale and the alternative assurance (controls, evidence, a pen-test letter) ready for buyers."
		case CertHeld:
			switch {
			case g.expired(ce.ValidUntil):
				f.Severity = High
				f.Message = fmt.Sprintf("%s expired on %s (valid_until).", ce.Name, ce.ValidUntil)
				f.Date = ce.ValidUntil.String()
				f.Remedy = fmt.Sprintf("Renew %s, or change its status: a lapsed %s must not be claimed.", ce.Name, what)
			case g.expiring(ce.ValidUntil):
				f.Severity = Medium
				f.Message = fmt.Sprintf("%s expires on %s, %s.", ce.Name, ce.ValidUntil, g.windowText())
				f.Date = ce.ValidUntil.String()
				f.Remedy = fmt.Sprintf("Schedule the renewal audit for %s before it lapses.", ce.Name)
			default:
				f.Severity = ""
			}
			if f.Severity != "" {
				g.add(f)
			}
			for _, e := range ce.Evidence {
				ef := base
				ef.ID = FindingID(KindCertification, ce.ID, e.Name)
				ef.Date = e.Expires.String()
				switch {
				case g.expired(e.Expires):
					ef.Severity = High
					ef.Message = fmt.Sprintf("%s is held but its %s %q expired on %s.", ce.Name, what, e.Name, e.Expires)
					ef.Remedy = fmt.Sprintf("Add the current %s (or a bridge letter) as evidence of %s.", what, ce.ID)
				case g.expiring(e.Expires):
					ef.Severity = Medium
					ef.Message = fmt.Sprintf("%s: %s %q expires on %s, %s.", ce.Name, what, e.Name, e.Expires, g.windowText())
					ef.Remedy = fmt.Sprintf("Obtain the next %s (or a bridge letter) before %s.", what, e.Expires)
				default:
					continue
				}
				g.add(ef)
			}
			continue
		default:
			continue
		}
		g.add(f)
	}
}

// unrecordedCertification: a framework buyers ask for (SOC 2, ISO 27001)
// with no certification entry at all: as far as the catalog knows, not held.
func (g *gapper) unrecordedCertification(fw Framework) {
	for _, ce := range g.cat.Certifications {
		if strings.EqualFold(ce.ID, fw.ID) || strings.EqualFold(ce.Framework, fw.ID) {
			return
		}
	}
	g.add(Finding{Severity: High, Kind: KindCertification, SubjectType: SubjectCertification, Subject: fw.ID, Title: fw.Name, File: CertificationsFile,
		Message: fmt.Sprintf("No %s certification or report is recorded (%s names none): as far as the catalog knows, it is not held.", fw.Name, CertificationsFile),
		Remedy:  fmt.Sprintf("Record %s in %s with its real status (held, in-progress, planned, not-held, not-pursued), so that answers and gaps say the same thing.", fw.Name, CertificationsFile)})
}

// claimed reports whether a control status makes a claim a buyer reads as Yes.
func claimed(s Status) bool { return s == Implemented || s == Partial || s == Alternative }

// controls: evidence missing, expired or expiring; reviews overdue, due or
// missing; planned controls; hedged claims.
func (g *gapper) controls() {
	for _, ct := range g.cat.Controls {
		base := Finding{SubjectType: SubjectControl, Subject: ct.ID, Title: ct.Title, Owner: ct.Owner, File: ct.File, Line: ct.Line}
		name := ct.ID + " " + ct.Title
		if ct.Status == Draft {
			f := base
			f.Kind, f.Severity = KindDraft, Medium
			f.Message = fmt.Sprintf("%s is a draft: nothing is claimed until its statement is written and its status set; questionnaires send it to review.", name)
			f.Remedy = fmt.Sprintf("Write the statement in %s, then set the real status: vouch controls set %s --status implemented|partial|planned|alternative|not-applicable.", ct.File, ct.ID)
			g.add(f)
			continue
		}
		if ct.Status == Planned {
			f := base
			f.Kind, f.Severity = KindPlanned, Medium
			f.Message = fmt.Sprintf("%s is planned, not in place: questionnaires answer No (planned).", name)
			f.Remedy = "Implement it and set status implemented with evidence, or keep it planned with a target date in the statement."
			g.add(f)
			continue
		}
		if !claimed(ct.Status) {
			continue
		}
		g.claimed++
		if len(ct.Evidence) == 0 {
			f := base
			f.Kind, f.Severity = KindEvidenceMissing, Medium
			f.Message = fmt.Sprintf("%s is claimed (%s) but names no evidence", name, ct.Status)
			if ct.Reviewed.IsZero() {
				f.Message += " and has never been reviewed"
			}
			f.Message += "."
			f.Remedy = fmt.Sprintf("Collect evidence (policy, config export, screenshot, report) and record it: vouch controls set %s --evidence \"name=...,ref=...,collected=YYYY-MM-DD\" --reviewed YYYY-MM-DD.", ct.ID)
			g.add(f)
		} else {
			g.withEvidence++
			for i, e := range ct.Evidence {
				f := base
				f.Date = e.Expires.String()
				newer := -1
				if g.expired(e.Expires) {
					newer = supersededBy(ct.Evidence, i, g.asOf.Time)
				}
				switch {
				case newer >= 0:
					n := ct.Evidence[newer]
					f.Kind, f.Severity = KindEvidenceOld, Low
					f.Message = fmt.Sprintf("%s: evidence %q expired on %s; %q%s supersedes it, so it no longer blocks answers.", name, e.Name, e.Expires, n.Name, evidenceDates(n))
					f.Remedy = fmt.Sprintf("Keep it as history, or remove it: vouch controls evidence rm %s %q --collected %s.", ct.ID, e.Name, text.FirstNonBlank(e.Collected.String(), "YYYY-MM-DD"))
				case g.expired(e.Expires):
					f.Kind, f.Severity = KindEvidenceExpired, High
					f.Message = fmt.Sprintf("%s: evidence %q expired on %s.", name, e.Name, e.Expires)
					f.Remedy = fmt.Sprintf("Collect it again and record the new dates (vouch controls set %s --evidence ...).", ct.ID)
				case g.expiring(e.Expires):
					f.Kind, f.Severity = KindEvidenceExpiring, Medium
					f.Message = fmt.Sprintf("%s: evidence %q expires on %s, %s.", name, e.Name, e.Expires, g.windowText())
					f.Remedy = fmt.Sprintf("Schedule its renewal before %s.", e.Expires)
				default:
					continue
				}
				f.ID = FindingID(f.Kind, ct.ID, e.Name)
				g.add(f)
			}
			if ct.Reviewed.IsZero() {
				f := base
				f.Kind, f.Severity = KindNeverReviewed, Low
				f.Message = fmt.Sprintf("%s has evidence but has never been reviewed.", name)
				f.Remedy = fmt.Sprintf("Review it and record the date and interval: vouch controls set %s --reviewed YYYY-MM-DD --review-every 12m.", ct.ID)
				g.add(f)
			}
		}
		if due, ok := ct.ReviewDue(); ok {
			f := base
			f.Date = due.String()
			switch {
			case g.expired(due):
				f.Kind, f.Severity = KindReviewOverdue, Medium
				f.Message = fmt.Sprintf("%s: review overdue since %s (last reviewed %s, every %s).", name, due, ct.Reviewed, ct.ReviewEvery)
				f.Remedy = fmt.Sprintf("Review the control and record it: vouch controls set %s --reviewed YYYY-MM-DD.", ct.ID)
				g.add(f)
			case g.expiring(due):
				f.Kind, f.Severity = KindReviewDue, Low
				f.Message = fmt.Sprintf("%s: review falls due on %s, %s (last reviewed %s).", name, due, g.windowText(), ct.Reviewed)
				f.Remedy = fmt.Sprintf("Plan the review before %s.", due)
				g.add(f)
			}
		}
		if c := strings.TrimSpace(ct.Caveat); c != "" {
			f := base
			f.Kind, f.Severity = KindHedged, Low
			f.Message = fmt.Sprintf("%s is claimed with a caveat a buyer will probe: %s", name, oneLineText(c))
			f.Remedy = "Have the answer to the follow-up ready; remove the caveat only when the control covers it fully, with evidence."
			g.add(f)
		}
	}
}

// evidenceDates is " (collected D, expires D)" with what is known.
func evidenceDates(e Evidence) string {
	var parts []string
	if !e.Collected.IsZero() {
		parts = append(parts, "collected "+e.Collected.String())
	}
	if !e.Expires.IsZero() {
		parts = append(parts, "expires "+e.Expires.String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

var salesLocalParts = []string{"sales", "marketing", "info", "hello"}

// salesInbox reports whether an address is a sales inbox: its local part is
// sales, marketing, info or hello, or it is the address of a sales contact.
func (g *gapper) salesInbox(email string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return false
	}
	if !g.salesAddrsReady {
		g.salesAddresses = map[string]bool{}
		for _, ct := range g.cat.Company.Contacts {
			if strings.EqualFold(ct.Role, "sales") && ct.Email != "" {
				g.salesAddresses[strings.ToLower(strings.TrimSpace(ct.Email))] = true
			}
		}
		g.salesAddrsReady = true
	}
	if g.salesAddresses[email] {
		return true
	}
	local, _, _ := strings.Cut(email, "@")
	local, _, _ = strings.Cut(local, "+")
	return slices.Contains(salesLocalParts, local)
}

func contactAddr(ct Contact) string { return text.FirstNonBlank(ct.Email, ct.URL) }

// contacts: the security contact, the privacy contact, documents that disagree
// on a contact, and the address for vulnerability reports.
func (g *gapper) contacts() {
	co := g.cat.Company
	var security []Contact
	for _, ct := range co.Contacts {
		if strings.EqualFold(ct.Role, "security") {
			security = append(security, ct)
		}
	}
	if len(security) == 0 {
		f := Finding{Severity: High, Kind: KindSecurityContact, SubjectType: SubjectContact, Subject: "security", File: CompanyFile,
			Message: "No security contact is published: buyers and researchers have nowhere to send security questions.",
			Remedy:  fmt.Sprintf("Publish a dedicated address (e.g. security@) and record it in %s (contacts: role security).", CompanyFile)}
		if vr := g.vulnChannel(); vr != "" {
			// Reports have a channel; buyers' security questions do not.
			f.Severity = Medium
			f.Message = fmt.Sprintf("No security contact is published for buyers' security questions; only the vulnerability reporting channel %s.", vr)
		}
		g.add(f)
	}
	for _, ct := range security {
		if ct.Email != "" && g.salesInbox(ct.Email) {
			g.add(Finding{Severity: High, Kind: KindSecurityContact, SubjectType: SubjectContact, Subject: "security", File: CompanyFile,
				Message: fmt.Sprintf("The security contact is a sales inbox: %s%s.", ct.Email, sourceText(ct.Source)),
				Remedy:  "Publish a dedicated security address (e.g. security@) watched by the security lead, and update the document and company.yaml."})
			break
		}
	}
	for _, ct := range co.Contacts {
		if strings.EqualFold(ct.Role, "privacy") && ct.Email != "" && g.salesInbox(ct.Email) {
			g.add(Finding{Severity: Medium, Kind: KindContactSales, SubjectType: SubjectContact, Subject: "privacy", File: CompanyFile,
				Message: fmt.Sprintf("The privacy contact is a sales inbox: %s%s; data-subject and DPA requests land with sales.", ct.Email, sourceText(ct.Source)),
				Remedy:  "Route privacy requests to a privacy address (e.g. privacy@ or the DPO) in every published document."})
			break
		}
	}

	// Documents that disagree on a contact: per role, addresses from different sources.
	byRole := map[string][]Contact{}
	var roles []string
	for _, ct := range co.Contacts {
		r := strings.ToLower(ct.Role)
		if _, ok := byRole[r]; !ok {
			roles = append(roles, r)
		}
		byRole[r] = append(byRole[r], ct)
	}
	sort.Strings(roles)
	for _, r := range roles {
		list := byRole[r]
		var parts []string
		addrs, sources := map[string]bool{}, map[string]bool{}
		for _, ct := range list {
			a := strings.ToLower(contactAddr(ct))
			addrs[a] = true
			sources[ct.Source] = true
			parts = append(parts, fmt.Sprintf("%s (%s)", contactAddr(ct), text.FirstNonBlank(ct.Source, "no source")))
		}
		if len(addrs) < 2 || len(sources) < 2 {
			continue
		}
		g.add(Finding{Severity: Medium, Kind: KindContactConflict, SubjectType: SubjectContact, Subject: r, File: CompanyFile,
			Message: fmt.Sprintf("Published documents disagree on the %s contact: %s.", r, strings.Join(parts, " vs ")),
			Remedy:  fmt.Sprintf("Pick one %s address and publish it in every document, then record it once in %s.", r, CompanyFile)})
	}

	if strings.TrimSpace(co.VulnReporting) == "" {
		ok := false
		for _, ct := range co.Contacts {
			role := strings.ToLower(ct.Role)
			if (role == "vulnerability" || role == "security") && !(ct.Email != "" && g.salesInbox(ct.Email)) {
				ok = true
				break
			}
		}
		if !ok {
			g.add(Finding{Severity: High, Kind: KindVulnReporting, SubjectType: SubjectCompany, Subject: "vulnerability_reporting", File: CompanyFile,
				Message: "No address for vulnerability reports: vulnerability_reporting is empty and no security or vulnerability contact other than a sales inbox is published.",
				Remedy:  "Publish a reporting channel (security@ address or disclosure page, ideally /.well-known/security.txt) and set vulnerability_reporting in company.yaml."})
		}
	}
}

// vulnChannel is the published address for vulnerability reports:
// vulnerability_reporting, else a vulnerability contact that is not a sales inbox.
func (g *gapper) vulnChannel() string {
	if vr := strings.TrimSpace(g.cat.Company.VulnReporting); vr != "" {
		return vr
	}
	for _, ct := range g.cat.Company.Contacts {
		if strings.EqualFold(ct.Role, "vulnerability") && !(ct.Email != "" && g.salesInbox(ct.Email)) {
			return contactAddr(ct)
		}
	}
	return ""
}

func sourceText(src string) string {
	if src == "" {
		return ""
	}
	return " (published in " + src + ")"
}

// subprocessors: the list not published; entries missing name, location or
// DPA reference.
func (g *gapper) subprocessors() {
	sp := g.cat.Subprocessors
	if !sp.Published && (len(sp.Entries) > 0 || sp.OnRequest) {
		msg := "The subprocessor list is not published"
		if sp.OnRequest {
			msg += " (available on request only)"
		}
		msg += ": buyers' DPA reviews ask for it, and GDPR Art. 28 needs the processor to name them."
		g.add(Finding{Severity: Medium, Kind: KindSubprocessorList, SubjectType: SubjectSubprocessor, Subject: "subprocessors", File: SubprocessorsFile,
			Message: msg,
			Remedy:  "Publish the list (name, purpose, location, transfer mechanism) on a page, set published: true and url in subprocessors.yaml."})
	}
	if sp.Published && (sp.URL == "" || len(sp.Entries) == 0) {
		var missing []string
		if sp.URL == "" {
			missing = append(missing, "no address (url) is recorded for it")
		}
		if len(sp.Entries) == 0 {
			missing = append(missing, "no subprocessor is recorded, so the DPA's subprocessor annex would be empty")
		}
		g.add(Finding{Severity: Medium, Kind: KindSubprocessorList, SubjectType: SubjectSubprocessor, Subject: "subprocessors", File: SubprocessorsFile,
			Message: "The subprocessor list is said to be published, but " + strings.Join(missing, ", and ") + ".",
			Remedy:  "Record the list's url and its entries (name, purpose, location, transfer mechanism, DPA reference) in subprocessors.yaml."})
	}
	for _, s := range sp.Entries {
		var missing []string
		if s.Name == "" {
			missing = append(missing, "not named")
		}
		if s.Location == "" {
			missing = append(missing, "no location")
		}
		if s.DPARef == "" {
			missing = append(missing, "no DPA reference")
		}
		if len(missing) == 0 {
			continue
		}
		if s.Transfer == "" {
			missing = append(missing, "no transfer mechanism")
		}
		subject := text.FirstNonBlank(s.Name, s.Category)
		g.add(Finding{Severity: Medium, Kind: KindSubprocessor, SubjectType: SubjectSubprocessor, Subject: subject, Title: s.DisplayName(),
			File: SubprocessorsFile, Line: s.Line,
			Message: fmt.Sprintf("Subprocessor %s: %s.", s.DisplayName(), strings.Join(missing, ", ")),
			Remedy:  "Record the provider's name, location, transfer mechanism and the reference of the DPA signed with it (name, location, transfer_mechanism, dpa_ref)."})
	}
}

// documents: public documents without a last-updated date.
func (g *gapper) documents() {
	for _, d := range g.cat.Company.Documents {
		if !d.LastUpdated.IsZero() {
			continue
		}
		g.add(Finding{Severity: Medium, Kind: KindDocumentDate, SubjectType: SubjectDocument, Subject: d.ID, Title: d.Title, File: CompanyFile,
			Message: fmt.Sprintf("%s (%s) shows no \"last updated\" date: buyers cannot tell whether it is current.", text.FirstNonBlank(d.Title, d.ID), d.ID),
			Remedy:  fmt.Sprintf("Date the published document and record it (last_updated in %s).", CompanyFile)})
	}
}

func remedyFill(key, meanwhile string) string {
	r := fmt.Sprintf("Fill %s in %s.", key, CompanyFile)
	if meanwhile != "" {
		r = fmt.Sprintf("Fill %s in %s (until then %s).", key, CompanyFile, meanwhile)
	}
	return r
}

// company: fields a DPA needs.
func (g *gapper) company() {
	co := g.cat.Company
	type field struct {
		key, value, why, meanwhile string
		sev                        Severity
	}
	fields := []field{
		{"legal_name", co.LegalName, "the DPA and NDA name the legal entity that signs", "", Medium},
		{"address", co.Address, "the DPA names the processor's registered address", "the DPA says \"at the address stated in the Agreement\"", Medium},
		{"governing_law", co.GoverningLaw, "the DPA and NDA need a governing law and jurisdiction", "the DPA follows the law governing the Agreement and the NDA needs --law", Medium},
		{"breach_notification", co.BreachNotice, "the DPA commits to a breach-notification window (GDPR Art. 33: controllers have 72 hours)", "the DPA commits only to \"without undue delay\" (Art. 33(2))", Medium},
	}
	dpoSev := Low
	dpoWhy := "a DPO is required where core activities involve large-scale monitoring or special categories of data (GDPR Art. 37); otherwise say that none is required"
	if sc := strings.ToLower(strings.TrimSpace(g.cat.Processing.SpecialCategories)); sc != "" && !strings.HasPrefix(sc, "none") && !strings.HasPrefix(sc, "no ") {
		dpoSev = Medium
		dpoWhy = "the processing names special categories of data, so GDPR Art. 37 likely requires a DPO"
	}
	fields = append(fields, field{"dpo", co.DPO, dpoWhy, "", dpoSev})
	for _, fl := range fields {
		if strings.TrimSpace(fl.value) != "" {
			continue
		}
		g.add(Finding{Severity: fl.sev, Kind: KindCompanyField, SubjectType: SubjectCompany, Subject: fl.key, File: CompanyFile,
			Message: fmt.Sprintf("Company field %s is empty: %s.", fl.key, fl.why),
			Remedy:  remedyFill(fl.key, fl.meanwhile)})
	}
}

// coverage: which of the framework's criteria controls in place map to.
func (g *gapper) coverage(fw Framework) Coverage {
	mapped := map[string]bool{}
	for _, ct := range g.cat.Controls {
		if !claimed(ct.Status) {
			continue
		}
		for _, ref := range ct.Frameworks[fw.ID] {
			mapped[strings.ToUpper(strings.TrimSpace(ref))] = true
		}
	}
	cov := Coverage{Framework: fw.ID, Label: fw.Label(), Total: len(fw.Criteria), Unmapped: []Criterion{}}
	for _, c := range fw.Criteria {
		if mapped[strings.ToUpper(c.ID)] {
			cov.Mapped++
		} else {
			cov.Unmapped = append(cov.Unmapped, c)
		}
	}
	return cov
}

// mappings: a control that maps to a criterion ID in the framework's own
// numbering range (CC… for SOC 2, A.… for ISO 27001) that the list lacks:
// almost always a typo.
func (g *gapper) mappings(fw Framework) {
	prefix := criterionPrefix(fw)
	if prefix == "" {
		return
	}
	for _, ct := range g.cat.Controls {
		for _, ref := range ct.Frameworks[fw.ID] {
			r := strings.TrimSpace(ref)
			if !strings.HasPrefix(strings.ToUpper(r), prefix) || fw.Has(r) {
				continue
			}
			g.add(Finding{Severity: Low, Kind: KindMapping, SubjectType: SubjectControl, Subject: ct.ID, Title: ct.Title, Owner: ct.Owner,
				ID: FindingID(KindMapping, ct.ID, fw.ID, r), File: ct.File, Line: ct.Line,
				Message: fmt.Sprintf("%s maps to %s %s, which is not one of the %s.", ct.ID, fw.Name, r, fw.Label()),
				Remedy:  fmt.Sprintf("Correct the reference under frameworks: %s (see vouch gaps --framework %s for the list).", fw.ID, fw.ID)})
		}
	}
}

// criterionPrefix is the common leading letters of the framework's criterion
// IDs up to the first digit ("CC", "A."), or "".
func criterionPrefix(fw Framework) string {
	var p string
	for i, c := range fw.Criteria {
		id := strings.ToUpper(c.ID)
		if j := strings.IndexAny(id, "0123456789"); j >= 0 {
			id = id[:j]
		}
		if i == 0 {
			p = id
		} else if p != id {
			return ""
		}
	}
	return p
}

func sortFindings(fs []Finding) {
	keys := make(map[string]subjectKey, len(fs))
	for _, f := range fs {
		if _, ok := keys[f.Subject]; !ok {
			keys[f.Subject] = newSubjectKey(f.Subject)
		}
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Subject != b.Subject {
			return keys[a.Subject].less(keys[b.Subject])
		}
		return a.ID < b.ID
	})
}

// subjectKey orders subjects naturally: a text prefix, then the numbers that
// follow it, so that IAM-2 sorts before IAM-10, A.5.2 before A.5.10 and
// CC6.2 before CC6.10.
type subjectKey struct {
	raw    string
	prefix string
	nums   []int
}

var subjectNumRe = regexp.MustCompile(`^(.*?[^0-9.])?([0-9]+(?:\.[0-9]+)*)$`)

func newSubjectKey(s string) subjectKey {
	k := subjectKey{raw: s, prefix: s}
	m := subjectNumRe.FindStringSubmatch(s)
	if m == nil {
		return k
	}
	k.prefix = m[1]
	for _, p := range strings.Split(m[2], ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return subjectKey{raw: s, prefix: s}
		}
		k.nums = append(k.nums, n)
	}
	return k
}

func (a subjectKey) less(b subjectKey) bool {
	if a.prefix != b.prefix || a.nums == nil || b.nums == nil {
		return a.raw < b.raw
	}
	if c := slices.Compare(a.nums, b.nums); c != 0 {
		return c < 0
	}
	return a.raw < b.raw
}

// uniqueIDs makes IDs unique by suffixing repeats with -2, -3, ... in order.
func uniqueIDs(fs []Finding) {
	seen := map[string]int{}
	for i := range fs {
		id := fs[i].ID
		seen[id]++
		if n := seen[id]; n > 1 {
			fs[i].ID = id + "-" + strconv.Itoa(n)
		}
	}
}

// GapColumns are the columns of Table, in order.
var GapColumns = []string{"id", "severity", "kind", "subject_type", "subject", "title", "owner", "message", "remedy", "date", "where", "waiver", "baseline"}

// Table returns the findings as a header and rows of text (GapColumns), for
// CSV, Markdown and workbooks. "where" is file:line in the catalog.
func (r *GapReport) Table() ([]string, [][]string) {
	rows := make([][]string, 0, len(r.Findings))
	for _, f := range r.Findings {
		where := f.File
		if where != "" && f.Line > 0 {
			where += ":" + strconv.Itoa(f.Line)
		}
		waiver, baseline := "", ""
		if f.Waiver != nil {
			waiver = "waived " + f.Waiver.String()
		}
		if f.Baseline {
			baseline = "yes"
		}
		rows = append(rows, []string{f.ID, string(f.Severity), string(f.Kind), f.SubjectType, f.Subject, f.Title, f.Owner, f.Message, f.Remedy, f.Date, where, waiver, baseline})
	}
	return slices.Clone(GapColumns), rows
}

// SummaryLines are the report's headline figures in words: counts by
// severity, controls with evidence and framework coverage.
func (r *GapReport) SummaryLines() []string {
	s := r.Summary
	lines := []string{
		fmt.Sprintf("%s: %d findings as of %s (%d high, %d medium, %d low)", text.FirstNonBlank(r.Company, r.Catalog), s.Total, r.AsOf, s.High, s.Medium, s.Low),
		fmt.Sprintf("evidence: %d of %d controls in place name evidence", s.WithEvidence, s.ClaimedControls),
	}
	if s.Waived > 0 || s.Baselined > 0 {
		lines = append(lines, fmt.Sprintf("not counted for --fail-on: %d waived (%s), %d already in the baseline", s.Waived, WaiversFile, s.Baselined))
	}
	for _, c := range r.Coverage {
		lines = append(lines, "coverage: "+c.String())
	}
	return lines
}

// library lists the answer library's conflicts: an entry learned Yes in one
// questionnaire and No in another (fill sends it to review until settled),
// and a learned Yes to a question about a certification the catalog records
// as not held (the catalog wins; the library should be corrected).
func (g *gapper) library() {
	for _, a := range g.cat.Library {
		if a.Conflict != "" {
			g.add(Finding{Severity: Medium, Kind: KindLibraryConflict, SubjectType: SubjectLibrary, Subject: a.ID, Title: a.Question,
				File: LibraryFile, Line: a.Line, Message: fmt.Sprintf("Library %s has two answers: %s.", a.ID, a.Conflict),
				Remedy: fmt.Sprintf("Settle the answer in %s (keep the verdict that is true today and clear conflict:).", LibraryFile)})
			continue
		}
		v := strings.ToLower(a.Verdict)
		if v != "yes" && v != "partial" {
			continue
		}
		q := strings.ToLower(a.Question)
		for _, c := range g.cat.Certifications {
			if c.Status == CertHeld || c.Name == "" || !strings.Contains(q, strings.ToLower(c.Name)) {
				continue
			}
			g.add(Finding{Severity: Medium, Kind: KindLibraryConflict, SubjectType: SubjectLibrary, Subject: a.ID, Title: a.Question,
				File: LibraryFile, Line: a.Line,
				Message: fmt.Sprintf("Library %s answered %s to a question about %s, which the catalog records as %s; fill follows the catalog.", a.ID, text.FirstNonBlank(a.Answer, a.Verdict), c.Name, c.Status),
				Remedy:  fmt.Sprintf("Correct the answer in %s, or record the certification in %s if it is held.", LibraryFile, CertificationsFile)})
			break
		}
	}
}
