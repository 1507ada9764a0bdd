// Package controls holds the vendor's control catalog: its model, strict
// loading from a directory or an embedded fs.FS, validation, queries, edits
// and the evidence-gap findings. It never prints and never exits.
package controls

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Status is how far a control is implemented.
type Status string

// Control statuses, in the order a reader expects them.
const (
	Implemented   Status = "implemented"
	Partial       Status = "partial"
	Planned       Status = "planned"
	Alternative   Status = "alternative"
	NotApplicable Status = "not-applicable"
	// Draft is a control whose statement is not written or approved yet (a
	// starter catalog's controls). It claims nothing: fill sends it to
	// review and gaps lists it.
	Draft Status = "draft"
)

// Statuses lists the allowed control statuses.
var Statuses = []Status{Implemented, Partial, Planned, Alternative, NotApplicable, Draft}

// ParseStatus checks s against the allowed statuses.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("status %q is not one of %s", s, joinStatuses(Statuses))
}

func joinStatuses[T ~string](v []T) string {
	parts := make([]string, len(v))
	for i, s := range v {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}

// CertStatus is the state of a certification or audit report.
type CertStatus string

// Certification statuses. NotHeld is for a certification the vendor neither
// holds nor publicly commits to (Kora's "should be discussed directly"):
// claiming "in-progress" or "planned" there would say more than the vendor does.
const (
	CertHeld       CertStatus = "held"
	CertInProgress CertStatus = "in-progress"
	CertPlanned    CertStatus = "planned"
	CertNotHeld    CertStatus = "not-held"
	CertNotPursued CertStatus = "not-pursued"
)

// CertStatuses lists the allowed certification statuses.
var CertStatuses = []CertStatus{CertHeld, CertInProgress, CertPlanned, CertNotHeld, CertNotPursued}

// Date is a calendar date written as YYYY-MM-DD. The zero Date means unknown.
type Date struct{ time.Time }

// MinYear is the earliest year a date may have.
const MinYear = 1900

// ParseDate parses YYYY-MM-DD, from MinYear on.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	// Year 1 is Go's zero time, which means "unknown" (or "today" to an
	// option); no catalog date is that old.
	if t.Year() < MinYear {
		return Date{}, fmt.Errorf("%q is out of range (want a date from %d on)", s, MinYear)
	}
	return Date{t}, nil
}

// String returns YYYY-MM-DD, or "" for an unknown date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// UnmarshalYAML accepts YYYY-MM-DD or an empty value (unknown).
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a date must be a single YYYY-MM-DD value", n.Line)}}
	}
	if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*d = v
	return nil
}

// MarshalYAML writes YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// MarshalJSON writes "YYYY-MM-DD" or "".
func (d Date) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(d.String())), nil }

// Period is a review interval such as 90d, 6w, 12m or 1y.
type Period struct {
	N    int
	Unit byte // d, w, m, y
}

// MaxPeriodYears bounds a period.
const MaxPeriodYears = 100

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// ParsePeriod parses an interval: a positive whole number followed by d, w,
// m or y, of at most MaxPeriodYears.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if len(s) < 2 {
		return Period{}, fmt.Errorf("%q is not a period (want e.g. 90d, 6w, 12m, 1y)", s)
	}
	unit := s[len(s)-1]
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || strings.IndexByte("dwmy", unit) < 0 || !isDigits(s[:len(s)-1]) {
		return Period{}, fmt.Errorf("%q is not a period (want e.g. 90d, 6w, 12m, 1y)", s)
	}
	// A bound keeps date arithmetic far from overflow.
	if limit := map[byte]int{'d': 36525, 'w': 5218, 'm': 1200, 'y': 100}[unit]; n > limit {
		return Period{}, fmt.Errorf("%q is longer than %d years (at most %d%c)", s, MaxPeriodYears, limit, unit)
	}
	return Period{N: n, Unit: unit}, nil
}

