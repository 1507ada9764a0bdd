package match

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The concept layer. concepts.yaml is a reviewable vocabulary of security
// and privacy topics; it tags controls, library entries and questions alike,
// and a control answers a question only when it covers the question's
// subject (see vocabulary.covers).

//go:embed concepts.yaml
var conceptsYAML []byte

// Concept is one topic of the vocabulary.
type Concept struct {
	ID      string   `yaml:"id" json:"id"`
	Phrases []string `yaml:"phrases" json:"phrases"`
	Broader []string `yaml:"broader,omitempty" json:"broader,omitempty"`
	// Generic concepts name what a question acts on ("customer data",
	// "third parties") more often than what it is about: they are the
	// subject only when nothing more specific is named.
	Generic bool `yaml:"generic,omitempty" json:"generic,omitempty"`
	// Party concepts name who acts ("third parties"): a generic party that
	// is the one the question asks about ("will any third parties have
	// access ...?") is part of the subject.
	Party bool `yaml:"party,omitempty" json:"party,omitempty"`
}

// vocabulary is the compiled concept table.
type vocabulary struct {
	concepts []Concept
	byID     map[string]int
	// index maps the first token of a phrase (through seq) to the phrases
	// that start with it, longest first.
	index map[string][]conceptPhrase
	// up holds, per concept, itself and every broader concept, transitively.
	up [][]int
	// words holds, per concept, the informative terms of its phrases: the
	// words a text naming it may use instead; wordSets, the same as sets
	words    [][]string
	wordSets []termSet
}

type conceptPhrase struct {
	toks    []string
	concept int
}

