package dpa

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/text"
)

// The template data. Every string is Markdown-escaped here, once, so that a
// customer called "*Acme* | [Ltd]" prints as typed and breaks no table.
type data struct {
	Date           string
	Law            string // governing law; for the DPA a fallback to the Agreement's law
	LawStated      bool   // Law comes from the catalog or --law
	BreachNotice   string // "without undue delay ..." with the window when set
	OneWay         bool
	Vendor         vendorData
	Customer       customerData
	Processing     processingData
	Measures       []domainData // Annex II: implemented and partial measures, by Article 32 group
	Domains        []domainData // overview: every control
	Certifications []certData
	Contacts       []contactData
	Subprocessors  subsData
}

type vendorData struct {
	Name, LegalName, Address, Product, Description string
	// PartyAddress is the address for a standalone agreement (the NDA),
	// where "the Agreement" is the document itself: the address, or a
	// blank to complete before signature.
	PartyAddress         string
	SecurityContact, DPO string
}

type customerData struct {
	Name, Address, PartyAddress, SignatoryLine, Contact string
}

type processingData struct {
	SubjectMatter, Duration, Nature, SpecialCategories, Transfers string
	Purposes, DataSubjects, Retention                             []string
	DataCategories                                                []dataCategory
}

type dataCategory struct {
	Name, Examples string
	Optional       bool
}

type domainData struct {
	Title    string
	Controls []controlData
}

type controlData struct {
	ID, Title, StatusText, Statement, Limit string
}

type certData struct {
	Name, Status, Note, Summary string
}

type contactData struct{ Role, Address, Source string }

type subsData struct {
	Status, Availability, Note string
	Entries                    []subData
}

type subData struct{ Name, Purpose, Location, Data, Transfer string }

const (
	notPublished  = "Not published"
	agreementAddr = "at the address stated in the Agreement"
	blankAddr     = "whose address is ______________________"
)