// IsZero reports whether no period was set.
func (p Period) IsZero() bool { return p.N == 0 }

// String returns the period as written, e.g. "12m".
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return strconv.Itoa(p.N) + string(p.Unit)
}

// AddTo returns d moved forward by the period.
func (p Period) AddTo(d Date) Date {
	switch p.Unit {
	case 'd':
		return Date{d.AddDate(0, 0, p.N)}
	case 'w':
		return Date{d.AddDate(0, 0, 7*p.N)}
	case 'm':
		return Date{d.AddDate(0, p.N, 0)}
	default:
		return Date{d.AddDate(p.N, 0, 0)}
	}
}

// UnmarshalYAML parses a period such as 12m.
func (p *Period) UnmarshalYAML(n *yaml.Node) error {
	if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		*p = Period{}
		return nil
	}
	v, err := ParsePeriod(n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*p = v
	return nil
}

// MarshalYAML writes the period as text.
func (p Period) MarshalYAML() (any, error) { return p.String(), nil }

// MarshalJSON writes the period as text.
func (p Period) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(p.String())), nil }

// Evidence is one artefact that backs a control or a certification.
type Evidence struct {
	Name      string `yaml:"name" json:"name"`
	Kind      string `yaml:"kind,omitempty" json:"kind,omitempty"` // report, policy, screenshot, scan, config, ticket, ...
	Ref       string `yaml:"ref,omitempty" json:"ref,omitempty"`   // path or URL
	Collected Date   `yaml:"collected,omitempty" json:"collected"`
	Expires   Date   `yaml:"expires,omitempty" json:"expires"`
}

// Frameworks maps a framework key (soc2, iso27001, caiq, ...) to the
// criteria IDs a control meets. Use Keys for a stable order.
type Frameworks map[string][]string

// Keys returns the framework keys sorted.
func (f Frameworks) Keys() []string { return slices.Sorted(maps.Keys(f)) }

// Control is one security or privacy control, in the vendor's voice.
type Control struct {
	ID          string     `yaml:"id" json:"id"`
	Title       string     `yaml:"title" json:"title"`
	Domain      string     `yaml:"domain" json:"domain"`
	Status      Status     `yaml:"status" json:"status"`
	Statement   string     `yaml:"statement" json:"statement"`
	Caveat      string     `yaml:"caveat,omitempty" json:"caveat,omitempty"`
	Owner       string     `yaml:"owner,omitempty" json:"owner,omitempty"`
	Keywords    []string   `yaml:"keywords,omitempty" json:"keywords,omitempty"`
	Topics      []string   `yaml:"topics,omitempty" json:"topics,omitempty"` // concept IDs of the matcher's vocabulary, beyond what title and keywords name
	Frameworks  Frameworks `yaml:"frameworks,omitempty" json:"frameworks,omitempty"`
	Evidence    []Evidence `yaml:"evidence,omitempty" json:"evidence,omitempty"`
	Reviewed    Date       `yaml:"reviewed,omitempty" json:"reviewed"`
	ReviewEvery Period     `yaml:"review_every,omitempty" json:"review_every"`
	// Source says where the claim is published (document id from
	// company.yaml and the passage), so that a reviewer can check it.
	Source string `yaml:"source,omitempty" json:"source,omitempty"`

	File string `yaml:"-" json:"-"` // catalog-relative file the control came from
	Line int    `yaml:"-" json:"-"` // line of the control in File
}

// Contact is a published contact address, with the document that publishes it.
type Contact struct {
	Role   string `yaml:"role" json:"role"` // security, privacy, support, sales, dpo, legal, vulnerability
	Email  string `yaml:"email,omitempty" json:"email,omitempty"`
	URL    string `yaml:"url,omitempty" json:"url,omitempty"`
	Name   string `yaml:"name,omitempty" json:"name,omitempty"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"` // document id
}

