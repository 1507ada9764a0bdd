// Package trust builds the static trust page for prospects from the control
// catalog: one index.html (html/template, no JavaScript), its stylesheet and
// fonts beside it, and optionally trust.json with the same content for a
// buyer's tooling. Every claim is the catalog's, with its caveat next to it;
// a planned control is shown as planned and a certification not held says
// so. It never prints and never exits.
package trust

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/text"
)

// The page's sections, in page order; --exclude and Options.Exclude name them.
const (
	SectionContacts       = "contacts"
	SectionCertifications = "certifications"
	SectionControls       = "controls"
	SectionSubprocessors  = "subprocessors"
	SectionDocuments      = "documents"
)

// Sections lists the page's sections in page order.
var Sections = []string{SectionContacts, SectionCertifications, SectionControls, SectionSubprocessors, SectionDocuments}

// ErrUnknownName is returned (wrapped) when OnlyDomains or Exclude names
// neither a section nor a control domain of the catalog.
var ErrUnknownName = errors.New("unknown section or domain")

// Options say what the page shows.
type Options struct {
	// Title is the page title; "" gives "<Company> Trust Center".
	Title string
	// OnlyDomains keeps only these control domains (all when empty).
	OnlyDomains []string
	// Exclude leaves out sections (Sections) or control domains.
	Exclude []string
	// Date is the generation date printed in the footer; it must be set.
	Date time.Time
	// Generator names the program in the footer and trust.json ("vouch 1.2.0").
	Generator string
	// Logo is the logo image file's content (PNG, JPEG, GIF, WebP or SVG), or nil.
	Logo []byte
	// JSON also writes trust.json beside the page.
	JSON bool
}

// Page is the trust page's content. It is what the template renders and,
// as it stands, what trust.json holds.
type Page struct {
	Title          string          `json:"title"`
	Company        Company         `json:"company"`
	Contacts       []ContactRole   `json:"contacts,omitempty"`
	Certifications []Certification `json:"certifications,omitempty"`
	Domains        []Domain        `json:"domains,omitempty"`
	// StatusCounts counts the controls shown by status, in the catalog's
	// status order (only statuses that occur).
	StatusCounts []StatusCount `json:"status_counts,omitempty"`
	// ControlCount is the number of controls shown.
	ControlCount  int            `json:"control_count"`
	Subprocessors *Subprocessors `json:"subprocessors,omitempty"`
	Documents     *Documents     `json:"documents,omitempty"`
	Sources       []Source       `json:"sources,omitempty"`
	// Sections are the sections shown, in page order.
	Sections  []string `json:"sections"`
	Revision  string   `json:"catalog_revision"`
	Generated string   `json:"generated"` // YYYY-MM-DD
	Generator string   `json:"generator,omitempty"`
	Logo      *Logo    `json:"logo,omitempty"`
}

// Company is the vendor as the page names it.
type Company struct {
	Name        string `json:"name"`
	LegalName   string `json:"legal_name,omitempty"`
	Description string `json:"description,omitempty"`
	Website     string `json:"website,omitempty"`
}

// ContactRole is the published contacts of one role (security, privacy,
// ...), in catalog order: two documents may publish two addresses.
type ContactRole struct {
	Role string `json:"role"`
	// Label is the role in words ("Security", "Privacy", "Vulnerability reports").
	Label    string    `json:"label"`
	Contacts []Contact `json:"contacts"`
}

// Contact is one published contact address.
type Contact struct {
	Role string `json:"role"`
	// Label is the role in words ("Security", "Privacy", "Vulnerability reports").
	Label string `json:"label"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
	Name  string `json:"name,omitempty"`
	// PublishedIn is the title of the document that publishes the address.
	PublishedIn string `json:"published_in,omitempty"`
}

// Address is the e-mail address, else the URL.
func (c Contact) Address() string { return text.FirstNonBlank(c.Email, c.URL) }

// Href is a mailto: link for an e-mail address, else the URL.
func (c Contact) Href() string {
	if c.Email != "" {
		return "mailto:" + c.Email
	}
	return c.URL
}

// Certification is one certification or audit report as it stands.
type Certification struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"` // the catalog's: held, in-progress, planned, not-held, not-pursued
	// Held is true only for a held certification still valid on the page's date.
	Held bool `json:"held"`
	// StatusText says it in words: "Held", "Not held", "In progress — not held today".
	StatusText string `json:"status_text"`
	Scope      string `json:"scope,omitempty"`
	Auditor    string `json:"auditor,omitempty"`
	Period     string `json:"period,omitempty"`
	ValidUntil string `json:"valid_until,omitempty"`
	Expected   string `json:"expected,omitempty"`
	Note       string `json:"note,omitempty"`
}

