package oscal

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/vouchcli/vouch/controls"
)

// Decode maps an OSCAL component definition (the value under the
// component-definition key, as Read returns it) into a catalog. name is the
// file, for messages. What it cannot map is returned as items, never
// dropped. The catalog is not validated here: WriteCatalog does that on the
// files it writes.
func Decode(name, model string, m map[string]any) (*controls.Catalog, []Item, error) {
	switch model {
	case "component-definition":
	case "catalog":
		return nil, nil, fmt.Errorf("%s: an OSCAL catalog holds requirements, not a vendor's implementations of them: vouch imports component definitions only", name)
	default:
		what := models[model]
		if what == "" {
			what = model
		}
		return nil, nil, fmt.Errorf("%s: an OSCAL %s: vouch imports component definitions only", name, what)
	}
	var items []Item
	if err := checkUUIDs(name, m, &items); err != nil {
		return nil, nil, err
	}
	d := &decoder{cat: &controls.Catalog{Source: name}, resources: map[string]*resource{}, roles: map[string]string{}, ids: map[string]int{}}
	root := node{m: m, path: "component-definition", out: &items}
	root.drop("uuid")
	meta, _ := root.obj("metadata")
	if meta.m != nil {
		meta.drop("title", "last-modified", "version", "oscal-version", "published")
		for _, r := range meta.list("roles") {
			id := r.str("id")
			d.roles[id] = r.str("title")
			r.rest()
		}
	}
	if bm, ok := root.obj("back-matter"); ok {
		for _, r := range bm.list("resources") {
			d.readResource(r)
		}
		bm.rest()
	}
	comps := root.list("components")
	// The company is the party the first component names as provider, else
	// the first organization.
	var provider string
	if len(comps) > 0 {
		if rr, ok := comps[0].m["responsible-roles"].([]any); ok {
			for _, e := range rr {
				if r, ok := e.(map[string]any); ok && r["role-id"] == "provider" {
					if ps, ok := r["party-uuids"].([]any); ok && len(ps) > 0 {
						provider, _ = ps[0].(string)
					}
				}
			}
		}
	}
	if meta.m != nil {
		d.readParties(meta, provider)
		meta.rest()
	}
	for i, c := range comps {
		d.readComponent(c, i == 0, provider)
	}
	root.rest()
	d.finish(&items)
	if d.cat.Company.Name == "" && d.cat.Company.LegalName == "" {
		d.cat.Company.Name = d.cat.Company.Product
		from := "its first component"
		if d.cat.Company.Name == "" {
			d.cat.Company.Name = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
			from = "the file"
		}
		items = append(items, Item{Path: "component-definition.metadata.parties", Note: "no provider organization: the company is named after " + from + "; set name and legal_name in company.yaml"})
	}
	return d.cat, items, nil
}

// checkUUIDs refuses a document in which one UUID names two objects. OSCAL
// asks for every UUID to be unique; NIST's own component-definition example
// repeats one statement UUID, and statements are folded into the control's
// statement here, so a repeat among statements only is listed, not refused.
func checkUUIDs(name string, m map[string]any, items *[]Item) error {
	seen := map[string][]string{}
	var order []string
	walkUUIDs(m, "component-definition", func(u, p string) {
		key := strings.ToLower(u)
		if _, ok := seen[key]; !ok {
			order = append(order, key)
		}
		seen[key] = append(seen[key], p)
	})
	for _, u := range order {
		paths := seen[u]
		if len(paths) < 2 {
			continue
		}
		statements := true
		for _, p := range paths {
			if !strings.Contains(p, ".statements[") {
				statements = false
			}
		}
		if !statements {
			return fmt.Errorf("%s: duplicate UUID %s: used by %s and %s", name, u, paths[0], paths[1])
		}
		*items = append(*items, Item{Path: paths[1], Note: fmt.Sprintf("UUID %s is also used by %s (OSCAL wants it unique; statements are folded into the control's statement, so nothing depends on it)", u, paths[0])})
	}
	return nil
}

type resource struct {
	uuid, title, description string
	hrefs                    []string
	props                    map[string][]prop
	n                        node
	used                     bool
}

type decoder struct {
	cat       *controls.Catalog
	resources map[string]*resource
	order     []*resource
	roles     map[string]string // role id -> title
	ids       map[string]int    // control IDs taken
}

