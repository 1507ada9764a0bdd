package match

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vouchcli/vouch/controls"
)

// testAsOf is the date the test catalog is judged on.
var testAsOf = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

const testCompany = `name: Acme Cloud
legal_name: Acme Cloud Ltd
`

const testControls = `controls:
  - id: ENC-01
    title: Encryption in transit
    domain: encryption
    status: partial
    statement: Acme Cloud encrypts data in transit with TLS between browsers and its services.
    caveat: Internal service-to-service traffic is not yet covered.
    keywords: [TLS, HTTPS, in transit]
    frameworks:
      caiq: [CEK-03]
  - id: ENC-02
    title: Encryption at rest
    domain: encryption
    status: implemented
    statement: Acme Cloud encrypts customer data at rest in its databases and object storage.
    keywords: [at rest, disk encryption, storage encryption]
    frameworks:
      caiq: [CEK-03]
      iso27001: [A.8.24]
  - id: IR-01
    title: Incident response plan
    domain: incident-response
    status: implemented
    statement: Acme Cloud maintains an incident response plan to investigate, contain and remediate security incidents.
    keywords: [incident response, security incident, IR plan]
    frameworks:
      caiq: [SEF-03]
  - id: PRV-01
    title: No sale of customer data
    domain: privacy
    status: implemented
    statement: Acme Cloud does not sell customer data.
    keywords: [sell data, sale of data]
  - id: BCR-01
    title: Disaster recovery plan
    domain: continuity
    status: planned
    statement: Acme Cloud will adopt a disaster recovery plan with a tested failover region.
    keywords: [disaster recovery, DR plan, failover]
  - id: PHY-01
    title: Physical data center security
    domain: physical
    status: not-applicable
    statement: Acme Cloud runs no data centers of its own; physical security is the hosting provider's.
    keywords: [data center, physical security, datacenter]
  - id: NET-01
    title: Network segmentation
    domain: network
    status: alternative
    statement: Acme Cloud isolates workloads with cloud security groups instead of a network firewall.
    keywords: [network isolation, security groups, segmentation, firewall]
  - id: VUL-01
    title: Vulnerability scanning
    domain: vulnerability
    status: implemented
    statement: Acme Cloud scans its systems for vulnerabilities with an automated scanner.
    keywords: [vulnerability scanning, scanner]
    evidence:
      - name: Scanner report 2025
        kind: report
        collected: 2025-01-10
        expires: 2026-01-10
  - id: IAM-01
    title: Multi-factor authentication for administrators
    domain: access
    status: implemented
    statement: Acme Cloud requires multi-factor authentication for administrator accounts.
    keywords: [MFA, 2FA, administrator login]
  - id: SDL-01
    title: Security testing before releases
    domain: development
    status: implemented
    statement: Acme Cloud runs security testing before major releases.
    caveat: Acme Cloud does not claim independent third-party penetration testing.
    keywords: [security testing, release testing]
  - id: CUS-01
    title: Customer device security
    domain: customer-responsibility
    status: implemented
    statement: Customers should keep their devices patched and protected with anti-malware.
    keywords: [customer devices, endpoint]
`

const testCerts = `certifications:
  - id: soc2
    name: SOC 2 Type II
    status: held
    framework: soc2
    scope: Acme Cloud platform
    auditor: Example CPA LLP
    period: 2025-01-01 to 2025-12-31
    valid_until: 2026-12-31
    keywords: [SOC 2, SOC 2 report, attestation report]
  - id: iso27001
    name: ISO/IEC 27001
    status: not-held
    framework: iso27001
    note: Acme Cloud does not hold an ISO/IEC 27001 certificate.
    keywords: [ISO 27001, ISMS]
  - id: pci
    name: PCI DSS
    status: in-progress
    note: A PCI DSS assessment is under way; no attestation yet.
    keywords: [PCI DSS, cardholder data]
`

const testLibrary = `answers:
  - id: LIB-0001
    question: Do you operate a public bug bounty program?
    verdict: "no"
    answer: "No"
    narrative: Acme Cloud runs no bug bounty; vulnerability reports go to security@acme.example.
  - id: LIB-0002
    question: Is there a disaster recovery plan in place?
    verdict: "yes"
    answer: "Yes"
    narrative: Acme Cloud has a disaster recovery plan.
    control: BCR-01
  - id: LIB-0003
    question: Do you allow customers to choose the region where their data is hosted?
    verdict: "yes"
    answer: "Yes"
    narrative: Customers choose the EU or US region.
    conflict: answered yes in a.xlsx row 3, no in b.xlsx row 9
  - id: LIB-0004
    question: What is the maximum session timeout for the web application?
    answer: 30 minutes of inactivity
    narrative: Sessions end after 30 minutes of inactivity.
  - id: LIB-0005
    question: Do you encrypt customer data at rest in your databases?
    verdict: "yes"
    answer: "Yes"
    narrative: Customer data is encrypted at rest in our databases.
    control: ENC-02
  - id: LIB-0006
    question: Do you hold a HITRUST certification?
    verdict: "no"
    answer: "No"
    narrative: Acme Cloud does not hold HITRUST.
  - id: LIB-0007
    question: Do you hold a CSA STAR certification?
    verdict: "yes"
    answer: "Yes"
    narrative: Acme Cloud holds CSA STAR Level 1.
`

func loadTestCatalog(t testing.TB, files map[string]string) *controls.Catalog {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	cat, err := controls.Load(context.Background(), fsys, "test")
	if err != nil {
		t.Fatalf("load test catalog: %v", err)
	}
	return cat
}

func testCatalog(t testing.TB) *controls.Catalog {
	return loadTestCatalog(t, map[string]string{
		"company.yaml":           testCompany,
		"controls/controls.yaml": testControls,
		"certifications.yaml":    testCerts,
		"library.yaml":           testLibrary,
	})
}

func testEngine(t testing.TB) *Engine {
	return New(testCatalog(t), Options{AsOf: testAsOf})
}
