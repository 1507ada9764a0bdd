package oscal

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/templates"
)

// sharedOSCAL returns ../shared/oscal beside the checkout. It skips the test
// when the folder is absent, and fails it under CI=true (CI has it).
func sharedOSCAL(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "oscal")
	if _, err := os.Stat(filepath.Join(dir, schemaFile)); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is absent: CI must have NIST's OSCAL schema and examples beside the checkout", dir)
		}
		t.Skipf("%s is absent: skipping the check against NIST's OSCAL schema and examples", dir)
	}
	return dir
}

const schemaFile = "oscal_complete_schema-1.1.3.json"

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// oscalSchema compiles NIST's OSCAL 1.1.3 complete JSON Schema once, with
// format assertions on (date-time, uri, email).
func oscalSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	dir := sharedOSCAL(t)
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		schema, schemaErr = c.Compile(filepath.Join(dir, schemaFile))
	})
	if schemaErr != nil {
		t.Fatalf("compile NIST's schema: %v", schemaErr)
	}
	return schema
}

// validateOSCAL validates a document's bytes against NIST's schema.
func validateOSCAL(t testing.TB, b []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return oscalSchema(t).Validate(inst)
}

// catalogs are the two real catalogs: the embedded default (Kora Studio)
// and examples/proto-studio.
func catalogs(t testing.TB) map[string]fs.FS {
	return map[string]fs.FS{"kora": templates.DefaultCatalog(), "proto": os.DirFS(filepath.Join("..", "examples", "proto-studio"))}
}

func load(t testing.TB, fsys fs.FS, name string) *controls.Catalog {
	t.Helper()
	cat, err := controls.Load(context.Background(), fsys, name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return cat
}

func export(t testing.TB, cat *controls.Catalog, m Model) []byte {
	t.Helper()
	b, err := Export(context.Background(), cat, m)
	if err != nil {
		t.Fatalf("export %s: %v", m, err)
	}
	return b
}

// writeFullCatalog writes a catalog that sets every field vouch exports:
// contacts with names, an address, held certifications with evidence, named
// subprocessors, controls with evidence, review dates and two owners that
// make the same role token.
func writeFullCatalog(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"company.yaml": `name: Acme
legal_name: Acme Cloud GmbH
address: Hauptstraße 1, 10115 Berlin
country: DE
website: https://acme.example/über
product: Acme Cloud
description: |-
  Acme Cloud stores documents for teams.

  Second paragraph: "quoted" & <angled>.
contacts:
  - role: security
    email: security@acme.example
    name: Jürgen Müller
    source: trust
  - role: privacy
    url: https://acme.example/privacy
    source: trust
dpo: Dr. Łucja Nowak
governing_law: the laws of Germany
breach_notification: 48 hours
vulnerability_reporting: security@acme.example
documents:
  - id: trust
    title: Trust Center
    url: https://acme.example/trust center
    last_updated: 2026-09-30
`,
		"controls/access.yaml": `controls:
  - id: IAM-2
    title: Multi-factor authentication
    domain: access
    status: implemented
    statement: All staff use MFA on every production system.
    owner: Security Lead
    keywords: [MFA, 2FA]
    frameworks: {soc2: [CC6.1, CC6.2], iso27001: [A.8.5]}
    evidence:
      - {name: IdP MFA policy, kind: config, ref: evidence/mfa.png, collected: 2026-10-01, expires: 2027-10-01}
      - {name: Access review ticket, kind: ticket, ref: "tickets/Access review Q3 (100%).pdf"}
    reviewed: 2026-10-15
    review_every: 12m
    source: trust § Access
  - id: IAM-10
    title: Access reviews
    domain: 2026 Access
    status: planned
    statement: Quarterly access reviews are planned.
    owner: security-lead
`,
		"controls/data-protection.yaml": `controls:
  - id: ENC-1
    title: Encryption at rest
    domain: data-protection
    status: partial
    statement: Stored data is encrypted with AES-256.
    caveat: Backups older than 2025 are not encrypted.
    owner: Platform team
    review_every: 6w
  - id: DR.1
    title: Disaster recovery
    domain: data-protection
    status: alternative
    statement: Multi-region replication stands in for a DR site.
  - id: PHY-1
    title: Physical security
    domain: data-protection
    status: not-applicable
    statement: Acme runs no data centre of its own.
`,
		"certifications.yaml": `certifications:
  - id: soc2
    name: SOC 2 Type II
    status: held
    scope: Acme Cloud production
    auditor: Example CPA LLP
    period: 2025-10-01 to 2026-09-30
    valid_until: 2027-09-30
    note: Report under NDA.
    evidence:
      - {name: SOC 2 report, kind: report, ref: https://acme.example/soc2.pdf, collected: 2026-10-20}
    framework: soc2
    keywords: [SOC 2, SOC report]
    source: trust
  - id: iso27001
    name: ISO/IEC 27001
    status: in-progress
    expected: 2027-06-30
    framework: iso27001
`,
		"subprocessors.yaml": `published: true
url: https://acme.example/subprocessors
note: Updated on change, with 30 days' notice.
source: trust
subprocessors:
  - name: Example Cloud
    category: hosting
    purpose: Hosting of the service.
    location: EU (Frankfurt)
    data_categories: [Account data, Documents]
    transfer_mechanism: none (EU)
    dpa_ref: https://cloud.example/dpa
  - category: email delivery
    purpose: Transactional email.
`,
		"library.yaml": "answers: []\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
