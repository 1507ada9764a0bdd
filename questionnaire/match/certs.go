package match

import (
	"regexp"
	"strings"

	"github.com/vouchcli/vouch/controls"
)

// certMention is a certification, attestation report or compliance regime a
// question can name. A question that names one is answered only from the
// catalog's certifications: held and valid -> yes; anything else, or a
// certification the catalog does not list, -> review. Nothing else can
// claim it.
type certMention struct {
	key   string // matches a catalog certification's id or framework
	label string
	re    *regexp.Regexp
}

var certMentions = []certMention{
	{"soc1", "SOC 1", regexp.MustCompile(`\bsoc\s*-?\s*(?:1|i|one)\b|\bssae\s*-?\s*1[68]\b|\bisae\s*-?\s*3402\b`)},
	{"soc2", "SOC 2", regexp.MustCompile(`\bsoc\s*-?\s*(?:2|ii|two)\b|\btype\s+(?:ii|2)\s+(?:report|audit|attestation)`)},
	{"soc3", "SOC 3", regexp.MustCompile(`\bsoc\s*-?\s*(?:3|iii|three)\b`)},
	{"iso27001", "ISO/IEC 27001", regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?27001\b`)},
	{"iso27017", "ISO/IEC 27017", regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?27017\b`)},
	{"iso27018", "ISO/IEC 27018", regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?27018\b`)},
	{"iso27701", "ISO/IEC 27701", regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?27701\b`)},
	{"iso22301", "ISO 22301", regexp.MustCompile(`\b(?:iso\s*-?\s*)?22301\b`)},
	{"iso42001", "ISO/IEC 42001", regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?42001\b`)},
	{"iso9001", "ISO 9001", regexp.MustCompile(`\biso\s*-?\s*9001\b`)},
	{"iso", "an ISO certification", regexp.MustCompile(`\biso\s*(?:/\s*iec)?\s*-?\s*\d{4,5}\b|\biso\s+certifi`)},
	{"pci", "PCI DSS", regexp.MustCompile(`\bpci\b|\bpci\s*-?\s*dss\b`)},
	{"hitrust", "HITRUST", regexp.MustCompile(`\bhitrust\b`)},
	{"fedramp", "FedRAMP", regexp.MustCompile(`\bfedramp\b`)},
	{"stateramp", "StateRAMP", regexp.MustCompile(`\b(?:stateramp|txramp)\b`)},
	{"csastar", "CSA STAR", regexp.MustCompile(`\bcsa\s+star\b|\bstar\s+(?:level|registry|certification|attestation)\b`)},
	{"cyberessentials", "Cyber Essentials", regexp.MustCompile(`\bcyber\s+essentials\b`)},
	{"tisax", "TISAX", regexp.MustCompile(`\btisax\b`)},
	{"c5", "BSI C5", regexp.MustCompile(`\bbsi\s+c5\b|\bc5\s+(?:attestation|report|audit)\b`)},
	{"irap", "IRAP", regexp.MustCompile(`\birap\b`)},
	{"cmmc", "CMMC", regexp.MustCompile(`\bcmmc\b`)},
	{"hipaa", "HIPAA", regexp.MustCompile(`\bhipaa\b|\bbusiness associate agreement\b|\bbaa\b`)},
	{"ferpa", "FERPA", regexp.MustCompile(`\bferpa\b`)},
	{"coppa", "COPPA", regexp.MustCompile(`\bcoppa\b`)},
	{"nist", "NIST", regexp.MustCompile(`\bnist\b|\bsp\s*800-\d+`)},
	{"cis", "CIS Benchmarks/Controls", regexp.MustCompile(`\bcis\s+(?:benchmarks?|controls|critical)\b`)},
	{"accessibility", "an accessibility standard (WCAG/VPAT/Section 508)", regexp.MustCompile(`\bwcag\b|\bvpat\b|\bsection\s+508\b`)},
}

// reCertHint is a cheap first pass: every mention pattern holds one of these.
var reCertHint = regexp.MustCompile(`\b(?:soc|ssae|isae|type\s+(?:ii|2)|iso|27001|27017|27018|27701|22301|42001|pci|hitrust|fedramp|stateramp|txramp|csa|star|cyber|tisax|bsi|c5|irap|cmmc|hipaa|baa|business associate|ferpa|coppa|nist|sp\s*800|cis|wcag|vpat|section\s+508)`)

// mentionedCerts lists the certifications a question names.
func mentionedCerts(text string) []certMention {
	s := clean(text)
	if !reCertHint.MatchString(s) {
		return nil
	}
	var out []certMention
	seen := map[string]bool{}
	for _, m := range certMentions {
		if m.re.MatchString(s) {
			// a named ISO standard makes the generic "iso" redundant
			if m.key == "iso" && len(out) > 0 && strings.HasPrefix(out[len(out)-1].key, "iso") {
				continue
			}
			if !seen[m.key] {
				seen[m.key] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// findCert returns the catalog certification a mention names, or nil.
func findCert(cat *controls.Catalog, m certMention) *controls.Certification {
	for i := range cat.Certifications {
		c := &cat.Certifications[i]
		if strings.EqualFold(c.ID, m.key) || strings.EqualFold(c.Framework, m.key) {
			return c
		}
		if m.re.MatchString(clean(c.Name)) || m.re.MatchString(clean(c.ID)) {
			return c
		}
	}
	return nil
}