// Document is a public document the catalog's claims come from.
type Document struct {
	ID          string `yaml:"id" json:"id"`
	Title       string `yaml:"title" json:"title"`
	URL         string `yaml:"url,omitempty" json:"url,omitempty"`
	LastUpdated Date   `yaml:"last_updated,omitempty" json:"last_updated"`
}

// Company holds the vendor's legal and contact facts.
type Company struct {
	Name          string     `yaml:"name" json:"name"`             // trading name, e.g. "Kora Studio"
	LegalName     string     `yaml:"legal_name" json:"legal_name"` // legal entity
	Address       string     `yaml:"address,omitempty" json:"address,omitempty"`
	Country       string     `yaml:"country,omitempty" json:"country,omitempty"`
	Website       string     `yaml:"website,omitempty" json:"website,omitempty"`
	Product       string     `yaml:"product,omitempty" json:"product,omitempty"`
	Description   string     `yaml:"description,omitempty" json:"description,omitempty"`
	Contacts      []Contact  `yaml:"contacts,omitempty" json:"contacts,omitempty"`
	DPO           string     `yaml:"dpo,omitempty" json:"dpo,omitempty"`
	GoverningLaw  string     `yaml:"governing_law,omitempty" json:"governing_law,omitempty"`
	BreachNotice  string     `yaml:"breach_notification,omitempty" json:"breach_notification,omitempty"` // e.g. "72 hours"; empty: not committed
	Documents     []Document `yaml:"documents,omitempty" json:"documents,omitempty"`
	VulnReporting string     `yaml:"vulnerability_reporting,omitempty" json:"vulnerability_reporting,omitempty"` // address or URL for security reports
	// OnRequest lists the documents the vendor shares on request (under NDA
	// or not) instead of publishing them, for the trust page.
	OnRequest []RequestDocument `yaml:"on_request,omitempty" json:"on_request,omitempty"`
}

// Terms on which a document listed under on_request is shared.
const (
	TermsNDA     = "nda"     // under a non-disclosure agreement
	TermsRequest = "request" // on request, no NDA stated
)

