package match

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

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
	// Every match of re starts at the start of a word (as \b has it) that
	// starts with one of hints. A question that holds none is not matched
	// against re: most questions name no certification, and the patterns
	// are slow. fast_test.go checks the hints against re.
	hints []string
	re    *regexp.Regexp
}

var certMentions = []certMention{
	{"soc1", "SOC 1", []string{"soc", "ssae", "isae"}, regexp.MustCompile(`\bsoc\s*-?\s*(?:1|i|one)\b|\bssae\s*-?\s*1[68]\b|\bisae\s*-?\s*3402\b`)},
	{"soc2", "SOC 2", []string{"soc", "type"}, regexp.MustCompile(`\bsoc\s*-?\s*(?:2|ii|two)\b|\btype\s+(?:ii|2)\s+(?:report|audit|attestation)`)},
	{"soc3", "SOC 3", []string{"soc"}, regexp.MustCompile(`\bsoc\s*-?\s*(?:3|iii|three)\b`)},
	{"iso27001", "ISO/IEC 27001", []string{"iso", "27001"}, regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?27001\b`)},
	{"iso27017", "ISO/IEC 27017", []string{"iso", "27017"}, regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?27017\b`)},
	{"iso27018", "ISO/IEC 27018", []string{"iso", "27018"}, regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?27018\b`)},
	{"iso27701", "ISO/IEC 27701", []string{"iso", "27701"}, regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?27701\b`)},
	{"iso22301", "ISO 22301", []string{"iso", "22301"}, regexp.MustCompile(`\b(?:iso\s*-?\s*)?22301\b`)},
	{"iso42001", "ISO/IEC 42001", []string{"iso", "42001"}, regexp.MustCompile(`\b(?:iso\s*(?:/\s*iec)?\s*-?\s*)?42001\b`)},
	{"iso9001", "ISO 9001", []string{"iso"}, regexp.MustCompile(`\biso\s*-?\s*9001\b`)},
	{"iso", "an ISO certification", []string{"iso"}, regexp.MustCompile(`\biso\s*(?:/\s*iec)?\s*-?\s*\d{4,5}\b|\biso\s+certifi`)},
	{"pci", "PCI DSS", []string{"pci"}, regexp.MustCompile(`\bpci\b|\bpci\s*-?\s*dss\b`)},
	{"hitrust", "HITRUST", []string{"hitrust"}, regexp.MustCompile(`\bhitrust\b`)},
	{"fedramp", "FedRAMP", []string{"fedramp"}, regexp.MustCompile(`\bfedramp\b`)},
	{"stateramp", "StateRAMP", []string{"stateramp", "txramp"}, regexp.MustCompile(`\b(?:stateramp|txramp)\b`)},
	{"csastar", "CSA STAR", []string{"csa", "star"}, regexp.MustCompile(`\bcsa\s+star\b|\bstar\s+(?:level|registry|certification|attestation)\b`)},
	{"cyberessentials", "Cyber Essentials", []string{"cyber"}, regexp.MustCompile(`\bcyber\s+essentials\b`)},
	{"tisax", "TISAX", []string{"tisax"}, regexp.MustCompile(`\btisax\b`)},
	{"c5", "BSI C5", []string{"bsi", "c5"}, regexp.MustCompile(`\bbsi\s+c5\b|\bc5\s+(?:attestation|report|audit)\b`)},
	{"irap", "IRAP", []string{"irap"}, regexp.MustCompile(`\birap\b`)},
	{"cmmc", "CMMC", []string{"cmmc"}, regexp.MustCompile(`\bcmmc\b`)},
	{"fisma", "FISMA", []string{"fisma"}, regexp.MustCompile(`\bfisma\b`)},
	{"hipaa", "HIPAA", []string{"hipaa", "business associate", "baa"}, regexp.MustCompile(`\bhipaa\b|\bbusiness associate agreement\b|\bbaa\b`)},
	{"ferpa", "FERPA", []string{"ferpa"}, regexp.MustCompile(`\bferpa\b`)},
	{"coppa", "COPPA", []string{"coppa"}, regexp.MustCompile(`\bcoppa\b`)},
	{"nist", "NIST", []string{"nist", "sp"}, regexp.MustCompile(`\bnist\b|\bsp\s*800-\d+`)},
	{"cis", "CIS Benchmarks/Controls", []string{"cis"}, regexp.MustCompile(`\bcis\s+(?:benchmarks?|controls|critical)\b`)},
	{"accessibility", "an accessibility standard (WCAG/VPAT/Section 508)", []string{"wcag", "vpat", "section"}, regexp.MustCompile(`\bwcag\b|\bvpat\b|\bsection\s+508\b`)},
}

