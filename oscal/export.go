package oscal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vouchcli/vouch/controls"
)

// Model is an OSCAL model vouch can write.
type Model string

// The models Export writes.
const (
	ComponentDefinitionModel Model = "component-definition"
	CatalogModel             Model = "catalog"
)

// Models lists the models, the default first.
var Models = []Model{ComponentDefinitionModel, CatalogModel}

// ParseModel checks s against Models.
func ParseModel(s string) (Model, error) {
	for _, m := range Models {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("model %q is not one of component-definition, catalog", s)
}

// Resource kinds: the vouch "record" prop of each back-matter resource says
// which catalog record it holds.
const (
	recordCatalog          = "control-catalog"
	recordDocument         = "document"
	recordOnRequest        = "document-on-request"
	recordCertification    = "certification"
	recordSubprocessorList = "subprocessor-list"
	recordSubprocessor     = "subprocessor"
	recordEvidence         = "evidence"
)

const caveatPrefix = "Caveat: "

// Export writes the catalog as one OSCAL JSON document of the model. The
// bytes depend only on the catalog: UUIDs are derived from its IDs, the
// last-modified date is the latest date the catalog records, and the version
// is a digest of the content.
func Export(ctx context.Context, cat *controls.Catalog, model Model) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if model == "" {
		model = ComponentDefinitionModel
	}
	for _, ct := range cat.Controls {
		for _, fw := range ct.Frameworks.Keys() {
			if !tokenRe.MatchString(fw) {
				return nil, fmt.Errorf("%s:%d: control %s: framework key %q cannot be written to OSCAL, whose class is a token (a letter, then letters, digits, . - _): rename it", ct.File, ct.Line, ct.ID, fw)
			}
		}
	}
	b := newBuilder(cat)
	var doc Document
	var meta *Metadata
	var docUUID *string
	switch model {
	case ComponentDefinitionModel:
		cd := b.componentDefinition()
		doc.ComponentDefinition = cd
		meta, docUUID = &cd.Metadata, &cd.UUID
	case CatalogModel:
		c := b.catalog()
		doc.Catalog = c
		meta, docUUID = &c.Metadata, &c.UUID
	default:
		return nil, fmt.Errorf("unknown OSCAL model %q", model)
	}
	// The version and the document's UUID come from a digest of everything
	// else: a changed catalog gets a new version and a new document UUID
	// (OSCAL asks for a new one per revision), the same catalog the same.
	body, err := encode(doc)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	digest := hex.EncodeToString(sum[:])[:16]
	meta.Version = "sha256:" + digest
	*docUUID = StableUUID(b.company, string(model), digest)
	return encode(doc)
}

func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type builder struct {
	cat       *controls.Catalog
	company   string // the name UUIDs are derived from
	partyUUID string
	roles     map[string]string // owner -> role id
	roleList  []Role
	evidence  []Resource // control and certification evidence, in order
}

func newBuilder(cat *controls.Catalog) *builder {
	company := cat.Company.LegalName
	if company == "" {
		company = cat.Company.Name
	}
	b := &builder{cat: cat, company: company, roles: map[string]string{}}
	b.partyUUID = StableUUID(company, "party")
	b.roleList = append(b.roleList, Role{ID: "provider", Title: "Provider"})
	used := map[string]bool{"provider": true}
	for _, ct := range cat.Controls {
		if ct.Owner == "" || b.roles[ct.Owner] != "" {
			continue
		}
		id := token(ct.Owner, "role")
		for n := 2; used[id]; n++ {
			id = token(ct.Owner, "role") + "-" + strconv.Itoa(n)
		}
		used[id] = true
		b.roles[ct.Owner] = id
		b.roleList = append(b.roleList, Role{ID: id, Title: oneLine(ct.Owner)})
	}
	return b
}

var nonToken = regexp.MustCompile(`[^a-z0-9]+`)

// token turns free text into an OSCAL token: "Security lead" -> security-lead.
// A token starts with a letter: fallback stands in for an empty one and goes
// before one that starts with a digit.
func token(s, fallback string) string {
	t := strings.Trim(nonToken.ReplaceAllString(strings.ToLower(s), "-"), "-")
	switch {
	case t == "":
		return fallback
	case t[0] >= '0' && t[0] <= '9':
		return fallback + "-" + t
	}
	return t
}

var tokenRe = regexp.MustCompile(`^(\pL|_)(\pL|\pN|[.\-_])*$`)