func newData(cat *controls.Catalog, kind Kind, opts Options) (*data, error) {
	co := cat.Company
	d := &data{
		Date:   esc(opts.Date.Format("2 January 2006")),
		OneWay: opts.OneWay,
	}
	law := text.FirstNonBlank(opts.Law, co.GoverningLaw)
	if law != "" {
		d.Law, d.LawStated = esc(strings.TrimSpace(law)), true
	} else if kind == KindDPA {
		d.Law = "the law governing the Agreement"
	}
	if w := strings.TrimSpace(co.BreachNotice); w != "" {
		d.BreachNotice = "without undue delay, and in any event within " + esc(w) + ", after becoming aware of a Personal Data Breach affecting Customer Personal Data"
	} else {
		d.BreachNotice = "without undue delay after becoming aware of a Personal Data Breach affecting Customer Personal Data (Article 33(2) GDPR)"
	}

	name := text.FirstNonBlank(co.Name, co.LegalName)
	if name == "" {
		return nil, fmt.Errorf("%s: the company has no name", controls.CompanyFile)
	}
	d.Vendor = vendorData{
		Name:         esc(name),
		LegalName:    esc(text.FirstNonBlank(co.LegalName, name)),
		Address:      addressOf(co.Address, co.Country, agreementAddr),
		PartyAddress: addressOf(co.Address, co.Country, blankAddr),
		Product:      esc(text.FirstNonBlank(co.Product, name)),
		Description:  esc(co.Description),
	}
	sec := "the contact address stated in the Agreement"
	for _, role := range []string{"security", "privacy", "dpo", "legal", "support"} {
		if c, ok := co.Contact(role); ok && (c.Email != "" || c.URL != "") {
			sec = esc(text.FirstNonBlank(c.Email, c.URL))
			break
		}
	}
	d.Vendor.SecurityContact = sec
	d.Vendor.DPO = esc(co.DPO)

	cu := opts.Customer
	d.Customer = customerData{
		Name:          esc(strings.TrimSpace(cu.Name)),
		Address:       addressOf(cu.Address, "", agreementAddr),
		PartyAddress:  addressOf(cu.Address, "", blankAddr),
		SignatoryLine: "______________________",
		Contact:       "named in the Agreement",
	}
	if s := strings.TrimSpace(cu.Signatory); s != "" {
		d.Customer.SignatoryLine = esc(s)
	}
	if e := strings.TrimSpace(cu.Email); e != "" {
		d.Customer.Contact = esc(e)
	}

	p := cat.Processing
	d.Processing = processingData{
		SubjectMatter:     escOr(p.SubjectMatter, "The provision of the services under the Agreement."),
		Duration:          escOr(p.Duration, "The term of the Agreement."),
		Nature:            escOr(p.Nature, "As required to provide the services under the Agreement."),
		SpecialCategories: escOr(p.SpecialCategories, "None intended."),
		Transfers:         escOr(p.Transfers, "No processing locations outside the Customer's jurisdiction are stated by the Processor."),
		Purposes:          escAll(p.Purposes, "The provision of the services under the Agreement."),
		DataSubjects:      escAll(p.DataSubjects, "As determined by the Customer's use of the services."),
		Retention:         escAll(p.Retention, "For the term of the Agreement, then deleted or returned as this DPA provides."),
	}
	for _, dc := range p.DataCategories {
		d.Processing.DataCategories = append(d.Processing.DataCategories, dataCategory{
			Name: esc(dc.Name), Examples: escOr(dc.Examples, "—"), Optional: dc.Optional,
		})
	}
	if len(d.Processing.DataCategories) == 0 {
		d.Processing.DataCategories = []dataCategory{{Name: "As determined by the Customer's use of the services", Examples: "—"}}
	}

	// Controls by domain, in the catalog's sorted domain order; the
	// measures by Article 32 group.
	groups := make([]domainData, len(measureGroups))
	for i, g := range measureGroups {
		groups[i].Title = esc(g)
	}
	for _, dom := range cat.Domains() {
		all := domainData{Title: esc(domainTitle(dom))}
		for _, c := range cat.Controls {
			if c.Domain != dom {
				continue
			}
			cd := controlData{
				ID: esc(c.ID), Title: escOr(c.Title, c.ID), StatusText: statusText(c.Status),
				Statement: escOr(c.Statement, "—"), Limit: escOr(c.Caveat, "—"),
			}
			all.Controls = append(all.Controls, cd)
			if g, ok := measureGroup(c); ok {
				if c.Status == controls.Partial {
					cd.Limit = "Partially implemented: " + escOr(c.Caveat, "the limits are not stated in the catalog; ask for details")
				}
				groups[g].Controls = append(groups[g].Controls, cd)
			}
		}
		d.Domains = append(d.Domains, all)
	}
	for _, g := range groups {
		if len(g.Controls) > 0 {
			d.Measures = append(d.Measures, g)
		}
	}

	for _, c := range cat.Certifications {
		d.Certifications = append(d.Certifications, certData{
			Name: esc(c.Name), Status: certStatusText(c.Status), Note: escOr(c.Note, "—"), Summary: esc(certSummary(c)),
		})
	}
	for _, c := range co.Contacts {
		addr := text.FirstNonBlank(c.Email, c.URL)
		if addr == "" {
			continue
		}
		src := c.Source
		for _, doc := range co.Documents {
			if doc.ID == c.Source && doc.Title != "" {
				src = doc.Title
			}
		}
		d.Contacts = append(d.Contacts, contactData{Role: esc(c.Role), Address: esc(addr), Source: escOr(src, "—")})
	}
	if co.DPO != "" {
		d.Contacts = append(d.Contacts, contactData{Role: "data protection officer", Address: esc(co.DPO), Source: esc(controls.CompanyFile)})
	}
	if len(d.Contacts) == 0 {
		d.Contacts = []contactData{{Role: "all", Address: "As stated in the Agreement", Source: "—"}}
	}

	d.Subprocessors = subprocessors(cat.Company, cat.Subprocessors)
	return d, nil
}

