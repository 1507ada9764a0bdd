package controls

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing/fstest"
	"unicode"

	"gopkg.in/yaml.v3"
)

// starterTopic is one controls file of a starter catalog: the usual topics
// of a security review, each control a question the company must answer in
// its own words.
type starterTopic struct {
	file, domain, prefix string
	controls             []starterControl
}

type starterControl struct{ title, write string }

var starterTopics = []starterTopic{
	{"governance", "governance", "GOV", []starterControl{
		{"Written information security policy", "which security policies exist, who approves them and how often they are reviewed"},
		{"Named security responsibility", "who is accountable for security and how the role is staffed"},
		{"Risk assessment", "how and how often security risks are assessed and treated"},
	}},
	{"access", "access", "IAM", []starterControl{
		{"Authentication of staff and customers", "how users sign in (SSO, multi-factor authentication, password rules)"},
		{"Least-privilege internal access", "who may reach production and customer data, and how access is granted"},
		{"Periodic access reviews and offboarding", "how often access is reviewed and how leavers lose it"},
	}},
	{"encryption", "encryption", "ENC", []starterControl{
		{"Encryption of data in transit", "which protocols and versions protect data in transit, and where"},
		{"Encryption of stored data", "which stored data is encrypted, how, and where it is not"},
		{"Management of keys and secrets", "where keys and secrets are kept, who can use them, how they rotate"},
	}},
	{"logging", "logging", "LOG", []starterControl{
		{"Security event logging and alerting", "what is logged, how long logs are kept and who is alerted"},
	}},
	{"incident-response", "incident-response", "IR", []starterControl{
		{"Documented incident response", "how incidents are detected, triaged, contained and reviewed"},
		{"Notifying customers of breaches", "when and how customers are told of an incident that affects them"},
	}},
	{"continuity", "continuity", "BCR", []starterControl{
		{"Backups and restore tests", "what is backed up, how often, where, and when a restore was last tested"},
		{"Continuity and disaster recovery plan", "how the service recovers from the loss of a site or provider"},
	}},
	{"development", "development", "SDL", []starterControl{
		{"Secure software development", "how code is reviewed and tested for security before release"},
		{"Approval of production changes", "how a change reaches production and who approves it"},
	}},
	{"vulnerability", "vulnerability", "VUL", []starterControl{
		{"Vulnerability scanning and patching", "how vulnerabilities are found and how fast they are fixed"},
		{"Independent penetration testing", "who tests the service, how often, and whether a summary can be shared"},
		{"Channel for vulnerability reports", "where researchers report vulnerabilities and who answers"},
	}},
	{"vendor-management", "vendor-management", "VEN", []starterControl{
		{"Review of third-party providers", "how providers that handle customer data are chosen and reviewed"},
	}},
	{"privacy", "privacy", "PRV", []starterControl{
		{"Requests from data subjects", "how access, correction and deletion requests are handled and how fast"},
		{"Processing on customer instructions", "whether a DPA is offered and what it commits to"},
	}},
	{"retention", "retention", "RET", []starterControl{
		{"Retention periods and deletion", "how long each kind of data is kept and how it is deleted"},
	}},
	{"people", "people", "HR", []starterControl{
		{"Staff security awareness", "what security training staff get and how often"},
		{"Confidentiality commitments of staff", "whether staff sign confidentiality terms and are screened"},
	}},
}

// CheckCompanyName checks a company name for a starter catalog.
func CheckCompanyName(name string) error {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return errors.New("the company name is empty")
	case len(name) > 200:
		return fmt.Errorf("the company name is %d bytes long (at most 200)", len(name))
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return errors.New("the company name holds a control character or line break")
	}
	return nil
}

// Starter returns a starter catalog for company: company.yaml with its name
// and the fields to fill, the usual control topics with every control a
// draft whose statement is still to be written, and empty certifications,
// subprocessors, processing and library. It claims nothing: every finding
// of vouch gaps on it is a real gap, and fill sends every draft to review.
func Starter(company string) (fstest.MapFS, error) {
	if err := CheckCompanyName(company); err != nil {
		return nil, err
	}
	company = strings.TrimSpace(company)
	name, err := yamlScalarText(company)
	if err != nil {
		return nil, err
	}
	files := fstest.MapFS{}
	put := func(p, s string) { files[p] = &fstest.MapFile{Data: []byte(s), Mode: 0o644} }

	put(CompanyFile, `# `+company+` — company facts, read by vouch packet (the DPA and NDA) and
# vouch gaps. Written by vouch init as a starter: fill each field from your
# own documents. Nothing in this catalog is claimed until you write it.
name: `+name+`
# legal_name:          the legal entity that signs DPAs and NDAs
# address:             registered address
# country:
# website:             https://...
# product:             what buyers know the product as
# description: >-
#   What the product does, in one or two sentences.
# dpo:                 your data protection officer, or why none is required
# governing_law:       e.g. the laws of Ireland
# breach_notification: the window you commit to, e.g. 72 hours
# vulnerability_reporting: where researchers report (security@..., a security.txt URL)

# Published contacts, each with the document that publishes it:
#   - role: security     # security, privacy, support, dpo, legal, vulnerability
#     email: security@example.com
#     source: security-page
contacts: []

# Public documents your claims come from (controls cite them in source:):
#   - id: security-page
#     title: Security
#     url: https://example.com/security
#     last_updated: 2026-01-31
documents: []
`)
	for _, tp := range starterTopics {
		var b strings.Builder
		fmt.Fprintf(&b, "# %s — %s controls. Every control is a draft: write its statement in\n", company, tp.domain)
		b.WriteString("# your own words, set its real status (implemented, partial with a caveat,\n")
		b.WriteString("# planned, alternative, not-applicable), its owner and its evidence. Until\n")
		b.WriteString("# then, questionnaires send it to review and vouch gaps lists it.\n\ncontrols:\n")
		for i, c := range tp.controls {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "  - id: %s-%02d\n    title: %s\n    domain: %s\n    status: draft\n", tp.prefix, i+1, c.title, tp.domain)
			fmt.Fprintf(&b, "    # To write: %s.\n    statement: \"\"\n    review_every: 12m\n", c.write)
		}
		put(ControlsDir+"/"+tp.file+".yaml", b.String())
	}
	put(CertificationsFile, `# Certifications and audit reports (SOC 2, ISO 27001, ...), with their real
# status: held, in-progress, planned, not-held, not-pursued. None is recorded
# yet, so vouch gaps reports SOC 2 and ISO 27001 as not recorded.
#   - id: soc2
#     name: SOC 2
#     status: in-progress
#     expected: 2027-06-30
certifications: []
`)
	put(SubprocessorsFile, `# Subprocessors: third parties that process customer personal data.
# Set published: true and url once the list is public.
published: false
subprocessors: []
#   - name: Example Cloud
#     category: hosting
#     purpose: hosting of the service
#     location: EU
#     transfer_mechanism: none (EU)
#     dpa_ref: provider DPA, 2026-01-01
`)
	put(ProcessingFile, `# The DPA's Annex I: what personal data you process for customers, and how.
# Fill every field; the DPA prints them as written.
subject_matter: ""
duration: ""
nature: ""
purposes: []
data_subjects: []
data_categories: []
#   - name: Account data
#     examples: names, email addresses
retention: []
`)
	put(LibraryFile, `# The answer library: questions and answers learned from answered
# questionnaires (vouch questionnaire learn). Empty in a starter catalog.
answers: []
`)
	return files, nil
}

// yamlScalarText is s as a YAML scalar on one line, quoted where needed.
func yamlScalarText(s string) (string, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}
