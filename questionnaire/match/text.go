package match

import (
	"html"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// The text pipeline, shared by the index, the queries, the qualifiers and
// the library's learning:
//
//  1. clean: strip HTML tags, decode entities, fold curly quotes and dashes,
//     expand contractions ("doesn't" -> "does not"), lowercase;
//  2. split on anything that is not a letter or digit, keeping a dot
//     between a letter/digit and a digit ("tls1.2", "1.2");
//  3. stem each token with the Snowball English stemmer (stop words are
//     left as they are, tokens holding digits are not stemmed);
//  4. fold synonym phrases to one canonical term, longest phrase first
//     (phrases are written in plain English and go through steps 1-3 when
//     the table is compiled, so "penetration tests" and "penetration
//     testing" both hit "penetration test");
//  5. drop stop words and one-letter tokens.

var (
	reTag = regexp.MustCompile(`<[^>]*>`)
)

var replacer = strings.NewReplacer(
	"\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`,
	"\u2013", "-", "\u2014", "-", "\u00a0", " ", "\u2010", "-", "\u2011", "-",
	"can't", "can not", "can’t", "can not", "won't", "will not", "won’t", "will not", "n't", " not", "n’t", " not", "cannot", "can not",
)

// clean turns raw cell text into lowercased plain text.
func clean(s string) string {
	if strings.ContainsRune(s, '<') {
		s = reTag.ReplaceAllString(s, " ")
	}
	if strings.ContainsRune(s, '&') {
		s = html.UnescapeString(s)
	}
	s = strings.ToLower(s)
	if needsReplacer(s) {
		s = replacer.Replace(s)
	}
	if hasDurationUnit(s) {
		s = durationsInWords(s)
	}
	if singleSpaced(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// numberWords are the figures a duration may be written in ("one year",
// "thirty days"): durationsInWords makes them digits ("1 year"), which the
// qualifiers compare like durations written in digits.
var numberWords = map[string]string{"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fourteen": "14", "fifteen": "15", "eighteen": "18",
	"twenty": "20", "thirty": "30", "sixty": "60", "ninety": "90"}

// durationUnits and durationKinds are the words a duration in words ends
// with, and those that may come between its figure and its unit.
var (
	durationUnits = map[string]bool{"year": true, "years": true, "month": true, "months": true, "week": true, "weeks": true,
		"day": true, "days": true, "hour": true, "hours": true, "minute": true, "minutes": true}
	durationKinds = map[string]bool{"business": true, "calendar": true, "working": true}
)

// wordAt returns the end of the word (a run of \w bytes) at i of s.
func wordAt(s string, i int) int {
	j := i
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	return j
}

// durationsInWords writes the figure of each duration in words as digits:
// a number word at a word boundary, a space or a hyphen, maybe "business ",
// "calendar " or "working ", and a unit of time ending at a word boundary
// ("thirty-days" becomes "30 days", "twelve business days" "12 business
// days"). s is lowercased.
func durationsInWords(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		end := wordAt(s, i)
		digits, ok := numberWords[s[i:end]]
		if ok && end < len(s) && (s[end] == ' ' || s[end] == '-') {
			j := end + 1
			k := wordAt(s, j)
			if durationKinds[s[j:k]] && k < len(s) && s[k] == ' ' {
				j = k + 1
				k = wordAt(s, j)
			}
			if durationUnits[s[j:k]] {
				if b.Len() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:i])
				b.WriteString(digits)
				b.WriteByte(' ')
				done = end + 1
				i = k
				continue
			}
		}
		i = end
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// hasDurationUnit reports whether s may hold a duration in words
// (durationsInWords): most texts name no unit of time and skip the scan.
func hasDurationUnit(s string) bool {
	for _, u := range []string{"year", "month", "week", "day", "hour", "minute"} {
		if strings.Contains(s, u) {
			return true
		}
	}
	return false
}

// replacerRunes holds a rune of every replacer pattern but "cannot".
const replacerRunes = "'\u2019\u2018\u201c\u201d\u2013\u2014\u00a0\u2010\u2011"

// needsReplacer reports whether s holds a replacer pattern's rune or
// "cannot": most texts hold none and need no replacing.
func needsReplacer(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			return true
		}
		if s[i] >= utf8.RuneSelf {
			return strings.ContainsAny(s[i:], replacerRunes) || strings.Contains(s, "cannot")
		}
	}
	return strings.Contains(s, "cannot")
}