// subprocessors states the subprocessors as the catalog states them: named,
// by category, engaged but not named, or none, and "none" only when the
// catalog says so (none: true).
func subprocessors(co controls.Company, sp controls.Subprocessors) subsData {
	vendor := esc(text.FirstNonBlank(co.Name, co.LegalName))
	d := subsData{Note: esc(sp.Note)}
	switch {
	case sp.Published && sp.URL != "":
		d.Status = "The subprocessor list is published at " + esc(sp.URL) + "."
	case sp.Published:
		d.Status = vendor + " says its subprocessor list is published; the catalog records no address for it."
	case sp.OnRequest:
		d.Status = "The subprocessor list is not published; the current list is available on request."
	default:
		d.Status = "The subprocessor list is not published."
	}
	if sp.OnRequest || sp.Published {
		d.Availability = "The current list is available to the Customer on request."
	} else {
		d.Availability = "The Processor provides the current list to the Customer on request."
	}
	named := 0
	for _, s := range sp.Entries {
		if s.Name != "" {
			named++
		}
		e := subData{
			Name:     esc(s.DisplayName()),
			Purpose:  escOr(s.Purpose, "—"),
			Location: escOr(s.Location, notPublished),
			Data:     escOr(strings.Join(s.DataCategories, "; "), "Not stated"),
			Transfer: escOr(s.Transfer, notPublished),
		}
		if s.Name == "" && sp.OnRequest {
			e.Name = esc("Not named publicly (" + s.Category + "); name on request")
		}
		d.Entries = append(d.Entries, e)
	}
	switch {
	case len(sp.Entries) == 0 && sp.None:
		d.Status = vendor + " engages no subprocessor."
		d.Availability = "The Processor engages no Subprocessor at the date of this DPA."
		d.Entries = []subData{{Name: "None engaged", Purpose: "—", Location: "—", Data: "—", Transfer: "—"}}
	case len(sp.Entries) == 0:
		d.Status += " Subprocessors are engaged but none is named publicly; the current list is available on request."
		d.Entries = []subData{{Name: "Engaged, not named publicly: list on request", Purpose: "Not stated", Location: notPublished, Data: "Not stated", Transfer: notPublished}}
	case named == 0:
		d.Status += " No subprocessor is named publicly: each entry below is a category of service provider."
	case named < len(sp.Entries):
		d.Status += fmt.Sprintf(" %d of %d subprocessors are named publicly; the others are listed by category.", named, len(sp.Entries))
	}
	return d
}

func addressOf(addr, country, missing string) string {
	a := strings.Join(strings.Fields(addr), " ")
	if a == "" {
		return missing
	}
	if country != "" && !strings.Contains(strings.ToLower(a), strings.ToLower(country)) {
		a += ", " + country
	}
	return "of " + esc(a)
}

func statusText(s controls.Status) string {
	switch s {
	case controls.Implemented:
		return "Implemented"
	case controls.Partial:
		return "Partially implemented"
	case controls.Planned:
		return "Planned (not in place)"
	case controls.Alternative:
		return "Alternative control"
	case controls.NotApplicable:
		return "Not applicable"
	}
	return esc(string(s))
}

func certStatusText(s controls.CertStatus) string {
	switch s {
	case controls.CertHeld:
		return "Held"
	case controls.CertInProgress:
		return "In progress"
	case controls.CertPlanned:
		return "Planned"
	case controls.CertNotHeld:
		return "Not held"
	case controls.CertNotPursued:
		return "Not pursued"
	}
	return esc(string(s))
}

// certSummary is the one-line honest status: "not held; discuss scope with us".
func certSummary(c controls.Certification) string {
	switch c.Status {
	case controls.CertHeld:
		return "held" + c.Details(false)
	case controls.CertInProgress:
		if !c.Expected.IsZero() {
			return "in progress, expected " + c.Expected.String() + "; not held today"
		}
		return "in progress; not held today"
	case controls.CertPlanned:
		return "planned; not held today"
	case controls.CertNotHeld:
		return "not held; discuss scope with us"
	case controls.CertNotPursued:
		return "not held and not pursued"
	}
	return string(c.Status)
}

func domainTitle(d string) string {
	d = strings.ReplaceAll(strings.ReplaceAll(d, "-", " "), "_", " ")
	if d == "" {
		return "General"
	}
	return strings.ToUpper(d[:1]) + d[1:]
}

var (
	mdSpecial   = regexp.MustCompile("[\\\\`*_\\[\\]<>#|~!&$]")
	mdListStart = regexp.MustCompile(`^(\d+)([.)])`)
)

// esc makes s one line of literal Markdown text: whitespace collapsed,
// punctuation that Markdown acts on backslash-escaped.
func esc(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = mdSpecial.ReplaceAllString(s, `\$0`)
	if s != "" && strings.ContainsRune("-+=", rune(s[0])) {
		s = `\` + s
	}
	return mdListStart.ReplaceAllString(s, `$1\$2`)
}

func escOr(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return esc(fallback)
	}
	return esc(s)
}

func escAll(list []string, fallback string) []string {
	var out []string
	for _, s := range list {
		if strings.TrimSpace(s) != "" {
			out = append(out, esc(s))
		}
	}
	if len(out) == 0 {
		return []string{esc(fallback)}
	}
	return out
}