// StatusCount is how many of the controls shown have a status.
type StatusCount struct {
	Status string `json:"status"`
	Text   string `json:"text"` // the status in words, lower case: "partially implemented"
	Count  int    `json:"count"`
}

// Domain is one control domain with its controls.
type Domain struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Controls []Control `json:"controls"`
}

// Control is one control as the page states it.
type Control struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"`
	// StatusText is the status in words ("Partially implemented", "Planned — not in place").
	StatusText string `json:"status_text"`
	Statement  string `json:"statement"`
	// Caveat is the honest limit, shown next to the statement.
	Caveat   string `json:"caveat,omitempty"`
	Reviewed string `json:"last_reviewed,omitempty"` // YYYY-MM-DD
}

// Subprocessors is the subprocessor section.
type Subprocessors struct {
	Published bool   `json:"published"`
	OnRequest bool   `json:"on_request"`
	URL       string `json:"url,omitempty"`
	// Status says in one sentence how the list is published.
	Status  string         `json:"status"`
	Note    string         `json:"note,omitempty"`
	Entries []Subprocessor `json:"entries,omitempty"`
}

// Subprocessor is one entry of the list (a category when the name is not public).
type Subprocessor struct {
	Name     string   `json:"name"`
	Category string   `json:"category"`
	Purpose  string   `json:"purpose"`
	Location string   `json:"location,omitempty"`
	Data     []string `json:"data_categories,omitempty"`
	Transfer string   `json:"transfer_mechanism,omitempty"`
}

// Documents is the section of documents shared on request or under NDA.
type Documents struct {
	Items []Document `json:"items,omitempty"`
	// Contact is where to ask when an item names no contact of its own.
	Contact *Contact `json:"contact,omitempty"`
}

// Document is one document shared on request.
type Document struct {
	Title string `json:"title"`
	Terms string `json:"terms"` // nda, request
	// TermsText is the terms in words: "Under NDA", "On request".
	TermsText string   `json:"terms_text"`
	Note      string   `json:"note,omitempty"`
	Contact   *Contact `json:"contact,omitempty"`
}

// Source is a public document the catalog's claims come from.
type Source struct {
	Title       string `json:"title"`
	URL         string `json:"url,omitempty"`
	LastUpdated string `json:"last_updated,omitempty"`
}

// Logo is the logo file beside the page.
type Logo struct {
	File string `json:"file"` // logo.png, logo.svg, ...
	Alt  string `json:"alt"`
	data []byte
}