// RequestDocument is a document the vendor shares on request rather than
// publishing it: a security whitepaper under NDA, a DPA on request.
type RequestDocument struct {
	Title string `yaml:"title" json:"title"`
	Terms string `yaml:"terms" json:"terms"` // nda | request
	Note  string `yaml:"note,omitempty" json:"note,omitempty"`
	// Contact is the role of the published contact to ask (default: the
	// security contact, else sales, legal, privacy or support).
	Contact string `yaml:"contact,omitempty" json:"contact,omitempty"`
	Source  string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Contact returns the first contact with the role, or false.
func (c Company) Contact(role string) (Contact, bool) {
	for _, ct := range c.Contacts {
		if ct.Role == role {
			return ct, true
		}
	}
	return Contact{}, false
}

// Certification is an attestation or certification (SOC 2, ISO 27001, ...).
type Certification struct {
	ID         string     `yaml:"id" json:"id"`     // soc2, iso27001, ...
	Name       string     `yaml:"name" json:"name"` // "SOC 2 Type II"
	Status     CertStatus `yaml:"status" json:"status"`
	Scope      string     `yaml:"scope,omitempty" json:"scope,omitempty"`
	Auditor    string     `yaml:"auditor,omitempty" json:"auditor,omitempty"`
	Period     string     `yaml:"period,omitempty" json:"period,omitempty"`
	Expected   Date       `yaml:"expected,omitempty" json:"expected"`
	ValidUntil Date       `yaml:"valid_until,omitempty" json:"valid_until"`
	Note       string     `yaml:"note,omitempty" json:"note,omitempty"`
	Evidence   []Evidence `yaml:"evidence,omitempty" json:"evidence,omitempty"`
	Framework  string     `yaml:"framework,omitempty" json:"framework,omitempty"` // framework key it attests (soc2, iso27001)
	Keywords   []string   `yaml:"keywords,omitempty" json:"keywords,omitempty"`
	Source     string     `yaml:"source,omitempty" json:"source,omitempty"`
	Line       int        `yaml:"-" json:"-"`
}

// Details lists what the catalog says of a certification's attestation:
// ", scope: …, auditor: …, period: …, valid until …" (each only when set;
// the audit period only with period), for a sentence that names it first.
func (c Certification) Details(period bool) string {
	var s string
	if c.Scope != "" {
		s += ", scope: " + c.Scope
	}
	if c.Auditor != "" {
		s += ", auditor: " + c.Auditor
	}
	if period && c.Period != "" {
		s += ", period: " + c.Period
	}
	if !c.ValidUntil.IsZero() {
		s += ", valid until " + c.ValidUntil.String()
	}
	return s
}

// Subprocessor is a third party that processes customer personal data.
type Subprocessor struct {
	Name           string   `yaml:"name,omitempty" json:"name,omitempty"` // empty when only the category is public
	Category       string   `yaml:"category" json:"category"`             // hosting, analytics, ...
	Purpose        string   `yaml:"purpose" json:"purpose"`
	Location       string   `yaml:"location,omitempty" json:"location,omitempty"`
	DataCategories []string `yaml:"data_categories,omitempty" json:"data_categories,omitempty"`
	Transfer       string   `yaml:"transfer_mechanism,omitempty" json:"transfer_mechanism,omitempty"`
	DPARef         string   `yaml:"dpa_ref,omitempty" json:"dpa_ref,omitempty"`
	Line           int      `yaml:"-" json:"-"`
}

// DisplayName is the name, or the category when the name is not public.
func (s Subprocessor) DisplayName() string {
	if s.Name != "" {
		return s.Name
	}
	return "Not named publicly (" + s.Category + ")"
}

// Subprocessors is subprocessors.yaml: the list and how it is published.
type Subprocessors struct {
	Published bool   `yaml:"published" json:"published"`
	URL       string `yaml:"url,omitempty" json:"url,omitempty"`
	OnRequest bool   `yaml:"on_request,omitempty" json:"on_request,omitempty"`
	// None says the vendor states that it engages no subprocessor. An empty
	// list without it means the subprocessors are not named, not that there
	// are none.
	None    bool           `yaml:"none,omitempty" json:"none,omitempty"`
	Note    string         `yaml:"note,omitempty" json:"note,omitempty"`
	Source  string         `yaml:"source,omitempty" json:"source,omitempty"`
	Entries []Subprocessor `yaml:"subprocessors" json:"subprocessors"`
}

// DataCategory is a category of personal data with examples.
type DataCategory struct {
	Name     string `yaml:"name" json:"name"`
	Examples string `yaml:"examples,omitempty" json:"examples,omitempty"`
	Optional bool   `yaml:"optional,omitempty" json:"optional,omitempty"`
}

// Processing is processing.yaml: the DPA's Annex I.
type Processing struct {
	SubjectMatter     string         `yaml:"subject_matter" json:"subject_matter"`
	Duration          string         `yaml:"duration" json:"duration"`
	Nature            string         `yaml:"nature" json:"nature"`
	Purposes          []string       `yaml:"purposes" json:"purposes"`
	DataSubjects      []string       `yaml:"data_subjects" json:"data_subjects"`
	DataCategories    []DataCategory `yaml:"data_categories" json:"data_categories"`
	SpecialCategories string         `yaml:"special_categories,omitempty" json:"special_categories,omitempty"`
	Retention         []string       `yaml:"retention,omitempty" json:"retention,omitempty"`
	Transfers         string         `yaml:"transfers,omitempty" json:"transfers,omitempty"`
	Source            string         `yaml:"source,omitempty" json:"source,omitempty"`
}

// LibrarySource is where a library answer was learned.
type LibrarySource struct {
	File    string `yaml:"file" json:"file"`
	Sheet   string `yaml:"sheet,omitempty" json:"sheet,omitempty"`
	Row     int    `yaml:"row,omitempty" json:"row,omitempty"`
	ID      string `yaml:"id,omitempty" json:"id,omitempty"`
	Verdict string `yaml:"verdict,omitempty" json:"verdict,omitempty"`
	Learned Date   `yaml:"learned,omitempty" json:"learned"`
}

// Describe says where an answer was learned: "file.xlsx, sheet, row 12,
// ID, learned 2026-11-02", with the source's verdict after the ID when
// withVerdict.
func (s LibrarySource) Describe(withVerdict bool) string {
	parts := []string{s.File}
	if s.Sheet != "" {
		parts = append(parts, s.Sheet)
	}
	if s.Row > 0 {
		parts = append(parts, fmt.Sprintf("row %d", s.Row))
	}
	if s.ID != "" {
		parts = append(parts, s.ID)
	}
	if withVerdict && s.Verdict != "" {
		parts = append(parts, s.Verdict)
	}
	if !s.Learned.IsZero() {
		parts = append(parts, "learned "+s.Learned.String())
	}
	return strings.Join(parts, ", ")
}

// AnswerField is the Kind of a library entry that holds a form field.
const AnswerField = "field"

// Answer is one question/answer pair of the answer library.
type Answer struct {
	ID        string          `yaml:"id" json:"id"` // LIB-0001
	Question  string          `yaml:"question" json:"question"`
	Kind      string          `yaml:"kind,omitempty" json:"kind,omitempty"`       // "" for a claim, "field" for a form field (a name, an e-mail, a URL): kept apart, never reused as a claim
	Verdict   string          `yaml:"verdict,omitempty" json:"verdict,omitempty"` // yes, no, partial, na, or empty for free text
	Answer    string          `yaml:"answer,omitempty" json:"answer,omitempty"`   // the value as answered (Yes, No, a number, ...)
	Narrative string          `yaml:"narrative,omitempty" json:"narrative,omitempty"`
	Control   string          `yaml:"control,omitempty" json:"control,omitempty"`
	Sources   []LibrarySource `yaml:"sources,omitempty" json:"sources,omitempty"`
	Conflict  string          `yaml:"conflict,omitempty" json:"conflict,omitempty"` // set when sources disagree
	Line      int             `yaml:"-" json:"-"`
}

// Catalog is a whole loaded catalog.
type Catalog struct {
	Company        Company         `json:"company"`
	Controls       []Control       `json:"controls"` // sorted by ID
	Certifications []Certification `json:"certifications"`
	Subprocessors  Subprocessors   `json:"subprocessors"`
	Processing     Processing      `json:"processing"`
	Library        []Answer        `json:"library"`
	Waivers        []Waiver        `json:"waivers"` // waivers.yaml: accepted findings
	// Templates is the catalog's templates/ folder (document overrides), or nil.
	Templates fs.FS `json:"-"`
	// Source names where the catalog was loaded from ("embedded default" or a path).
	Source string `json:"source"`
	// Revision identifies the catalog's content: a SHA-256 over its files.
	Revision string `json:"revision"`
}

// Control returns the control with the ID (case-insensitive), or false.
func (c *Catalog) Control(id string) (*Control, bool) {
	for i := range c.Controls {
		if strings.EqualFold(c.Controls[i].ID, id) {
			return &c.Controls[i], true
		}
	}
	return nil, false
}

// Certification returns the certification with the ID, or false.
func (c *Catalog) Certification(id string) (*Certification, bool) {
	for i := range c.Certifications {
		if strings.EqualFold(c.Certifications[i].ID, id) {
			return &c.Certifications[i], true
		}
	}
	return nil, false
}

// Domains returns the control domains in catalog order of first appearance
// sorted alphabetically.
func (c *Catalog) Domains() []string {
	seen := map[string]bool{}
	var out []string
	for _, ct := range c.Controls {
		if !seen[ct.Domain] {
			seen[ct.Domain] = true
			out = append(out, ct.Domain)
		}
	}
	sort.Strings(out)
	return out
}
