package match

// Answer works each question out once (question.go), looks the qualifiers
// up in tables built in New, and skips a regexp when a cheap check shows it
// cannot match. These tests hold those fast paths to the plain string
// functions and the regexps, as they were written before, on the bench
// questions, the fuzz seeds, the catalogs' texts and texts written to hit
// each shortcut.

import (
	"html"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// tricky texts aim at the edges of the shortcuts.
var trickyTexts = []string{
	// framework headings and references
	"SOC 2 CC6.1: Are logical access controls in place?", "  (ISO/IEC 27001:2022 A.5.20) - Are supplier agreements in place?", "NIST SP 800-53 AC-2: Accounts?",
	"pci dss v4.0 8.3.1: Is access authenticated?", "Social media - do you use it?", "Is data protected consistent with your privacy policy?",
	"Are purposes as described in the notice?", "Is the process in line with our policies?",
	// durations in words
	"Are logs kept for at least one year?", "within thirty-days", "ONE YEAR", "someone year", "one years", "twelve business days", "one yearly",
	"fourteen days", "four teen days", "one business-days", "one business  days", "one  day", "one -day", "_one day", "one day_", "éone dayé",
	"ten calendar weeks and one hour", "one", "one ", "one business", "one business ", "two working minutes, thirty-minute", "ninety-years,sixty days",
	// the party a question is addressed to
	"Does the supplier monitor its libraries?", "Vendor encrypts data at rest (Y/N)", "Is there a BCP covering the vendor's critical systems?",
	"Do you assess the supplier before onboarding?", "If the vendor discovers a breach, will the vendor notify us?", "The Company shall not sell data.",
	"Has the organisation documented its lawful bases?", "Supplier management policy is in place", "Company's website uses cookies",
	// what customers are offered
	"Do you provide tenants with separate environments?", "Are CSCs able to export?", "can the institution extract data?", "per-tenant keys",
	"per tenant keys", "Will district staff have access to logs?", "customers' admins gain access", "available to the schools", "available to schools?",
	"accommodate storing data", "accomodating each", "enables end users", "lets customers choose", "for their end users", "capacity to manage their own keys",
	"customers be permitted to", "may a client", "could each tenant", "users can", "offered to customers",
	// leading conditions
	"For customers not using SSO, does the product enforce MFA?", "for, do you", "if so,is it", "regarding backups ,\tdo you test", "formally, do you",
	"when asked, doesn't it", "in case of a breach, notify?", "in the event of loss, how", "with regard to logs, which", "... for all, are they",
	"for x? , do you", "as part of onboarding, please", "in addition to this, describe", "for data, doing", "For é, do you",
	// certification hints: every alternative, and word boundaries
	"Do you have a SOC 2 Type II report?", "soc2", "SOC-1 report", "soc one", "(soc 3)", "x-soc 2", "_soc 2", "asoc 2",
	"«soc 2»", "é soc 2", "ssae 16", "ssae-18 audit", "isae 3402", "a type 2 report", "type ii attestation", "ISO/IEC 27001:2022",
	"27001", "iso27017", "iso - 27018", "27701", "iso 22301", "42001", "ISO 9001", "iso certified", "iso 14001", "PCI-DSS", "pci",
	"HITRUST", "FedRAMP Moderate", "StateRAMP", "TX-RAMP", "txramp", "CSA STAR", "star level 2", "STAR registry", "Cyber Essentials Plus",
	"TISAX", "BSI C5", "c5 attestation", "IRAP", "CMMC level 2", "HIPAA", "business associate agreement", "a BAA", "FERPA", "COPPA",
	"NIST CSF", "SP 800-53", "sp800-171", "NIST SP 800-63", "CIS benchmarks", "cis controls", "WCAG 2.1", "VPAT", "Section 508",
	"decision", "associate", "start", "isolation", "specify", "cisa", "basis",
	// responsibilities
	"What are the shared responsibilities?", "List customer responsibilities.", "responsibilities of the customer",
	"customer obligations", "best practices for customers", "best practice for customers",
	// follow-ups and idioms
	"If yes, describe the plan.", "if so, how?", "‘If yes’, list them", "“if no” explain", "If the answer is no, why?",
	"If you answered yes", "Otherwise, explain.", "... if not", "(If not, explain.)", "Is it encrypted? If not, why not?",
	"Is data deleted no later than 30 days?", "whether or not", "Not applicable", "N/A", "not only encrypted", "never",
	"Is it not encrypted, or not?", "Where this is not possible, explain.", "now", "notify", "know",
	// numbering
	"1.2 Do you use TLS?", "A.4 Is data encrypted?", "ab-12 text", "   3) Do you patch?", "12.3.4: Are logs kept?", "abcde1 x",
	"abcd-1 text", "abcd.12 text", "abcd1 x", "Are audits done by independent people?", "Are plans ever really tested?", "Is it tested ever by plans?", "2fa", "Do you use TLS 1.3?", "99.9% uptime", "within 72 hours", "AES-256", "24/7",
	// leading junk
	"a) first", "b. second", "ab) x", "ab-12 x", "&-1 x", "a&b-2 x", "abcde-1 x", "abcdef-1 x", "abcde1-1 x", "abcd-x", "- item",
	"* item", "• item", "1.2.3) x", "(a) x", "[b] x", "z", "z.", "\t\n(1) x", "(unclosed", "[unclosed", "a-",
	// clean
	"don‘t you encrypt?", "Can't you?", "CANNOT", "won’t", "a\u00a0b", "tabs\tand\nnewlines", "  double  spaces ", " x", "x ",
	"&lt;b&gt;Do you?&lt;/b&gt;", "<b>Describe</b> your incident&nbsp;response plan.", "&amp", "a &amp; b", "\u2014dash\u2013",
	"tls1.2", "1.2.3", "a.1", "é.1", "\xff1.2", "x\xe2\x80\x99t", "Ⅻ.1", "٣.٤",
	// polarity and open questions
	"Do you refrain from selling customer data?", "Do you prevent the sale of data?", "Please describe your plan.",
	"Kindly list the subprocessors.", "Indicate whether you encrypt.", "State if you log.", "Specify whether MFA is used.",
	"How long are logs kept?", "Please, how?", "(a) What is retained?", "[1] Who approves?",
	// form fields
	"Vendor Name", "Date", "DATE COMPLETED", "Today's Date:", "&#100;ate", "Date of Submission", "", "  \n ", "?",
}

// fastCorpus is the texts the shortcuts are checked on.
func fastCorpus(t *testing.T, short bool, engines ...*Engine) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range trickyTexts {
		add(s)
	}
	for i, q := range benchQuestions(720) {
		if i%5 == 0 || !short { // the bench questions differ little: a fifth of them is enough for a short run
			add(q.Text)
		}
	}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzAnswer/*")
	for _, fn := range seeds {
		b, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		for _, ln := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(ln, "string("); ok {
				if s, err := strconv.Unquote(strings.TrimSuffix(v, ")")); err == nil {
					add(s)
				}
			}
		}
	}
	for _, e := range engines {
		for _, c := range e.cat.Controls {
			add(c.Title)
			add(c.Statement)
			add(c.Caveat)
		}
		for _, c := range e.cat.Certifications {
			add(c.Name)
			add(c.Note)
		}
		for _, a := range e.cat.Library {
			add(a.Question)
			add(a.Answer)
		}
	}
	return out
}

// refNumberWord is what durationsInWords replaces, as a regexp.
var refNumberWord = regexp.MustCompile(`\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|eighteen|twenty|thirty|sixty|ninety)([ -])((?:business |calendar |working )?(?:years?|months?|weeks?|days?|hours?|minutes?))\b`)

func refNumberWordDigits(m string) string {
	i := strings.IndexAny(m, " -")
	return numberWords[m[:i]] + " " + m[i+1:]
}

// refCondition is what conditionEnd finds, as a regexp: the end of a
// leading condition is its empty group.
var refCondition = regexp.MustCompile(`^\W*(?:for|if|when|where|in case of|in the event of|as part of|regarding|with regard to|in addition to)\b[^,?]{0,120}?,\s*()(?:do|does|did|is|are|was|were|can|could|will|would|have|has|should|shall|may|must|please|describe|how|what|which)\b`)

// refAsksOffered is what asksOffered finds, as one regexp.
var refAsksOffered = regexp.MustCompile(`\b(?:provide|offer|give|allow|enable|let|permit)s? (?:the |your |their |all )?(?:tenants?|customers?|clients?|cscs?|institutions?|end users?)\b|\b(?:tenants?|customers?|cscs?|clients?|institutions?) (?:are |be |is )?(?:able|allowed|permitted) to\b|\bcapacity to manage their own\b|\bper (?:tenant|customer|client|csc)\b|` + customerActs + `|\bfor (?:the |its |their |your )?end users?\b|\baccomm?odat\w* (?:storing|hosting|requests?|each|the|a|their|your)\b` +
	`|\b(?:tenants?|customers?|clients?|cscs?|institutions?|districts?|schools?|end users?)(?:'s|s')?(?: (?:staff|users|administrators|admins|personnel|employees))? (?:have|get|gain|receive|be given) access\b` +
	`|\bavailable to (?:the |its |their |your )?(?:tenants?|customers?|clients?|cscs?|institutions?|districts?|schools?|end users?)\b`)

// refClean, refSplit, refMainClause and refCues are clean, split,
// mainClause and cueCount as they were before their shortcuts.
func refClean(s string) string {
	if strings.ContainsRune(s, '<') {
		s = reTag.ReplaceAllString(s, " ")
	}
	if strings.ContainsRune(s, '&') {
		s = html.UnescapeString(s)
	}
	return strings.Join(strings.Fields(refNumberWord.ReplaceAllStringFunc(replacer.Replace(strings.ToLower(s)), refNumberWordDigits)), " ")
}

func refSplit(s string) []string {
	rs := []rune(s)
	var out []string
	start := -1
	for i, r := range rs {
		keep := isAlnum(r)
		if !keep && r == '.' && start >= 0 && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && isAlnum(rs[i-1]) {
			keep = true
		}
		if keep {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, string(rs[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, string(rs[start:]))
	}
	return out
}

func refMainClause(text string) string {
	s := refClean(text)
	if i := strings.IndexByte(s, '?'); i >= 0 {
		start := strings.LastIndexAny(s[:i], ".!:\n") + 1
		s = s[start : i+1]
	}
	s = reFollowUp.ReplaceAllString(s, "")
	if m := refCondition.FindStringSubmatchIndex(s); m != nil {
		s = s[m[2]:]
	}
	return s
}

func refCues(s string, weak bool) int {
	n := 0
	for _, t := range refSplit(reIdioms.ReplaceAllString(s, " ")) {
		if strongCues[t] || (weak && weakCues[t]) {
			n++
		}
	}
	return n
}

// refMissing is missingQualifiersSeq as it was: the question and the
// support searched for every phrase on every call.
// refAge is the reference reading of an age threshold: the words before a
// figure, joined.
var refAge = regexp.MustCompile(`(?:^|\s)(?:(?:under|below)|young(?:er)? than|(?:under|below) (?:the )?age of)$`)

// refAgeAt reports whether the figure at i of toks is an age threshold.
func refAgeAt(toks []string, i int) bool {
	return refAge.MatchString(strings.Join(toks[max(0, i-4):i], " "))
}

func refMissing(question string, sup []string) []string {
	findAt := func(s []string, phrase []string) []int {
		var at []int
		for i := 0; i+len(phrase) <= len(s); i++ {
			if slices.Equal(s[i:i+len(phrase)], phrase) {
				at = append(at, i)
			}
		}
		return at
	}
	q := seq(qualifierText(reLeadingNumber.ReplaceAllString(refClean(question), "")))
	var missing []string
	for _, cq := range compiledQualifiers {
		asked := false
		for _, a := range cq.ask {
			for _, pos := range findAt(q, a) {
				if cq.name == "all/every" && notUniversal(q, pos) {
					continue
				}
				if !cq.nearIsConstraint {
					asked = true
					break
				}
				window := q[max(0, pos-3):min(len(q), pos+len(a)+3)]
				for _, n := range cq.near {
					if len(findAt(window, n)) > 0 {
						asked = true
						break
					}
				}
				if asked {
					break
				}
			}
			if asked {
				break
			}
		}
		if !asked {
			continue
		}
		stated := false
		for _, n := range cq.need {
			if len(findAt(sup, n)) > 0 {
				stated = true
				break
			}
		}
		if !stated {
			missing = append(missing, cq.name)
		}
	}
	if slices.Contains(missing, "reviewed at least annually") {
		missing = slices.DeleteFunc(missing, func(m string) bool { return m == "annual" })
	}
	supFigures := map[string]bool{}
	for _, t := range sup {
		if hasDigit(t) {
			supFigures[t] = true
		}
	}
	// an age threshold ("under 13", "younger than 13", "under the age of
	// 13") is held by a higher one in the support ("under 16")
	supUnder := 0
	for i, t := range sup {
		if hasDigit(t) && refAgeAt(sup, i) {
			n, _ := strconv.Atoi(t)
			supUnder = max(supUnder, n)
		}
	}
	for i, t := range q {
		if !hasDigit(t) || canonical[t] {
			continue
		}
		if refAgeAt(q, i) {
			if n, _ := strconv.Atoi(t); !supFigures[t] && (n == 0 || n > supUnder) {
				missing = append(missing, "figure under "+t)
				break
			}
			continue
		}
		if !supFigures[t] {
			missing = append(missing, "figure "+t)
			break
		}
	}
	return missing
}

// TestShortcutsMatchRegexps: a cheap check before a regexp never says
// "cannot match" when the regexp matches, and the rewritten text steps
// give what the plain ones gave.
func TestShortcutsMatchRegexps(t *testing.T) {
	corpus := fastCorpus(t, false, koraEngine(t), testEngine(t))
	var variants []string
	for _, s := range corpus {
		variants = append(variants, s, strings.ToUpper(s), "  "+s+"\t")
	}
	for _, s := range variants {
		if got, want := clean(s), refClean(s); got != want {
			t.Errorf("clean(%q) = %q, want %q", s, got, want)
		}
		if got, want := split(s), refSplit(s); !slices.Equal(got, want) {
			t.Errorf("split(%q) = %q, want %q", s, got, want)
		}
		c := refClean(s)
		for _, x := range []string{s, c} {
			found := foundHints(x)
			for i, m := range certMentions {
				if m.re.MatchString(x) && found&certHintMasks[i] == 0 {
					t.Errorf("%q matches the %s pattern but not its hints %q", x, m.key, m.hints)
				}
			}
			if got, want := asksResponsibility(x), reAsksResponsibility.MatchString(x); got != want {
				t.Errorf("asksResponsibility(%q) = %v, want %v", x, got, want)
			}
			for _, bp := range boilerplate {
				if bp.re.MatchString(x) && !mayHoldTemplate(x, bp.cues, bp.min) {
					t.Errorf("%q matches the template %s but not its cues", x, bp.re)
				}
			}
			if got, want := asksOffered(x), refAsksOffered.MatchString(x); got != want {
				t.Errorf("asksOffered(%q) = %v, want %v", x, got, want)
			}
			if reFollowBuyers.MatchString(x) && !mayFollowBuyers(x) {
				t.Errorf("%q matches reFollowBuyers but not mayFollowBuyers", x)
			}
			if reReference.MatchString(x) && !mayReference(x) {
				t.Errorf("%q matches reReference but not mayReference", x)
			}
			if _, _, ok := frameworkRef(x); reFrameworkRef.MatchString(x) != ok {
				t.Errorf("frameworkRef(%q) = %v, but reFrameworkRef says %v", x, ok, !ok)
			}
			if reNotifyWhom.MatchString(x) && !strings.Contains(x, "notif") && !mayInform(x) {
				t.Errorf("%q matches reNotifyWhom but not its precheck", x)
			}
			at, ok := conditionEnd(x)
			if m := refCondition.FindStringSubmatchIndex(x); (m != nil) != ok || ok && m[2] != at {
				t.Errorf("conditionEnd(%q) = %d, %v; the regexp finds %v", x, at, ok, m)
			}
			if got, want := durationsInWords(x), refNumberWord.ReplaceAllStringFunc(x, refNumberWordDigits); got != want {
				t.Errorf("durationsInWords(%q) = %q, want %q", x, got, want)
			}
			if got, want := dependent(x), reDependent.MatchString(x); got != want {
				t.Errorf("dependent(%q) = %v, want %v", x, got, want)
			}
			if got, want := stripLeadingNumber(x), reLeadingNumber.ReplaceAllString(x, ""); got != want {
				t.Errorf("stripLeadingNumber(%q) = %q, want %q", x, got, want)
			}
			if got, want := stripLeadingJunk(x), reLeadingJunk.ReplaceAllString(x, ""); got != want {
				t.Errorf("stripLeadingJunk(%q) = %q, want %q", x, got, want)
			}
			for _, weak := range []bool{false, true} {
				if got, want := cueCount(x, weak), refCues(x, weak); got != want {
					t.Errorf("cueCount(%q, %v) = %d, want %d", x, weak, got, want)
				}
			}
		}
		if got, want := IsDateField(s), reDateField.MatchString(clean(s)); got != want {
			t.Errorf("IsDateField(%q) = %v, want %v", s, got, want)
		}
		if got, want := mainClause(s), refMainClause(s); got != want {
			t.Errorf("mainClause(%q) = %q, want %q", s, got, want)
		}
		qt := terms(s)
		if got, want := termsAskResponsibility(qt), reAsksResponsibility.MatchString(strings.Join(qt, " ")); got != want {
			t.Errorf("termsAskResponsibility(%q) = %v, want %v", qt, got, want)
		}
	}
}

// TestQuestionMatchesStringFunctions: what newQuestion works out once is
// what the string functions give for the same text, and the qualifier
// tables built in New give the missing qualifiers the support texts give.
func TestQuestionMatchesStringFunctions(t *testing.T) {
	kora, test := koraEngine(t), testEngine(t)
	corpus := fastCorpus(t, true, kora, test)
	type sup struct {
		name string
		seq  []string
		tab  *support
	}
	var sups []sup
	for _, e := range []*Engine{kora, test} {
		if len(e.ctlSup) != len(e.cat.Controls) || len(e.libs) != len(e.cat.Library) {
			t.Fatalf("tables: %d controls, %d supports; %d library answers, %d entries", len(e.cat.Controls), len(e.ctlSup), len(e.cat.Library), len(e.libs))
		}
		for i, c := range e.cat.Controls {
			text := c.Title + " . " + c.Statement
			if !negativeControl(c.Title, c.Statement) {
				text = positiveClauses(text)
			}
			text += " . " + caveatClaims(c.Caveat)
			// The table as the text alone states it: catalogSupport adds
			// what the catalog records, which refMissing cannot see.
			textOnly := newSupport(seq(e.ctlSupport[i]))
			sups = append(sups, sup{c.ID, seq(text), &textOnly})
		}
		for i, c := range e.cat.Controls {
			if e.ctlCustomer[i] != isCustomerResponsibility(&c) {
				t.Errorf("%s: ctlCustomer %v", c.ID, e.ctlCustomer[i])
			}
		}
		for i, a := range e.cat.Library {
			sups = append(sups, sup{a.ID, seq(a.Question + " . " + a.Answer + " . " + a.Narrative), &e.libs[i].support})
			l := &e.libs[i]
			wantCtl := -1
			if c, ok := e.cat.Control(a.Control); ok && a.Control != "" {
				for ci := range e.cat.Controls {
					if &e.cat.Controls[ci] == c {
						wantCtl = ci
					}
				}
			}
			if l.neg != negated(a.Question) || l.ctl != wantCtl || !slices.Equal(l.seq, seqClean(questionClean(a.Question))) || !slices.Equal(l.terms, informative(seqClean(questionClean(a.Question)))) {
				t.Errorf("%s: library entry %+v, want neg %v control %d", a.ID, l, negated(a.Question), wantCtl)
			}
		}
	}
	for _, s := range corpus {
		text := strings.TrimSpace(s)
		q := newQuestion(text)
		if q.clean != questionClean(s) {
			t.Errorf("%q: clean %q, want %q", s, q.clean, questionClean(s))
		}
		// the words are read as the engine reads the question
		if ws := seqClean(questionClean(s)); !slices.Equal(q.seq, ws) || !slices.Equal(q.terms, informative(ws)) {
			t.Errorf("%q: seq %q terms %q, want %q %q", s, q.seq, q.terms, ws, informative(ws))
		}
		if q.isNegated() != negated(s) || q.isNegatedWeak() != negatedWeak(s) || q.isOpen() != isOpen(s) || q.isWh() != isWhQuestion(s) {
			t.Errorf("%q: negated %v weak %v open %v wh %v, want %v %v %v %v", s, q.isNegated(), q.isNegatedWeak(), q.isOpen(), q.isWh(),
				negated(s), negatedWeak(s), isOpen(s), isWhQuestion(s))
		}
		if got, want := q.asksResponsibility(), reAsksResponsibility.MatchString(clean(s)); got != want {
			t.Errorf("%q: asksResponsibility %v, want %v", s, got, want)
		}
		var want []string
		for _, m := range certMentions { // every pattern, no hints
			if m.re.MatchString(clean(s)) && !(m.key == "iso" && len(want) > 0 && strings.HasPrefix(want[len(want)-1], "iso")) && !slices.Contains(want, m.key) {
				want = append(want, m.key)
			}
		}
		var got []string
		for _, m := range mentionedCertsClean(q.clean) {
			got = append(got, m.key)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: mentions %q, want %q", s, got, want)
		}
		for _, sp := range sups {
			if got, want := q.missing(sp.tab), refMissing(s, sp.seq); !slices.Equal(got, want) {
				t.Errorf("%q against %s: missing %q, want %q", s, sp.name, got, want)
			}
		}
		// a question addressed to "the vendor" is compared as addressed to
		// "you" (clean is left out where it changes nothing: cleaning
		// twice is not always cleaning once)
		asked := func(x string) string {
			if c := questionClean(x); c != clean(x) {
				return c
			}
			return x
		}
		for i, a := range test.cat.Library {
			l := &test.libs[i]
			for _, differ := range []bool{false, true} {
				if got, want := q.similarity(l, differ), similarityTerms(terms(asked(s)), terms(asked(a.Question)), differ); math.Abs(got-want) > 1e-12 {
					t.Errorf("%q against %s: similarity %v, want %v", s, a.ID, got, want)
				}
			}
			if got, want := q.wordSimilarity(l), wordSimilarity(asked(s), asked(a.Question)); math.Abs(got-want) > 1e-12 {
				t.Errorf("%q against %s: word similarity %v, want %v", s, a.ID, got, want)
			}
		}
	}
}

// refSearch is index.search as it was, with maps; its sums run in map
// order, so scores may differ from search's in the last bits.
func refSearch(ix *index, qt []string, context []string) []hit {
	q := uniq(qt)
	weights := map[string]float64{}
	for _, t := range q {
		weights[t] = 1
	}
	for _, t := range uniq(context) {
		if _, ok := weights[t]; !ok {
			weights[t] = 0.3
		}
	}
	idf := func(t string) float64 {
		n, df := float64(len(ix.docs)), float64(ix.df[t])
		return math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	scores := map[int]float64{}
	for t, w := range weights {
		idf := idf(t)
		for _, p := range ix.postings[t] {
			d := &ix.docs[p.doc]
			tf := d.tf[t]
			scores[p.doc] += w * idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*d.len/ix.avgLen))
		}
	}
	var total float64
	for _, t := range q {
		total += idf(t)
	}
	var hits []hit
	for di, s := range scores {
		h := hit{doc: di, score: s}
		if total > 0 {
			d := &ix.docs[di]
			var c float64
			for _, t := range q {
				switch {
				case d.strong[t]:
					c += idf(t)
				case d.terms[t]:
					c += weakShare * idf(t)
				}
			}
			h.cov = c / total
		}
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return strings.Compare(ix.docs[a.doc].id, ix.docs[b.doc].id)
	})
	return hits
}

// TestSearchMatchesMaps: the slice-based search (with its pooled scratch,
// which must come back zeroed) scores and covers as the map-based one did.
func TestSearchMatchesMaps(t *testing.T) {
	kora := koraEngine(t)
	corpus := fastCorpus(t, false, kora)
	sections := []string{"", "Encryption", "Privacy and data protection", "Incident response"}
	for n, s := range corpus {
		qt, ctx := terms(s), terms(sections[n%len(sections)])
		got, want := kora.ctl.search(qt, ctx), refSearch(kora.ctl, qt, ctx)
		if len(got) != len(want) {
			t.Fatalf("%q: %d hits, want %d", s, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.doc != w.doc || math.Abs(g.score-w.score) > 1e-9 || math.Abs(g.cov-w.cov) > 1e-12 {
				t.Fatalf("%q: hit %d = %+v, want %+v", s, i, g, w)
			}
		}
	}
}

// TestTopCandidatesMerge: merging two lists sorted by confidence gives
// what sorting them together (stable, first list first) gave.
func TestTopCandidatesMerge(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	mk := func(kind string, n int) []scored {
		out := make([]scored, n)
		for i := range out {
			out[i] = scored{Candidate: Candidate{Kind: kind, ID: kind + strconv.Itoa(i), Confidence: float64(rng.Intn(5)) / 4}}
		}
		slices.SortStableFunc(out, byConfidence)
		return out
	}
	for range 500 {
		a, b, n := mk("a", rng.Intn(6)), mk("b", rng.Intn(6)), rng.Intn(5)
		all := append(slices.Clone(a), b...)
		slices.SortStableFunc(all, byConfidence)
		want := []Candidate{}
		for _, s := range all {
			if len(want) < n && s.Confidence > 0 {
				want = append(want, s.Candidate)
			}
		}
		if got := topCandidates(a, b, n); !reflect.DeepEqual(got, want) {
			t.Fatalf("topCandidates(%v, %v, %d) = %v, want %v", a, b, n, got, want)
		}
	}
}

// The precheck for signing the buyer's terms passes over "design".
func TestSignPrecheck(t *testing.T) {
	for s, want := range map[string]bool{
		"is security part of the design process?":   false,
		"will you sign our dpa?":                    true,
		"sign the customer's contract?":             true,
		"do you follow the institution's policies?": true,
	} {
		if got := mayFollowBuyers(s); got != want {
			t.Errorf("mayFollowBuyers(%q) = %v, want %v", s, got, want)
		}
	}
}