func (d *decoder) readResource(r node) {
	res := &resource{uuid: r.str("uuid"), title: r.str("title"), description: r.str("description"), n: r}
	res.props, _ = r.props()
	for _, l := range r.list("rlinks") {
		res.hrefs = append(res.hrefs, l.str("href"))
		l.drop("media-type")
		l.rest()
	}
	d.resources[strings.ToLower(res.uuid)] = res
	d.order = append(d.order, res)
	switch first(res.props, "record") {
	case recordDocument:
		res.used = true
		doc := controls.Document{ID: first(res.props, "document-id"), Title: res.title, URL: nonEmpty(first(res.props, "url"), firstOf(res.hrefs))}
		doc.LastUpdated = d.date(r, res.props, "last-updated")
		d.cat.Company.Documents = append(d.cat.Company.Documents, doc)
		d.restResource(res, "record", "document-id", "last-updated", "url")
	case recordOnRequest:
		res.used = true
		p := res.props
		d.cat.Company.OnRequest = append(d.cat.Company.OnRequest, controls.RequestDocument{Title: res.title, Terms: first(p, "terms"),
			Note: res.description, Contact: first(p, "contact-role"), Source: first(p, "source")})
		d.restResource(res, "record", "terms", "contact-role", "source")
	case recordCertification:
		res.used = true
		p := res.props
		st := controls.CertStatus(first(p, "status"))
		ce := controls.Certification{
			ID: first(p, "certification-id"), Name: strings.TrimSuffix(res.title, certSuffix(st)), Status: st,
			Framework: first(p, "framework"), Scope: first(p, "scope"), Auditor: first(p, "auditor"), Period: first(p, "period"),
			Note: res.description, Keywords: values(p, "keyword"), Source: first(p, "source"),
		}
		ce.Expected = d.date(r, p, "expected")
		ce.ValidUntil = d.date(r, p, "valid-until")
		d.cat.Certifications = append(d.cat.Certifications, ce)
		d.restResource(res, "record", "certification-id", "status", "framework", "scope", "auditor", "period", "expected", "valid-until", "keyword", "source")
	case recordSubprocessorList:
		res.used = true
		sp := &d.cat.Subprocessors
		sp.Published = first(res.props, "published") == "true"
		sp.OnRequest = first(res.props, "on-request") == "true"
		sp.Source = first(res.props, "source")
		sp.Note = res.description
		sp.URL = nonEmpty(first(res.props, "url"), firstOf(res.hrefs))
		d.restResource(res, "record", "published", "on-request", "source", "url")
	case recordSubprocessor:
		res.used = true
		p := res.props
		s := controls.Subprocessor{
			Name: first(p, "name"), Category: first(p, "category"), Purpose: res.description, Location: first(p, "location"),
			DataCategories: values(p, "data-category"), Transfer: first(p, "transfer-mechanism"), DPARef: first(p, "dpa-ref"),
		}
		d.cat.Subprocessors.Entries = append(d.cat.Subprocessors.Entries, s)
		d.restResource(res, "record", "name", "category", "location", "data-category", "transfer-mechanism", "dpa-ref")
	case recordCatalog:
		res.used = true
		d.restResource(res, "record")
	}
}

// restResource lists the vouch props of a resource that its record does not
// know, and the fields left.
func (d *decoder) restResource(res *resource, known ...string) {
	for _, k := range sortedKeys(res.props) {
		if !slices.Contains(known, k) {
			for _, p := range res.props[k] {
				res.n.note("props", "not mapped: vouch prop %s=%q", p.name, p.value)
			}
		}
	}
	res.n.rest()
}

func (d *decoder) date(n node, p map[string][]prop, name string) controls.Date {
	v := first(p, name)
	if v == "" {
		return controls.Date{}
	}
	dt, err := controls.ParseDate(v)
	if err != nil {
		n.note("props", "%s not kept: %v", name, err)
	}
	return dt
}

func (d *decoder) evidence(res *resource) controls.Evidence {
	res.used = true
	e := controls.Evidence{Name: res.title, Kind: first(res.props, "kind"), Ref: nonEmpty(first(res.props, "ref"), firstOf(res.hrefs))}
	e.Collected = d.date(res.n, res.props, "collected")
	e.Expires = d.date(res.n, res.props, "expires")
	if len(res.hrefs) > 1 {
		res.n.note("rlinks", "only the first of %d links kept as the evidence ref", len(res.hrefs))
	}
	if e.Name == "" {
		e.Name = e.Ref
	}
	d.restResource(res, "record", "evidence-for", "kind", "collected", "expires", "ref")
	return e
}