// Build makes the page's content from the catalog.
func Build(cat *controls.Catalog, opts Options) (*Page, error) {
	if opts.Date.IsZero() {
		return nil, errors.New("the generation date is not set")
	}
	co := cat.Company
	name := text.FirstNonBlank(co.Name, co.LegalName)
	if name == "" {
		return nil, fmt.Errorf("%s: the company has no name", controls.CompanyFile)
	}
	sections, domains, err := selection(cat, opts)
	if err != nil {
		return nil, err
	}
	p := &Page{
		Title:     text.FirstNonBlank(strings.TrimSpace(opts.Title), name+" Trust Center"),
		Company:   Company{Name: name, LegalName: co.LegalName, Description: oneLine(co.Description), Website: co.Website},
		Sections:  sections,
		Revision:  cat.Revision,
		Generated: opts.Date.Format(time.DateOnly),
		Generator: opts.Generator,
	}
	if p.Company.LegalName == name {
		p.Company.LegalName = ""
	}
	if opts.Logo != nil {
		ext, err := logoType(opts.Logo)
		if err != nil {
			return nil, err
		}
		p.Logo = &Logo{File: "logo" + ext, Alt: name + " logo", data: opts.Logo}
	}
	docTitle := func(id string) string {
		for _, d := range co.Documents {
			if d.ID == id {
				return text.FirstNonBlank(d.Title, d.ID)
			}
		}
		return id
	}
	contactOf := func(c controls.Contact) Contact {
		src := strings.TrimSpace(strings.SplitN(c.Source, "§", 2)[0])
		return Contact{Role: c.Role, Label: roleLabel(c.Role), Email: c.Email, URL: c.URL, Name: c.Name, PublishedIn: docTitle(src)}
	}
	has := func(s string) bool { return slices.Contains(sections, s) }

	if has(SectionContacts) {
		for _, role := range []string{"security", "vulnerability", "privacy", "dpo"} {
			g := ContactRole{Role: role, Label: roleLabel(role)}
			for _, c := range co.Contacts {
				if c.Role == role && (c.Email != "" || c.URL != "") {
					g.Contacts = append(g.Contacts, contactOf(c))
				}
			}
			if v := strings.TrimSpace(co.VulnReporting); v != "" && role == "vulnerability" {
				c := Contact{Role: role, Label: g.Label}
				if strings.Contains(v, "@") && !strings.Contains(v, "/") {
					c.Email = strings.TrimPrefix(v, "mailto:")
				} else {
					c.URL = v
				}
				g.Contacts = append(g.Contacts, c)
			}
			if d := strings.TrimSpace(co.DPO); d != "" && role == "dpo" {
				g.Contacts = append(g.Contacts, Contact{Role: role, Label: g.Label, Name: d})
			}
			if len(g.Contacts) > 0 {
				p.Contacts = append(p.Contacts, g)
			}
		}
	}
	if has(SectionCertifications) {
		for _, c := range cat.Certifications {
			p.Certifications = append(p.Certifications, certification(c, opts.Date))
		}
	}
	if has(SectionControls) {
		for _, dom := range domains {
			d := Domain{ID: dom, Title: controls.DomainTitle(dom)}
			for _, c := range cat.Controls {
				if c.Domain == dom {
					d.Controls = append(d.Controls, Control{
						ID: c.ID, Title: text.FirstNonBlank(c.Title, c.ID), Status: string(c.Status), StatusText: c.Status.Words(),
						Statement: oneLine(c.Statement), Caveat: oneLine(c.Caveat), Reviewed: c.Reviewed.String(),
					})
				}
			}
			p.Domains = append(p.Domains, d)
		}
		for _, st := range controls.Statuses {
			n := 0
			for _, d := range p.Domains {
				for _, c := range d.Controls {
					if c.Status == string(st) {
						n++
					}
				}
			}
			p.ControlCount += n
			if n > 0 {
				p.StatusCounts = append(p.StatusCounts, StatusCount{Status: string(st), Text: strings.ToLower(st.Words()), Count: n})
			}
		}
	}
	if has(SectionSubprocessors) {
		p.Subprocessors = subprocessors(cat.Subprocessors)
	}
	if has(SectionDocuments) {
		docs := &Documents{}
		ask := askContact(co, "")
		if ask != nil {
			c := contactOf(*ask)
			docs.Contact = &c
		}
		for _, d := range co.OnRequest {
			item := Document{Title: d.Title, Terms: d.Terms, TermsText: termsText(d.Terms), Note: oneLine(d.Note)}
			if d.Contact != "" {
				if c := askContact(co, d.Contact); c != nil {
					cc := contactOf(*c)
					item.Contact = &cc
				}
			}
			docs.Items = append(docs.Items, item)
		}
		if cat.Subprocessors.OnRequest {
			docs.Items = append(docs.Items, Document{Title: "Subprocessor list", Terms: controls.TermsRequest, TermsText: termsText(controls.TermsRequest), Note: "The current list of subprocessors."})
		}
		for _, c := range cat.Certifications {
			if !certHeld(c, opts.Date) {
				continue
			}
			for _, e := range c.Evidence {
				if e.Kind == "report" {
					docs.Items = append(docs.Items, Document{Title: c.Name + " report", Terms: controls.TermsRequest, TermsText: termsText(controls.TermsRequest), Note: oneLine(e.Name)})
				}
			}
		}
		p.Documents = docs
	}
	for _, d := range co.Documents {
		p.Sources = append(p.Sources, Source{Title: text.FirstNonBlank(d.Title, d.ID), URL: d.URL, LastUpdated: d.LastUpdated.String()})
	}
	return p, nil
}

