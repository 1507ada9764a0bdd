package match

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/vouchcli/vouch/controls"
)

// Form fields. "Vendor Name", "Solution Provider Contact Email", "Product
// Description", "List the email addresses of people we should contact about
// security issues" ask for a fact of company.yaml, not for a practice. A
// field is recognised by its text (and a free-text cell), never by a row of
// one questionnaire; it is filled only when company.yaml holds the value,
// and goes to review naming what is missing when it does not.

// field is one kind of form field.
type formField struct {
	name string
	re   *regexp.Regexp
	// value returns the catalog's value and where it comes from, or "".
	value func(c *controls.Company, role string) (val, source string)
}

var reRole = regexp.MustCompile(`\b(security|privacy|support|sales|legal|dpo|data protection|vulnerabilit|incident|accessibility|a11y|billing|finance|technical|account manager|executive|marketing)`)

// contactRole is the role a contact field asks for: the one it names, or
// security for a vendor's contact on a security questionnaire.
func contactRole(cl string) string {
	m := reRole.FindString(cl)
	switch {
	case m == "" || m == "vulnerabilit" || m == "incident":
		return "security"
	case m == "data protection":
		return "dpo"
	case m == "a11y":
		return "accessibility"
	}
	return m
}

func contactWith(c *controls.Company, role string, get func(controls.Contact) string) (string, string) {
	for _, ct := range c.Contacts {
		if strings.EqualFold(ct.Role, role) && get(ct) != "" {
			return get(ct), fmt.Sprintf("company.yaml contacts (%s, as published in %s)", ct.Role, orUnnamed(ct.Source))
		}
	}
	return "", ""
}

func orUnnamed(s string) string {
	if s == "" {
		return "company.yaml"
	}
	return s
}

var formFields = []formField{
	{"contact email", regexp.MustCompile(`\b(contact|reach|report)\w*\b.*\be-?mail|\be-?mail\b.*\b(contact|reach|report)`),
		func(c *controls.Company, role string) (string, string) {
			return contactWith(c, role, func(ct controls.Contact) string { return ct.Email })
		}},
	{"contact phone", regexp.MustCompile(`\b(phone|telephone)\b`), func(*controls.Company, string) (string, string) { return "", "" }},
	{"contact name", regexp.MustCompile(`\bcontact\b.*\bname\b|\bname of (the |your )?(contact|person|representative)\b|\bname\b.{0,40}\bof (the |your )?(primary |main )?\w* ?contact\b`),
		func(c *controls.Company, role string) (string, string) {
			return contactWith(c, role, func(ct controls.Contact) string { return ct.Name })
		}},
	{"contact title", regexp.MustCompile(`\bcontact\b.*\btitle\b|\bjob title\b|\btitle\b.{0,40}\bof (the |your )?(primary |main )?\w* ?contact\b`), func(*controls.Company, string) (string, string) { return "", "" }},
	{"privacy notice link", regexp.MustCompile(`\bprivacy\b.*\b(link|url|web|address|location)\b|\b(link|url)\b.*\bprivacy\b`),
		func(c *controls.Company, _ string) (string, string) {
			for _, d := range c.Documents {
				if d.URL != "" && strings.Contains(strings.ToLower(d.ID+" "+d.Title), "privacy") {
					return d.URL, "company.yaml documents (" + d.ID + ")"
				}
			}
			return "", ""
		}},
	{"website", regexp.MustCompile(`\b(web ?site|url|web address|homepage|home page)\b`),
		func(c *controls.Company, _ string) (string, string) { return c.Website, "company.yaml website" }},
	{"product description", regexp.MustCompile(`\bdescription\b|\bdescribe (your|the) (product|solution|service)\b`),
		func(c *controls.Company, _ string) (string, string) {
			return strings.TrimSpace(c.Description), "company.yaml description"
		}},
	{"product name", regexp.MustCompile(`\b(product|solution|service|application|software|tool) name\b|\bname of (the |your )?(product|solution|service|application)\b`),
		func(c *controls.Company, _ string) (string, string) { return c.Product, "company.yaml product" }},
	{"vendor name", regexp.MustCompile(`\b(vendor|company|supplier|provider|organi[sz]ation|legal entity|business|firm)( legal)? name\b|\bname of (the |your )?(vendor|company|organi[sz]ation|supplier)\b`),
		func(c *controls.Company, _ string) (string, string) {
			if c.LegalName != "" {
				return c.LegalName, "company.yaml legal_name"
			}
			return c.Name, "company.yaml name"
		}},
	{"headquarters country", regexp.MustCompile(`\b(headquarter|hq|country)`),
		func(c *controls.Company, _ string) (string, string) { return c.Country, "company.yaml country" }},
	{"address", regexp.MustCompile(`\b(postal|mailing|street|business|office)? ?address\b`),
		func(c *controls.Company, _ string) (string, string) { return c.Address, "company.yaml address" }},
}