func (d *decoder) readParties(meta node, provider string) {
	parties := meta.list("parties")
	pick := -1
	for i, p := range parties {
		if provider != "" && p.m["uuid"] == provider {
			pick = i
		}
	}
	if pick < 0 {
		for i, p := range parties {
			if p.m["type"] == "organization" {
				pick = i
				break
			}
		}
	}
	for i, p := range parties {
		if i != pick {
			p.note("", "party %q not mapped: the catalog has one company", p.str("name"))
			p.drop("uuid", "type", "short-name", "links", "props", "addresses", "email-addresses", "telephone-numbers", "remarks", "external-ids", "location-uuids", "member-of-organizations")
			p.rest()
			continue
		}
		co := &d.cat.Company
		p.drop("uuid", "type")
		co.LegalName = p.str("name")
		co.Name = p.str("short-name")
		if co.Name == "" {
			co.Name = co.LegalName
		}
		for _, l := range p.list("links") {
			href, rel := l.str("href"), l.str("rel")
			if rel == "website" && co.Website == "" {
				co.Website = href
			} else {
				l.note("", "link %s (rel %q) not mapped", href, rel)
			}
			l.drop("text", "media-type")
			l.rest()
		}
		for j, a := range p.list("addresses") {
			if j > 0 {
				a.note("", "only the first address is kept")
				a.drop("addr-lines", "country", "city", "state", "postal-code", "type")
			}
			lines := a.strs("addr-lines")
			for _, k := range []string{"city", "state", "postal-code"} {
				if v := a.str(k); v != "" {
					lines = append(lines, v)
				}
			}
			co.Address = strings.Join(lines, ", ")
			co.Country = a.str("country")
			a.drop("type")
			a.rest()
		}
		for _, e := range p.strs("email-addresses") {
			co.Contacts = append(co.Contacts, controls.Contact{Role: "contact", Email: e})
			p.note("email-addresses", "%s kept as a contact with role \"contact\": set its role in company.yaml", e)
		}
		ps, _ := p.props()
		co.DPO = first(ps, "dpo")
		co.GoverningLaw = first(ps, "governing-law")
		co.BreachNotice = first(ps, "breach-notification")
		co.VulnReporting = first(ps, "vulnerability-reporting")
		if w := first(ps, "website"); w != "" {
			co.Website = w
		}
		groups := map[string]*controls.Contact{}
		var order []string
		for _, k := range []string{"contact-role", "contact-email", "contact-url", "contact-name", "contact-source"} {
			for _, pr := range ps[k] {
				c := groups[pr.group]
				if c == nil {
					c = &controls.Contact{}
					groups[pr.group] = c
					order = append(order, pr.group)
				}
				switch k {
				case "contact-role":
					c.Role = pr.value
				case "contact-email":
					c.Email = pr.value
				case "contact-url":
					c.URL = pr.value
				case "contact-name":
					c.Name = pr.value
				case "contact-source":
					c.Source = pr.value
				}
			}
		}
		sort.SliceStable(order, func(i, j int) bool { return groupLess(order[i], order[j]) })
		var contacts []controls.Contact
		for _, g := range order {
			contacts = append(contacts, *groups[g])
		}
		co.Contacts = append(contacts, co.Contacts...)
		for _, k := range sortedKeys(ps) {
			if !slices.Contains([]string{"dpo", "governing-law", "breach-notification", "vulnerability-reporting", "website", "contact-role", "contact-email", "contact-url", "contact-name", "contact-source"}, k) {
				for _, pr := range ps[k] {
					p.note("props", "not mapped: vouch prop %s=%q", pr.name, pr.value)
				}
			}
		}
		p.rest()
	}
}

// groupLess orders contact-2 before contact-10.
func groupLess(a, b string) bool {
	na, ea := strconv.Atoi(strings.TrimPrefix(a, "contact-"))
	nb, eb := strconv.Atoi(strings.TrimPrefix(b, "contact-"))
	if ea == nil && eb == nil {
		return na < nb
	}
	return a < b
}