// ParseConcepts reads and compiles a vocabulary in the concepts.yaml format:
// unknown fields, duplicate IDs, unknown broader IDs and cycles are errors.
func ParseConcepts(data []byte) (*vocabulary, error) {
	var doc struct {
		Concepts []Concept `yaml:"concepts"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("concepts: %w", err)
	}
	v := &vocabulary{concepts: doc.Concepts, byID: map[string]int{}, index: map[string][]conceptPhrase{}}
	for i, c := range doc.Concepts {
		if c.ID == "" {
			return nil, fmt.Errorf("concepts: entry %d has no id", i+1)
		}
		if _, dup := v.byID[c.ID]; dup {
			return nil, fmt.Errorf("concepts: duplicate id %q", c.ID)
		}
		v.byID[c.ID] = i
	}
	for i, c := range doc.Concepts {
		for _, b := range c.Broader {
			if _, ok := v.byID[b]; !ok {
				return nil, fmt.Errorf("concepts: %s: unknown broader concept %q", c.ID, b)
			}
		}
		for _, p := range c.Phrases {
			toks := seq(p)
			if len(toks) == 0 {
				continue
			}
			v.index[toks[0]] = append(v.index[toks[0]], conceptPhrase{toks: toks, concept: i})
		}
	}
	for k, ps := range v.index {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].toks) > len(ps[j].toks) })
		v.index[k] = ps
	}
	v.words = make([][]string, len(v.concepts))
	v.wordSets = make([]termSet, len(v.concepts))
	for i, c := range v.concepts {
		for _, p := range c.Phrases {
			v.words[i] = append(v.words[i], informative(seq(p))...)
		}
		v.wordSets[i] = setOf(v.words[i])
	}
	v.up = make([][]int, len(v.concepts))
	for i := range v.concepts {
		seen := map[int]bool{}
		var walk func(j int, depth int) error
		walk = func(j int, depth int) error {
			if depth > len(v.concepts) {
				return fmt.Errorf("concepts: %s: broader concepts form a cycle", v.concepts[i].ID)
			}
			if seen[j] {
				return nil
			}
			seen[j] = true
			v.up[i] = append(v.up[i], j)
			for _, b := range v.concepts[j].Broader {
				if err := walk(v.byID[b], depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		if err := walk(i, 0); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// defaultVocabulary is the embedded vocabulary; a broken file is a build
// defect that TestConceptsParse catches.
var defaultVocabulary = func() *vocabulary {
	v, err := ParseConcepts(conceptsYAML)
	if err != nil {
		panic(err)
	}
	return v
}()

// Concepts returns the embedded vocabulary, for listing and review.
func Concepts() []Concept { return slices.Clone(defaultVocabulary.concepts) }

// conceptHit is one concept found in a token sequence.
type conceptHit struct {
	concept  int
	pos, end int // token span in the sequence
}

// tag finds the concepts named in toks (a text through seq), longest
// phrase first, without overlaps.
func (v *vocabulary) tag(toks []string) []conceptHit {
	var out []conceptHit
	for i := 0; i < len(toks); {
		best := -1
		for k, p := range v.index[toks[i]] {
			if hasPhraseAt(toks, p.toks, i) {
				best = k
				break // longest first
			}
		}
		if best < 0 {
			// a phrase that shares its first word with the end of the hit
			// before ("local authentication protocols": "local
			// authentication", then "authentication protocols")
			if n := len(out); n > 0 && out[n-1].end == i && i > 0 {
				if h, ok := v.overlapAt(toks, i-1); ok {
					out = append(out, h)
					i = h.end
					continue
				}
			}
			i++
			continue
		}
		p := v.index[toks[i]][best]
		out = append(out, conceptHit{concept: p.concept, pos: i, end: i + len(p.toks)})
		i += len(p.toks)
	}
	return out
}

// overlapAt returns the longest phrase of two or more words at pos.
func (v *vocabulary) overlapAt(toks []string, pos int) (conceptHit, bool) {
	for _, p := range v.index[toks[pos]] {
		if len(p.toks) > 1 && hasPhraseAt(toks, p.toks, pos) {
			return conceptHit{concept: p.concept, pos: pos, end: pos + len(p.toks)}, true
		}
	}
	return conceptHit{}, false
}

// conceptSet is a set of concepts with a strength each: 1 for a concept a
// control is about (title, keywords, topics), weakShare for one its
// statement only mentions.
type conceptSet map[int]float64

func (s conceptSet) add(c int, w float64) {
	if w > s[c] {
		s[c] = w
	}
}

// closure returns s with every broader concept of its members added at
// the member's strength: a control about role-based access control is
// about access control.
func (v *vocabulary) closure(s conceptSet) conceptSet {
	out := conceptSet{}
	for c, w := range s {
		for _, u := range v.up[c] {
			out.add(u, w)
		}
	}
	return out
}

// tagText returns the concepts of a text at strength w.
func (v *vocabulary) tagText(s conceptSet, text string, w float64) {
	for _, h := range v.tag(seq(text)) {
		s.add(h.concept, w)
	}
}

// ids lists the concept IDs of a set, sorted.
func (v *vocabulary) ids(s []int) []string {
	out := make([]string, 0, len(s))
	for _, c := range s {
		out = append(out, v.concepts[c].ID)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// partyWords holds the words of the party concepts ("third parties")
// that a question names, looked up as heldWords are.
func (v *vocabulary) partyWords(an *analysis) heldWords {
	var h heldWords
	for _, cs := range [][]int{an.subject, an.context} {
		for _, c := range cs {
			if v.concepts[c].Party {
				h.cs = append(h.cs, v.wordSets[c])
			}
		}
	}
	return h
}

// isParty reports whether c is a party concept ("third parties") or one
// narrower than a party ("subprocessors").
func (v *vocabulary) isParty(c int) bool {
	if v.concepts[c].Party {
		return true
	}
	for _, u := range v.up[c] {
		if v.concepts[u].Party {
			return true
		}
	}
	return false
}

// heldWords is the question's words with those of the concepts it names,
// looked up without building their union.
type heldWords struct {
	q  termSet
	cs []termSet
}

func (v *vocabulary) heldWords(qt []string, an *analysis) heldWords {
	h := heldWords{q: setOf(qt)}
	for _, c := range an.subject {
		h.cs = append(h.cs, v.wordSets[c])
	}
	for _, c := range an.context {
		h.cs = append(h.cs, v.wordSets[c])
	}
	return h
}

func (h heldWords) has(t string) bool {
	if h.q[t] {
		return true
	}
	for _, s := range h.cs {
		if s[t] {
			return true
		}
	}
	return false
}