// singleSpaced reports ASCII text that strings.Fields and a join with
// single spaces would leave as it is.
func singleSpaced(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80 || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// split cuts clean text into raw tokens. The tokens are substrings of s:
// they hold only letters, digits and dots, which decode and encode back to
// the same bytes, so no copy is needed.
func split(s string) []string {
	out := make([]string, 0, len(s)/5+1) // about one token in five bytes: few regrowths
	start := -1
	var prev rune // the rune before i
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		keep := isAlnum(r)
		if !keep && r == '.' && start >= 0 && i+size < len(s) && isAlnum(prev) {
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			keep = unicode.IsDigit(next)
		}
		if keep {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		prev = r
		i += size
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// stemCache remembers stems (the vocabulary of questionnaires is small);
// it stops growing at stemCacheMax entries so that odd input cannot bloat it.
var (
	stemCache     sync.Map
	stemCacheSize atomic.Int64
)

const stemCacheMax = 100000

// stemOverrides keep apart words that the Snowball stemmer makes one but
// questionnaires use for different things: "continuity" (business
// continuity) is not "continuous" (real-time), so "for the purposes of BCP
// and continuity" asks for no real-time property.
var stemOverrides = map[string]string{
	"continuity": "continuity",
}

// stem stems one raw token; stop words and tokens with digits stay as they are.
func stem(tok string) string {
	if hasDigit(tok) || stopWords[tok] {
		return tok
	}
	if v, ok := stemCache.Load(tok); ok {
		return v.(string)
	}
	st, ok := stemOverrides[tok]
	if !ok {
		st = english.Stem(tok, false)
	}
	if stemCacheSize.Load() < stemCacheMax {
		if _, loaded := stemCache.LoadOrStore(tok, st); !loaded {
			stemCacheSize.Add(1)
		}
	}
	return st
}

// tokens is a text after steps 1-3: its raw tokens and their stems.
type tokens struct{ raw, st []string }

// stemAll runs steps 1-3.
func stemAll(text string) tokens { return stemClean(clean(text)) }

// stemClean runs steps 2-3 on text that is already clean.
func stemClean(cl string) tokens {
	raw := split(cl)
	st := make([]string, len(raw))
	for i, t := range raw {
		st[i] = stem(t)
	}
	return tokens{raw: raw, st: st}
}

// phrase is one compiled synonym: its tokens (stems, or raw words when
// exact) and canonical term.
type phrase struct {
	toks  []string
	exact bool
	canon string
}

// synonymIndex maps the first token of a phrase to its phrases, longest
// first.
var synonymIndex = compileSynonyms(synonyms)

func compileSynonyms(table []synonym) map[string][]phrase {
	idx := map[string][]phrase{}
	for _, s := range table {
		for _, p := range append([]string{s.canon}, s.phrases...) {
			exact := strings.HasPrefix(p, "=")
			tk := stemAll(strings.TrimPrefix(p, "="))
			toks := tk.st
			if exact {
				toks = tk.raw
			}
			if len(toks) == 0 {
				continue
			}
			idx[toks[0]] = append(idx[toks[0]], phrase{toks: toks, exact: exact, canon: s.canon})
		}
	}
	for k, ps := range idx {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].toks) > len(ps[j].toks) })
		idx[k] = ps
	}
	return idx
}