func (d *decoder) readComponent(c node, isFirst bool, provider string) {
	c.drop("uuid")
	typ, title, desc := c.str("type"), c.str("title"), c.str("description")
	if isFirst {
		d.cat.Company.Product = title
		d.cat.Company.Description = desc
		if typ != "service" {
			c.note("type", "component type %q not kept: the catalog describes a vendor's service", typ)
		}
	} else {
		c.note("", "component %q (%s): its title and description are not kept; its controls are imported with domain %q", title, typ, domainOf(title))
	}
	for _, r := range c.list("responsible-roles") {
		id := r.str("role-id")
		parties := r.strs("party-uuids")
		if id == "provider" && len(parties) == 1 && parties[0] == provider {
			r.rest()
			continue
		}
		r.note("", "component role %q not mapped (vouch keeps one owner per control)", d.roleTitle(id))
		r.rest()
	}
	for _, ci := range c.list("control-implementations") {
		d.readControlImplementation(ci, title)
	}
	c.rest()
}

func domainOf(component string) string {
	return token(component, "imported")
}

func (d *decoder) roleTitle(id string) string {
	if t := d.roles[id]; t != "" {
		return t
	}
	return id
}

func (d *decoder) readControlImplementation(ci node, component string) {
	ci.drop("uuid")
	src := ci.str("source")
	desc := ci.str("description")
	own := false
	if strings.HasPrefix(src, "#") {
		if res := d.resources[strings.ToLower(src[1:])]; res != nil {
			res.used = true
			res.n.rest()
			own = first(res.props, "record") == recordCatalog
			if !own {
				ci.note("source", "the control-ids refer to %s; they are kept as control IDs, the source and the set's description (%q) are not", nonEmpty(res.description, res.title, src), oneLine(desc))
			}
		}
	} else if src != "" {
		ci.note("source", "the control-ids refer to %s; they are kept as control IDs, the source and the set's description (%q) are not", src, oneLine(desc))
	}
	params := d.params(ci)
	for _, r := range ci.list("implemented-requirements") {
		d.readRequirement(r, component, params)
	}
	ci.rest()
}

func nonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// params takes set-parameters: param-id -> values joined.
func (d *decoder) params(n node) map[string]string {
	out := map[string]string{}
	for _, sp := range n.list("set-parameters") {
		out[sp.str("param-id")] = strings.Join(sp.strs("values"), ", ")
		sp.drop("remarks")
		sp.rest()
	}
	return out
}

// insertParam resolves OSCAL's "{{ insert: param, id }}" with the values
// set. It scans forward only: a value is never scanned again.
func insertParam(s string, params map[string]string, n node) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		f := strings.SplitN(strings.TrimSpace(s[i+2:i+j]), ",", 2)
		if len(f) == 2 && strings.TrimSpace(f[0]) == "insert: param" {
			id := strings.TrimSpace(f[1])
			if v, ok := params[id]; ok {
				b.WriteString(v)
			} else {
				n.note("", "parameter %s has no value set: left as [%s]", id, id)
				b.WriteString("[" + id + "]")
			}
		} else {
			b.WriteString(s[i : i+j+2])
		}
		s = s[i+j+2:]
	}
	b.WriteString(s)
	return b.String()
}