// uriRef returns s as a URI reference: unchanged when it is one, else with
// each byte outside RFC 3986's characters (a space, say) percent-encoded.
// changed says whether the original must travel in a prop to come back.
func uriRef(s string) (ref string, changed bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0)
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			ok = true
		}
		if ok {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String(), b.String() != s
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// rlink adds the resource's link to ref, and a prop name holding ref as
// written when the link had to encode it.
func rlink(r *Resource, pp *props, name, ref string) {
	if ref == "" {
		return
	}
	h, changed := uriRef(ref)
	r.RLinks = []RLink{{Href: h}}
	if changed {
		pp.add(name, ref)
	}
}

// oneLine folds whitespace: an OSCAL prop value is one line without
// leading or trailing space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func vprop(name, value string) Prop { return Prop{Name: name, NS: NS, Value: oneLine(value)} }

// props collects vouch props, skipping empty values.
type props []Prop

func (p *props) add(name, value string) {
	if oneLine(value) != "" {
		*p = append(*p, vprop(name, value))
	}
}

func (p *props) addClass(name, class, value string) {
	if oneLine(value) != "" {
		pr := vprop(name, value)
		pr.Class = class
		*p = append(*p, pr)
	}
}

func (p *props) addGroup(name, group, value string) {
	if oneLine(value) != "" {
		pr := vprop(name, value)
		pr.Group = group
		*p = append(*p, pr)
	}
}

func (p *props) addBool(name string, v bool) { p.add(name, strconv.FormatBool(v)) }

func (p props) list() []Prop {
	if len(p) == 0 {
		return nil
	}
	return p
}

// lastModified is the latest date the catalog records (document updates,
// reviews, evidence, certifications), so that it changes only with the
// catalog. A catalog without any date gets the Unix epoch.
func (b *builder) lastModified() string {
	var latest time.Time
	see := func(d controls.Date) {
		if d.After(latest) {
			latest = d.Time
		}
	}
	for _, d := range b.cat.Company.Documents {
		see(d.LastUpdated)
	}
	for _, ct := range b.cat.Controls {
		see(ct.Reviewed)
		for _, e := range ct.Evidence {
			see(e.Collected)
		}
	}
	for _, ce := range b.cat.Certifications {
		for _, e := range ce.Evidence {
			see(e.Collected)
		}
	}
	if latest.IsZero() {
		latest = time.Unix(0, 0)
	}
	return latest.UTC().Format(time.RFC3339)
}

func (b *builder) metadata(title string, roles bool) Metadata {
	co := b.cat.Company
	var pp props
	pp.add("dpo", co.DPO)
	pp.add("governing-law", co.GoverningLaw)
	pp.add("breach-notification", co.BreachNotice)
	pp.add("vulnerability-reporting", co.VulnReporting)
	for i, ct := range co.Contacts {
		g := "contact-" + strconv.Itoa(i+1)
		pp.addGroup("contact-role", g, ct.Role)
		pp.addGroup("contact-email", g, ct.Email)
		pp.addGroup("contact-url", g, ct.URL)
		pp.addGroup("contact-name", g, ct.Name)
		pp.addGroup("contact-source", g, ct.Source)
	}
	party := Party{UUID: b.partyUUID, Type: "organization", Name: oneLine(b.company)}
	if co.Name != "" && co.Name != b.company {
		party.ShortName = oneLine(co.Name)
	}
	if co.Website != "" {
		h, changed := uriRef(co.Website)
		party.Links = []Link{{Href: h, Rel: "website"}}
		if changed {
			pp.add("website", co.Website)
		}
	}
	party.Props = pp.list()
	if co.Address != "" || co.Country != "" {
		a := Address{Country: oneLine(co.Country)}
		if co.Address != "" {
			a.AddrLines = []string{oneLine(co.Address)}
		}
		party.Addresses = []Address{a}
	}
	m := Metadata{Title: title, LastModified: b.lastModified(), OSCALVersion: Version, Parties: []Party{party}}
	if roles {
		m.Roles = b.roleList
	}
	return m
}

func (b *builder) name() string {
	if b.cat.Company.Name != "" {
		return b.cat.Company.Name
	}
	return b.company
}

// statement is the control's narrative with its caveat after it, so that a
// consumer that shows only the description still shows the caveat.
func statement(ct controls.Control) string {
	s := strings.TrimSpace(ct.Statement)
	if c := strings.TrimSpace(ct.Caveat); c != "" {
		s += "\n\n" + caveatPrefix + c
	}
	return s
}

// controlProps are the vouch fields of a control that OSCAL has no field for.
func controlProps(ct controls.Control, withTitle bool) []Prop {
	var pp props
	if withTitle {
		pp.add("title", ct.Title)
	}
	pp.add("domain", ct.Domain)
	for _, k := range ct.Keywords {
		pp.add("keyword", k)
	}
	for _, t := range ct.Topics {
		pp.add("topic", t)
	}
	for _, fw := range ct.Frameworks.Keys() {
		for _, ref := range ct.Frameworks[fw] {
			pp.addClass("mapping", fw, ref)
		}
	}
	pp.add("reviewed", ct.Reviewed.String())
	pp.add("review-every", ct.ReviewEvery.String())
	pp.add("source", ct.Source)
	return pp
}

// evidenceLinks adds the evidence as back-matter resources and returns
// links to them.
func (b *builder) evidenceLinks(owner string, ev []controls.Evidence) []Link {
	var links []Link
	for i, e := range ev {
		u := StableUUID(b.company, owner, "evidence", strconv.Itoa(i+1))
		var pp props
		pp.add("record", recordEvidence)
		pp.add("evidence-for", owner)
		pp.add("kind", e.Kind)
		pp.add("collected", e.Collected.String())
		pp.add("expires", e.Expires.String())
		r := Resource{UUID: u, Title: oneLine(e.Name)}
		rlink(&r, &pp, "ref", e.Ref)
		r.Props = pp.list()
		b.evidence = append(b.evidence, r)
		links = append(links, Link{Href: "#" + u, Rel: "evidence", Text: oneLine(e.Name)})
	}
	return links
}

func (b *builder) catalogResourceUUID() string { return StableUUID(b.company, "control-catalog") }

func (b *builder) backMatter() *BackMatter {
	co := b.cat.Company
	res := []Resource{{
		UUID:        b.catalogResourceUUID(),
		Title:       b.name() + " control catalog",
		Description: "The vendor's own controls, kept as a vouch catalog; `vouch oscal export --model catalog` writes them as an OSCAL catalog. The control-ids of this component definition are its control IDs.",
		Props:       []Prop{vprop("record", recordCatalog)},
	}}
	for _, d := range co.Documents {
		var pp props
		pp.add("record", recordDocument)
		pp.add("document-id", d.ID)
		pp.add("last-updated", d.LastUpdated.String())
		r := Resource{UUID: StableUUID(b.company, "document", d.ID), Title: oneLine(d.Title)}
		rlink(&r, &pp, "url", d.URL)
		r.Props = pp.list()
		res = append(res, r)
	}
	for i, d := range co.OnRequest {
		var pp props
		pp.add("record", recordOnRequest)
		pp.add("terms", d.Terms)
		pp.add("contact-role", d.Contact)
		pp.add("source", d.Source)
		r := Resource{UUID: StableUUID(b.company, "on-request", fmt.Sprint(i), d.Title), Title: oneLine(d.Title), Description: d.Note}
		r.Props = pp.list()
		res = append(res, r)
	}
	for _, ce := range b.cat.Certifications {
		owner := "certification:" + ce.ID
		var pp props
		pp.add("record", recordCertification)
		pp.add("certification-id", ce.ID)
		pp.add("status", string(ce.Status))
		pp.add("framework", ce.Framework)
		pp.add("scope", ce.Scope)
		pp.add("auditor", ce.Auditor)
		pp.add("period", ce.Period)
		pp.add("expected", ce.Expected.String())
		pp.add("valid-until", ce.ValidUntil.String())
		for _, k := range ce.Keywords {
			pp.add("keyword", k)
		}
		pp.add("source", ce.Source)
		res = append(res, Resource{UUID: StableUUID(b.company, owner), Title: certTitle(ce), Description: strings.TrimSpace(ce.Note), Props: pp.list()})
		b.evidenceLinks(owner, ce.Evidence)
	}
	sp := b.cat.Subprocessors
	{
		var pp props
		pp.add("record", recordSubprocessorList)
		pp.addBool("published", sp.Published)
		pp.addBool("on-request", sp.OnRequest)
		pp.add("source", sp.Source)
		r := Resource{UUID: StableUUID(b.company, "subprocessors"), Title: "Subprocessors of " + b.name(), Description: strings.TrimSpace(sp.Note)}
		rlink(&r, &pp, "url", sp.URL)
		r.Props = pp.list()
		res = append(res, r)
	}
	for i, s := range sp.Entries {
		var pp props
		pp.add("record", recordSubprocessor)
		pp.add("name", s.Name)
		pp.add("category", s.Category)
		pp.add("location", s.Location)
		for _, d := range s.DataCategories {
			pp.add("data-category", d)
		}
		pp.add("transfer-mechanism", s.Transfer)
		pp.add("dpa-ref", s.DPARef)
		res = append(res, Resource{UUID: StableUUID(b.company, "subprocessor", strconv.Itoa(i+1)), Title: oneLine(s.DisplayName()), Description: strings.TrimSpace(s.Purpose), Props: pp.list()})
	}
	return &BackMatter{Resources: append(res, b.evidence...)}
}

// certTitle says the status in the title, so that no reader takes a listed
// certification for a held one: "SOC 2 (not held)".
func certTitle(ce controls.Certification) string {
	return oneLine(ce.Name) + certSuffix(ce.Status)
}

func certSuffix(st controls.CertStatus) string {
	return " (" + strings.ReplaceAll(string(st), "-", " ") + ")"
}

func (b *builder) componentDefinition() *ComponentDefinition {
	co := b.cat.Company
	var reqs []ImplementedRequirement
	for _, ct := range b.cat.Controls {
		owner := "control:" + ct.ID
		r := ImplementedRequirement{
			UUID:        StableUUID(b.company, owner),
			ControlID:   ct.ID,
			Description: statement(ct),
			Props:       append([]Prop{{Name: "implementation-status", Value: string(ct.Status)}}, controlProps(ct, true)...),
			Links:       b.evidenceLinks(owner, ct.Evidence),
		}
		if role := b.roles[ct.Owner]; role != "" {
			r.ResponsibleRoles = []ResponsibleRole{{RoleID: role}}
		}
		if c := strings.TrimSpace(ct.Caveat); c != "" {
			r.Remarks = caveatPrefix + c
		}
		reqs = append(reqs, r)
	}
	title := co.Product
	if title == "" {
		title = b.name()
	}
	desc := strings.TrimSpace(co.Description)
	if desc == "" {
		desc = "The service of " + b.name() + "."
	}
	comp := Component{
		UUID:             StableUUID(b.company, "component"),
		Type:             "service",
		Title:            oneLine(title),
		Description:      desc,
		ResponsibleRoles: []ResponsibleRole{{RoleID: "provider", PartyUUIDs: []string{b.partyUUID}}},
	}
	if len(reqs) > 0 {
		comp.ControlImplementations = []ControlImplementation{{
			UUID:                    StableUUID(b.company, "control-implementation"),
			Source:                  "#" + b.catalogResourceUUID(),
			Description:             "How " + b.name() + " implements the controls of its own catalog, as the catalog records them: status, caveats, owners, evidence and framework mappings.",
			ImplementedRequirements: reqs,
		}}
	}
	cd := &ComponentDefinition{
		Metadata:   b.metadata(b.name()+" control implementations", true),
		Components: []Component{comp},
	}
	cd.BackMatter = b.backMatter()
	return cd
}

func (b *builder) catalog() *Catalog {
	var groups []Group
	for _, dom := range b.cat.Domains() {
		g := Group{ID: token(dom, "domain"), Title: domainTitle(dom)}
		for _, ct := range b.cat.Controls {
			if ct.Domain != dom {
				continue
			}
			owner := "control:" + ct.ID
			var pp props
			pp.add("status", string(ct.Status))
			pp.add("owner", ct.Owner)
			c := CatalogControl{
				ID:    ct.ID,
				Title: oneLine(ct.Title),
				Props: append(pp, controlProps(ct, false)...),
				Links: b.evidenceLinks(owner, ct.Evidence),
				Parts: []Part{{ID: ct.ID + "_smt", Name: "statement", Prose: statement(ct)}},
			}
			if cv := strings.TrimSpace(ct.Caveat); cv != "" {
				c.Parts = append(c.Parts, Part{ID: ct.ID + "_cav", Name: "caveat", NS: NS, Prose: cv})
			}
			g.Controls = append(g.Controls, c)
		}
		groups = append(groups, g)
	}
	c := &Catalog{Metadata: b.metadata(b.name()+" control catalog", false), Groups: groups}
	c.BackMatter = b.backMatter()
	return c
}

// domainTitle turns a domain key into a title: incident-response -> Incident response.
func domainTitle(d string) string {
	t := strings.ReplaceAll(strings.ReplaceAll(d, "-", " "), "_", " ")
	if t == "" {
		return d
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
