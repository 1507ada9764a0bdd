package controls

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

var idRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$`)

// Verdicts are the answer verdicts a library entry may carry.
var Verdicts = []string{"yes", "no", "partial", "na"}

// Validate checks the meaning of a decoded catalog: required fields, allowed
// values, unique IDs, references that resolve and dates that make sense. It
// returns every problem found, with the file and line of the item.
func Validate(c *Catalog) []Problem {
	var ps []Problem
	add := func(file string, line int, format string, args ...any) {
		ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}

	docs := map[string]bool{}
	for _, d := range c.Company.Documents {
		if d.ID == "" {
			add(CompanyFile, 0, "a document has no id")
		}
		if docs[d.ID] {
			add(CompanyFile, 0, "document id %q is used twice", d.ID)
		}
		docs[d.ID] = true
	}
	checkSource := func(file string, line int, what, src string) {
		if src == "" || len(docs) == 0 {
			return
		}
		id := strings.TrimSpace(strings.SplitN(src, "§", 2)[0])
		if !docs[id] {
			add(file, line, "%s: source %q names no document of %s (known: %s)", what, id, CompanyFile, strings.Join(slices.Sorted(maps.Keys(docs)), ", "))
		}
	}
	if c.Company.Name == "" && c.Company.LegalName == "" {
		add(CompanyFile, 0, "company has neither name nor legal_name")
	}
	for _, ct := range c.Company.Contacts {
		if ct.Role == "" {
			add(CompanyFile, 0, "a contact has no role")
		}
		if ct.Email == "" && ct.URL == "" {
			add(CompanyFile, 0, "contact %q has neither email nor url", ct.Role)
		}
		if ct.Email != "" && !strings.Contains(ct.Email, "@") {
			add(CompanyFile, 0, "contact %q: %q is not an email address", ct.Role, ct.Email)
		}
		checkSource(CompanyFile, 0, "contact "+ct.Role, ct.Source)
	}
	for i, d := range c.Company.OnRequest {
		what := fmt.Sprintf("on_request #%d", i+1)
		if strings.TrimSpace(d.Title) == "" {
			add(CompanyFile, 0, "%s has no title", what)
		} else {
			what = fmt.Sprintf("on_request %q", d.Title)
		}
		if d.Terms != TermsNDA && d.Terms != TermsRequest {
			add(CompanyFile, 0, "%s: terms %q is not one of %s, %s", what, d.Terms, TermsNDA, TermsRequest)
		}
		if d.Contact != "" {
			if ct, ok := c.Company.Contact(d.Contact); !ok || (ct.Email == "" && ct.URL == "") {
				add(CompanyFile, 0, "%s: contact %q names no contact role of %s", what, d.Contact, CompanyFile)
			}
		}
		checkSource(CompanyFile, 0, what, d.Source)
	}

	seen := map[string]Control{}
	for _, ct := range c.Controls {
		at := func(format string, args ...any) { add(ct.File, ct.Line, format, args...) }
		switch {
		case ct.ID == "":
			at("control has no id")
		case !idRe.MatchString(ct.ID):
			at("control id %q may hold only letters, digits and - _ .", ct.ID)
		default:
			key := strings.ToUpper(ct.ID)
			if first, dup := seen[key]; dup {
				at("duplicate control id %s (first at %s:%d)", ct.ID, first.File, first.Line)
			} else {
				seen[key] = ct
			}
		}
		name := ct.ID
		if ct.Title == "" {
			at("control %s has no title", name)
		}
		if ct.Domain == "" {
			at("control %s has no domain", name)
		}
		if strings.TrimSpace(ct.Statement) == "" && ct.Status != Draft {
			at("control %s has no statement (only a draft may have none)", name)
		}
		if ct.Status == "" {
			at("control %s has no status (want one of %s)", name, joinStatuses(Statuses))
		} else if _, err := ParseStatus(string(ct.Status)); err != nil {
			at("control %s: %v", name, err)
		}
		if ct.Status == Partial && strings.TrimSpace(ct.Caveat) == "" {
			at("control %s is partial but has no caveat saying what is missing", name)
		}
		for _, k := range ct.Frameworks.Keys() {
			if k != strings.ToLower(k) || strings.ContainsAny(k, " \t") {
				at("control %s: framework key %q must be lowercase without spaces (e.g. soc2, iso27001, caiq)", name, k)
			}
			for _, ref := range ct.Frameworks[k] {
				if strings.TrimSpace(ref) == "" {
					at("control %s: empty %s reference", name, k)
				}
			}
		}
		ps = append(ps, validateEvidence(ct.File, ct.Line, "control "+name, ct.Evidence)...)
		checkSource(ct.File, ct.Line, "control "+name, ct.Source)
	}

	certIDs := map[string]bool{}
	for _, ce := range c.Certifications {
		at := func(format string, args ...any) { add(CertificationsFile, ce.Line, format, args...) }
		if ce.ID == "" {
			at("certification has no id")
		} else if certIDs[ce.ID] {
			at("duplicate certification id %s", ce.ID)
		}
		certIDs[ce.ID] = true
		if ce.Name == "" {
			at("certification %s has no name", ce.ID)
		}
		if !slices.Contains(CertStatuses, ce.Status) {
			at("certification %s: status %q is not one of %s", ce.ID, ce.Status, joinStatuses(CertStatuses))
		}
		if ce.Status == CertHeld && len(ce.Evidence) == 0 && ce.ValidUntil.IsZero() {
			at("certification %s is held but names neither a report (evidence) nor valid_until", ce.ID)
		}
		ps = append(ps, validateEvidence(CertificationsFile, ce.Line, "certification "+ce.ID, ce.Evidence)...)
		checkSource(CertificationsFile, ce.Line, "certification "+ce.ID, ce.Source)
	}

	for _, s := range c.Subprocessors.Entries {
		if s.Category == "" {
			add(SubprocessorsFile, s.Line, "subprocessor %q has no category", s.Name)
		}
		if s.Purpose == "" {
			add(SubprocessorsFile, s.Line, "subprocessor %q has no purpose", s.DisplayName())
		}
	}
	if c.Subprocessors.None && len(c.Subprocessors.Entries) > 0 {
		add(SubprocessorsFile, 0, "none: true says no subprocessor is engaged, and the list has %d", len(c.Subprocessors.Entries))
	}
	if c.Subprocessors.Published && c.Subprocessors.OnRequest {
		add(SubprocessorsFile, 0, "the list cannot be both published and only on request")
	}
	checkSource(SubprocessorsFile, 0, "subprocessors", c.Subprocessors.Source)
	checkSource(ProcessingFile, 0, "processing", c.Processing.Source)

	ps = append(ps, validateWaivers(c.Waivers)...)

	libIDs := map[string]bool{}
	for _, a := range c.Library {
		at := func(format string, args ...any) { add(LibraryFile, a.Line, format, args...) }
		if a.ID != "" && libIDs[a.ID] {
			at("duplicate library id %s", a.ID)
		}
		libIDs[a.ID] = true
		if strings.TrimSpace(a.Question) == "" {
			at("library answer %s has no question", a.ID)
		}
		if a.Kind != "" && a.Kind != AnswerField {
			at("library answer %s: kind %q is not %q (a form field) or empty (a claim)", a.ID, a.Kind, AnswerField)
		}
		if a.Verdict != "" && !slices.Contains(Verdicts, a.Verdict) {
			at("library answer %s: verdict %q is not one of %s", a.ID, a.Verdict, strings.Join(Verdicts, ", "))
		}
		if a.Control != "" {
			if _, ok := seen[strings.ToUpper(a.Control)]; !ok {
				at("library answer %s refers to unknown control %s", a.ID, a.Control)
			}
		}
	}
	return ps
}

func validateEvidence(file string, line int, owner string, ev []Evidence) []Problem {
	var ps []Problem
	for i, e := range ev {
		if strings.TrimSpace(e.Name) == "" {
			ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf("%s: evidence #%d has no name", owner, i+1)})
		}
		if !e.Collected.IsZero() && !e.Expires.IsZero() && e.Expires.Before(e.Collected.Time) {
			ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf("%s: evidence %q expires (%s) before it was collected (%s)", owner, e.Name, e.Expires, e.Collected)})
		}
	}
	return ps
}