func (d *decoder) readRequirement(r node, component string, ciParams map[string]string) {
	r.drop("uuid")
	cid := r.str("control-id")
	desc := r.str("description")
	remarks := strings.TrimSpace(r.str("remarks"))
	vp, status := r.props()
	params := d.params(r)
	for k, v := range ciParams {
		if _, ok := params[k]; !ok {
			params[k] = v
		}
	}
	ct := controls.Control{ID: cid}
	// The caveat: vouch writes it as the remarks and again after the
	// statement; take it back off the statement.
	caveat := strings.TrimSpace(strings.TrimPrefix(remarks, caveatPrefix))
	stmt := strings.TrimSpace(desc)
	if caveat != "" {
		stmt = strings.TrimSpace(strings.TrimSuffix(stmt, caveatPrefix+caveat))
	}
	stmt = insertParam(stmt, params, r)
	for _, s := range r.list("statements") {
		sid := s.str("statement-id")
		s.drop("uuid")
		if t := strings.TrimSpace(insertParam(s.str("description"), params, s)); t != "" {
			stmt += "\n\n" + t
			s.note("", "statement %s folded into the control's statement", sid)
		}
		for _, rr := range s.list("responsible-roles") {
			rr.note("", "statement %s: role %q not mapped (vouch keeps one owner per control)", sid, d.roleTitle(rr.str("role-id")))
			rr.drop("party-uuids")
			rr.rest()
		}
		s.rest()
	}
	ct.Statement = stmt
	ct.Caveat = caveat
	switch st, err := controls.ParseStatus(status); {
	case status == "":
		ct.Status = controls.Planned
		r.note("props", "control %s: no implementation-status; recorded as planned, which never answers Yes, until someone reviews it", cid)
	case err != nil:
		ct.Status = controls.Planned
		r.note("props", "control %s: implementation-status %q is not one of vouch's; recorded as planned", cid, status)
	default:
		ct.Status = st
	}
	if ct.Title = first(vp, "title"); ct.Title == "" {
		ct.Title = cid
		r.note("", "control %s: no title in the document; its control-id is used", cid)
	}
	if ct.Domain = first(vp, "domain"); ct.Domain == "" {
		ct.Domain = domainOf(component)
	}
	ct.Keywords = values(vp, "keyword")
	ct.Topics = values(vp, "topic")
	for _, m := range vp["mapping"] {
		if ct.Frameworks == nil {
			ct.Frameworks = controls.Frameworks{}
		}
		ct.Frameworks[m.class] = append(ct.Frameworks[m.class], m.value)
	}
	if v := first(vp, "reviewed"); v != "" {
		ct.Reviewed = d.date(r, vp, "reviewed")
	}
	if v := first(vp, "review-every"); v != "" {
		p, err := controls.ParsePeriod(v)
		if err != nil {
			r.note("props", "review-every not kept: %v", err)
		}
		ct.ReviewEvery = p
	}
	ct.Source = first(vp, "source")
	for _, k := range sortedKeys(vp) {
		if !slices.Contains([]string{"title", "domain", "keyword", "topic", "mapping", "reviewed", "review-every", "source"}, k) {
			for _, p := range vp[k] {
				r.note("props", "not mapped: vouch prop %s=%q", p.name, p.value)
			}
		}
	}
	var owners []string
	for _, rr := range r.list("responsible-roles") {
		owners = append(owners, d.roleTitle(rr.str("role-id")))
		if ps := rr.strs("party-uuids"); len(ps) > 0 {
			rr.note("party-uuids", "the parties of role %q are not kept", owners[len(owners)-1])
		}
		rr.rest()
	}
	ct.Owner = strings.Join(owners, "; ")
	for _, l := range r.list("links") {
		href, rel := l.str("href"), l.str("rel")
		text := l.str("text")
		if res := d.resources[strings.ToLower(strings.TrimPrefix(href, "#"))]; strings.HasPrefix(href, "#") && res != nil && (rel == "evidence" || first(res.props, "record") == recordEvidence) {
			ct.Evidence = append(ct.Evidence, d.evidence(res))
		} else if rel == "evidence" && !strings.HasPrefix(href, "#") {
			ct.Evidence = append(ct.Evidence, controls.Evidence{Name: nonEmpty(text, href), Ref: href})
		} else {
			l.note("", "link %s (rel %q) not mapped", href, rel)
		}
		l.drop("media-type", "resource-fragment")
		l.rest()
	}
	r.rest()
	// Two requirements for one control-id (two components, say): the
	// second gets a suffix, so the catalog's IDs stay unique.
	key := strings.ToUpper(ct.ID)
	if n := d.ids[key]; n > 0 {
		newID := fmt.Sprintf("%s-%d", ct.ID, n+1)
		r.note("control-id", "control %s is implemented twice; the second is imported as %s", ct.ID, newID)
		ct.ID = newID
	}
	d.ids[key]++
	d.cat.Controls = append(d.cat.Controls, ct)
}

// finish attaches certification evidence and lists resources nothing used.
func (d *decoder) finish(items *[]Item) {
	for _, res := range d.order {
		if res.used {
			continue
		}
		if first(res.props, "record") == recordEvidence {
			if id, ok := strings.CutPrefix(first(res.props, "evidence-for"), "certification:"); ok {
				for i := range d.cat.Certifications {
					if d.cat.Certifications[i].ID == id {
						d.cat.Certifications[i].Evidence = append(d.cat.Certifications[i].Evidence, d.evidence(res))
						break
					}
				}
			}
		}
		if !res.used {
			res.n.note("", "resource %q not mapped: no control links to it", nonEmpty(res.title, res.description, res.uuid))
			res.n.rest()
		}
	}
}

func firstOf(s []string) string {
	if len(s) > 0 {
		return s[0]
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