// selection resolves OnlyDomains and Exclude into the sections shown and
// the control domains shown.
func selection(cat *controls.Catalog, opts Options) (sections, domains []string, err error) {
	all := cat.Domains()
	check := func(flag string, names []string, sectionsOK bool) ([]string, error) {
		var out []string
		for _, n := range names {
			n = strings.ToLower(strings.TrimSpace(n))
			if n == "" {
				continue
			}
			if !slices.Contains(all, n) && !(sectionsOK && slices.Contains(Sections, n)) {
				known := "domains: " + strings.Join(all, ", ")
				if sectionsOK {
					known = "sections: " + strings.Join(Sections, ", ") + "; " + known
				}
				return nil, fmt.Errorf("%s %q: %w (%s)", flag, n, ErrUnknownName, known)
			}
			out = append(out, n)
		}
		return out, nil
	}
	only, err := check("--only-domains", opts.OnlyDomains, false)
	if err != nil {
		return nil, nil, err
	}
	excl, err := check("--exclude", opts.Exclude, true)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range all {
		if (len(only) == 0 || slices.Contains(only, d)) && !slices.Contains(excl, d) {
			domains = append(domains, d)
		}
	}
	for _, s := range Sections {
		if slices.Contains(excl, s) || (s == SectionControls && len(domains) == 0) {
			continue
		}
		sections = append(sections, s)
	}
	return sections, domains, nil
}

// askContact is the published contact of the role, else the first of
// security, sales, legal, privacy and support with an address.
func askContact(co controls.Company, role string) *controls.Contact {
	roles := []string{"security", "sales", "legal", "privacy", "support"}
	if role != "" {
		roles = []string{role}
	}
	for _, r := range roles {
		if c, ok := co.Contact(r); ok && (c.Email != "" || c.URL != "") {
			return &c
		}
	}
	return nil
}

func certHeld(c controls.Certification, date time.Time) bool {
	return c.Status == controls.CertHeld && (c.ValidUntil.IsZero() || !c.ValidUntil.Before(date))
}

func certification(c controls.Certification, date time.Time) Certification {
	out := Certification{
		ID: c.ID, Name: text.FirstNonBlank(c.Name, c.ID), Status: string(c.Status), Held: certHeld(c, date),
		Scope: c.Scope, Auditor: c.Auditor, Period: c.Period, ValidUntil: c.ValidUntil.String(), Expected: c.Expected.String(),
		Note: oneLine(c.Note),
	}
	switch c.Status {
	case controls.CertHeld:
		out.StatusText = "Held"
		if !out.Held {
			out.StatusText = "Not held: expired on " + c.ValidUntil.String()
		}
	case controls.CertInProgress:
		out.StatusText = "In progress, not held today"
		if out.Expected != "" {
			out.StatusText = "In progress (expected " + out.Expected + "), not held today"
		}
	case controls.CertPlanned:
		out.StatusText = "Planned, not held"
	case controls.CertNotHeld:
		out.StatusText = "Not held"
	case controls.CertNotPursued:
		out.StatusText = "Not held and not pursued"
	default:
		out.StatusText = string(c.Status)
	}
	return out
}

func subprocessors(sp controls.Subprocessors) *Subprocessors {
	out := &Subprocessors{Published: sp.Published, OnRequest: sp.OnRequest, URL: sp.URL, Note: oneLine(sp.Note)}
	switch {
	case sp.Published && sp.URL != "":
		out.Status = "The subprocessor list is published."
	case sp.Published:
		out.Status = "The subprocessor list is said to be published; the catalog records no address for it."
	case sp.OnRequest:
		out.Status = "The subprocessor list is not published: it is available on request."
	default:
		out.Status = "The subprocessor list is not published."
	}
	named := 0
	for _, s := range sp.Entries {
		if s.Name != "" {
			named++
		}
		out.Entries = append(out.Entries, Subprocessor{
			Name: s.DisplayName(), Category: s.Category, Purpose: oneLine(s.Purpose), Location: s.Location,
			Data: s.DataCategories, Transfer: s.Transfer,
		})
	}
	if named == 0 && len(sp.Entries) > 0 {
		out.Status += " No subprocessor is named publicly: the entries below are categories of service provider."
	}
	return out
}

func termsText(t string) string {
	if t == controls.TermsNDA {
		return "Under NDA"
	}
	return "On request"
}

func roleLabel(role string) string {
	switch role {
	case "dpo":
		return "Data protection officer"
	case "vulnerability":
		return "Vulnerability reports"
	case "":
		return "Contact"
	}
	return strings.ToUpper(role[:1]) + role[1:]
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