// certHints numbers the hints of certMentions, and each mention's hints
// are a bit mask over those numbers, so that one pass over a question
// finds which mentions to try.
var certHints, certHintMasks = func() ([]string, []uint64) {
	var words []string
	masks := make([]uint64, len(certMentions))
	for i, m := range certMentions {
		for _, h := range m.hints {
			n := slices.Index(words, h)
			if n < 0 {
				n = len(words)
				words = append(words, h)
			}
			if n >= 64 {
				panic("match: more than 64 certification hints") // the table above, not input
			}
			masks[i] |= 1 << n
		}
	}
	return words, masks
}()

// certHintsByByte lists the numbers of the hints by their first byte.
var certHintsByByte = func() (by [256][]int) {
	for n, w := range certHints {
		by[w[0]] = append(by[w[0]], n)
	}
	return by
}()

// foundHints returns the bit mask of the certHints that clean text s holds
// at the start of a word: after the start of s or a byte that is not an
// ASCII letter, digit or underscore. That is where regexp's \b puts a
// boundary before a word character (a byte of a multi-byte rune is no word
// byte, and such a rune no word character).
func foundHints(s string) uint64 {
	var found uint64
	for i := 0; i < len(s); i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		for _, n := range certHintsByByte[s[i]] {
			if strings.HasPrefix(s[i:], certHints[n]) {
				found |= 1 << n
			}
		}
	}
	return found
}

// hinted reports whether clean text s holds w at the start of a word, as
// foundHints has it.
func hinted(s, w string) bool {
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		if i == 0 || !isWordByte(s[i-1]) {
			return true
		}
		from = i + 1
	}
	return false
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// mentionedCerts lists the certifications a question names.
func mentionedCerts(text string) []certMention { return mentionedCertsClean(clean(text)) }

// mentionedCertsClean is mentionedCerts for text that is already clean.
func mentionedCertsClean(s string) []certMention {
	found := foundHints(s)
	if found == 0 {
		return nil
	}
	var out []certMention
	var seen map[string]bool
	for i := range certMentions {
		m := &certMentions[i]
		if found&certHintMasks[i] != 0 && m.re.MatchString(s) {
			// a named ISO standard makes the generic "iso" redundant
			if m.key == "iso" && len(out) > 0 && strings.HasPrefix(out[len(out)-1].key, "iso") {
				continue
			}
			if !seen[m.key] {
				if seen == nil {
					seen = map[string]bool{}
				}
				seen[m.key] = true
				out = append(out, *m)
			}
		}
	}
	return out
}

// reFrameworkRef matches a framework control heading a question: "soc 2
// cc6.1:", "iso 27001 a.8.32 -", "iso/iec 27001:2022 a.5.20:", "nist 800-53
// ac-2:", "pci dss 8.3.1:". The ID is its second group.
var reFrameworkRef = regexp.MustCompile(`^\W*(soc\s*-?\s*[12]|iso\s*(?:/\s*iec)?\s*-?\s*2700[12](?::20\d\d)?|nist(?:\s+(?:csf|sp))?(?:\s*800-\d+[a-z]?)?|pci(?:\s*-?\s*dss)?(?:\s+v?\d(?:\.\d)*)?|cis(?:\s+controls?)?(?:\s+v\d+)?|hipaa|gdpr|ccm(?:\s+v4)?)` +
	`\s+(?:control\s+|requirement\s+|article\s+|art\.\s*|§\s*)?([a-z]{0,4}[.-]?\d+(?:\.\d+)*(?:\([a-z0-9]+\))*|[a-z]{2}\.[a-z]{2,3}(?:-\d+)?)\s*[:\-–—]\s+`)

// frameworkRef splits a clean question headed by a framework control into
// the control's ID (upper case) and the rest.
func frameworkRef(s string) (id, rest string, ok bool) {
	t := strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(t) < 4 || strings.IndexByte("sinpchg", t[0]) < 0 || !strings.ContainsAny(s, ":-–—") {
		return "", s, false // it starts with no framework's name
	}
	m := reFrameworkRef.FindStringSubmatchIndex(s)
	if m == nil {
		return "", s, false
	}
	return strings.ToUpper(s[m[4]:m[5]]), s[m[1]:], true
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

// namedFrameworks returns the keys of the certifications, reports and
// compliance regimes a clean text names (certMentions).
func namedFrameworks(cl string) []string {
	var out []string
	for _, m := range mentionedCertsClean(cl) {
		out = append(out, m.key)
	}
	return out
}

// namesAll reports whether have holds every framework of want.
func namesAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