// fold replaces synonym phrases by their canonical term (step 4).
func fold(tk tokens) []string {
	out := make([]string, 0, len(tk.st))
	for i := 0; i < len(tk.st); {
		matched := false
		cands := synonymIndex[tk.st[i]]
		if tk.raw[i] != tk.st[i] {
			cands = append(cands[:len(cands):len(cands)], synonymIndex[tk.raw[i]]...)
		}
		best := -1
		for k, p := range cands {
			if i+len(p.toks) > len(tk.st) || (best >= 0 && len(p.toks) <= len(cands[best].toks)) {
				continue
			}
			seq := tk.st
			if p.exact {
				seq = tk.raw
			}
			ok := true
			for j, t := range p.toks {
				if seq[i+j] != t {
					ok = false
					break
				}
			}
			if ok {
				best = k
			}
		}
		if best >= 0 {
			out = append(out, cands[best].canon)
			i += len(cands[best].toks)
			matched = true
		}
		if !matched {
			out = append(out, tk.st[i])
			i++
		}
	}
	return out
}

// seq runs steps 1-4 and keeps stop words: for phrase checks such as the
// qualifiers ("all", "every", "third party").
func seq(text string) []string { return fold(stemAll(text)) }

// seqClean is seq for text that is already clean (a part of a clean
// question): cleaning it again would change nothing and costs a pass.
func seqClean(cl string) []string { return fold(stemClean(cl)) }

// terms runs the whole pipeline and returns the informative terms in order
// (repeats kept).
func terms(text string) []string {
	toks := seq(text)
	out := toks[:0]
	for _, t := range toks {
		if canonical[t] {
			out = append(out, t)
			continue
		}
		if stopWords[t] || len([]rune(t)) < 2 {
			continue
		}
		out = append(out, t)
	}
	return out
}

// Normalize returns the text's informative terms (lowercased, HTML
// stripped, stemmed, synonym-folded, stop words dropped) joined by spaces.
func Normalize(text string) string { return strings.Join(terms(text), " ") }

// Similarity compares two texts in [0,1]: the cosine of their term-count
// vectors after Normalize, blended with the cosine of their term bigrams
// (0.8/0.2) so that word order counts a little. When one text is negated and
// the other is not ("Do you sell data?" / "Do you refrain from selling
// data?"), the result is halved: the two are not the same question. Texts of
// two terms or fewer are also compared word for word (see wordSimilarity).
// It is symmetric and 1 for texts that normalize the same (and are not
// empty), short ones only when their words match too.
func Similarity(a, b string) float64 {
	ta, tb := terms(a), terms(b)
	if len(ta) == 0 || len(tb) == 0 {
		if len(ta) == 0 && len(tb) == 0 && clean(a) == clean(b) && clean(a) != "" {
			return 1
		}
		return 0
	}
	sim := similarityTerms(ta, tb, negated(a) != negated(b))
	if len(ta) <= 2 || len(tb) <= 2 {
		sim = min(sim, wordSimilarity(a, b))
	}
	return sim
}

// wordSimilarity is the cosine of the words with stop words kept (stemmed
// and synonym-folded). Short texts are compared this way too: "Product
// Name" and "Vendor Name" both normalize to "name", but they are not the
// same field.
func wordSimilarity(a, b string) float64 {
	ra, rb := seq(a), seq(b)
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	return cosine(counts(ra), counts(rb))
}

func counts(ts []string) map[string]float64 {
	m := make(map[string]float64, len(ts))
	for _, t := range ts {
		m[t]++
	}
	return m
}

func bigrams(ts []string) map[string]float64 {
	m := make(map[string]float64, len(ts))
	if len(ts) == 1 {
		m[ts[0]]++
	}
	for i := 0; i+1 < len(ts); i++ {
		m[ts[i]+" "+ts[i+1]]++
	}
	return m
}

func cosine(a, b map[string]float64) float64 {
	var dot, na, nb float64
	for k, v := range a {
		na += v * v
		dot += v * b[k]
	}
	for _, v := range b {
		nb += v * v
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

func clamp01(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}

// termSet is a set of normalized terms.
type termSet map[string]bool

func setOf(ts []string) termSet {
	s := make(termSet, len(ts))
	for _, t := range ts {
		s[t] = true
	}
	return s
}