// reContactRequest is a request for contact details that is longer than a
// field label: "List the email addresses of people we should contact about
// security issues", "Who should we contact ...".
var reContactRequest = regexp.MustCompile(`^\W*(?:please )?(?:list|provide|give|share|enter|what (?:is|are)|who)\b.*\b(?:e-?mail|contact|phone)`)

// companyField answers a form field from company.yaml. ok is false when
// the text is no field vouch knows; a known field the catalog lacks comes
// back as a review.
func (e *Engine) companyField(cl string) (Result, bool) {
	for i, f := range formFields {
		if !f.re.MatchString(cl) {
			continue
		}
		role := contactRole(cl)
		if strings.HasPrefix(f.name, "contact") {
			if r, ok := e.contactFields(cl, role, i); ok {
				return r, true
			}
		}
		val, src := f.value(&e.cat.Company, role)
		if val == "" {
			what := f.name
			if strings.HasPrefix(f.name, "contact") {
				what = role + " " + f.name
			}
			r := review(Result{}, fmt.Sprintf("a form field (%s) that company.yaml does not record", what))
			return r, true
		}
		return Result{Status: StatusAnswered, Verdict: VerdictYes, Answer: val, Confidence: 0.9,
			Controls: []string{}, Reasons: []string{fmt.Sprintf("form field (%s) filled from %s", f.name, src)}}, true
	}
	return Result{}, false
}

// contactFields answers a request for several details of one contact
// ("the name, title and email address of your primary security contact"),
// the first of them formFields[first]: all of them when company.yaml holds
// them, else a review that names what is missing and suggests what is
// known. ok is false when the text asks for one detail only.
func (e *Engine) contactFields(cl, role string, first int) (Result, bool) {
	var vals, srcs, missing []string
	n := 0
	for _, f := range formFields[first:] {
		if !strings.HasPrefix(f.name, "contact") || !f.re.MatchString(cl) {
			continue
		}
		n++
		if val, src := f.value(&e.cat.Company, role); val != "" {
			vals, srcs = append(vals, val), append(srcs, src)
		} else {
			missing = append(missing, strings.TrimPrefix(f.name, "contact "))
		}
	}
	if n < 2 {
		return Result{}, false
	}
	if len(missing) > 0 {
		r := review(Result{}, fmt.Sprintf("a form field asking for the %s contact's %s, which company.yaml does not record", role, strings.Join(missing, " and ")))
		if len(vals) > 0 {
			r.Comment += ". Known: " + strings.Join(vals, "; ")
		}
		return r, true
	}
	return Result{Status: StatusAnswered, Verdict: VerdictYes, Answer: strings.Join(vals, "; "), Confidence: 0.9,
		Controls: []string{}, Reasons: []string{"form fields filled from " + strings.Join(uniq(srcs), ", ")}}, true
}

// IsFormField reports a form field rather than a question: a short label
// without a question ("Vendor Name", "Date"), a request for contact
// details, or one of the company facts vouch fills from company.yaml.
func IsFormField(text string) bool {
	cl := clean(text)
	if reContactRequest.MatchString(cl) {
		return true
	}
	return isField(cl)
}
