package controls

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestOnRequestValidation(t *testing.T) {
	c := &Catalog{Company: Company{
		Name:      "Acme",
		Contacts:  []Contact{{Role: "security", Email: "security@acme.test", Source: "site"}},
		Documents: []Document{{ID: "site", Title: "Security page"}},
		OnRequest: []RequestDocument{
			{Title: "Pen-test summary", Terms: TermsNDA, Source: "site"},
			{Title: "", Terms: TermsRequest},
			{Title: "SOC 2 bridge letter", Terms: "maybe"},
			{Title: "DPA", Terms: TermsRequest, Contact: "legal"},
			{Title: "Policies", Terms: TermsNDA, Source: "blog"},
		},
	}}
	var got []string
	for _, p := range Validate(c) {
		got = append(got, p.Msg)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"on_request #2 has no title",
		`on_request "SOC 2 bridge letter": terms "maybe" is not one of nda, request`,
		`on_request "DPA": contact "legal" names no contact role of company.yaml`,
		`on_request "Policies": source "blog" names no document`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no problem %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Pen-test") || len(got) != 4 {
		t.Errorf("problems:\n%s", all)
	}
}

func TestTemplateFileOverride(t *testing.T) {
	embedded := fstest.MapFS{"a.md": {Data: []byte("embedded a")}, "b.md": {Data: []byte("embedded b")}}
	c := &Catalog{Source: "cat", Templates: fstest.MapFS{"a.md": {Data: []byte("override a")}}}
	for file, want := range map[string][2]string{"a.md": {"override a", "cat/templates/a.md"}, "b.md": {"embedded b", "b.md"}} {
		b, name, err := c.TemplateFile(file, embedded)
		if err != nil || string(b) != want[0] || name != want[1] {
			t.Errorf("%s: %q %q %v", file, b, name, err)
		}
	}
	if _, _, err := c.TemplateFile("c.md", embedded); err == nil {
		t.Error("a template in neither place")
	}
	if DomainTitle("vendor-management") != "Vendor management" || DomainTitle("") != "General" || Planned.Words() != "Planned, not in place" {
		t.Error("DomainTitle or Words")
	}
}
