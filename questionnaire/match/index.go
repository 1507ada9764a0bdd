package match

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
)

// BM25 parameters.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// field is one weighted part of a document (title and keywords count more
// than the statement).
type field struct {
	text   string
	weight float64
}

// document is one indexed control, certification or library question.
type document struct {
	kind   string // control, certification, library
	id     string
	title  string
	tf     map[string]float64 // weighted term frequency
	len    float64            // weighted length
	terms  termSet            // every term
	strong termSet            // terms of the heavy fields (title, keywords)
	ref    int                // index into the catalog slice of its kind
}

// index is a BM25 index over documents.
type index struct {
	docs     []document
	df       map[string]int
	avgLen   float64
	postings map[string][]posting
	// idfs holds idf for every indexed term and idfNone for the rest, worked
	// out once: search and coverage ask for them on every question.
	idfs    map[string]float64
	idfNone float64
	// norm is, per document, the length part of the BM25 denominator.
	norm []float64
}

// posting is one document holding a term, with the term's weighted
// frequency and whether a heavy field holds it (document.strong).
type posting struct {
	doc    int
	tf     float64
	strong bool
}

func newDocument(kind, id, title string, ref int, fields ...field) document {
	d := document{kind: kind, id: id, title: title, ref: ref, tf: map[string]float64{}, terms: termSet{}, strong: termSet{}}
	for _, f := range fields {
		for _, t := range terms(f.text) {
			d.tf[t] += f.weight
			d.len += f.weight
			d.terms[t] = true
			if f.weight >= 2 {
				d.strong[t] = true
			}
		}
	}
	if len(fields) == 1 { // a one-field document (a library question) is all strong
		d.strong = d.terms
	}
	return d
}

func buildIndex(docs []document) *index {
	ix := &index{docs: docs, df: map[string]int{}, postings: map[string][]posting{}}
	var total float64
	for i, d := range docs {
		total += d.len
		for t := range d.terms {
			ix.df[t]++
			ix.postings[t] = append(ix.postings[t], posting{doc: i, tf: d.tf[t], strong: d.strong[t]})
		}
	}
	if len(docs) > 0 {
		ix.avgLen = total / float64(len(docs))
	}
	if ix.avgLen == 0 {
		ix.avgLen = 1
	}
	ix.idfs = make(map[string]float64, len(ix.df))
	for t, df := range ix.df {
		ix.idfs[t] = idfOf(len(docs), df)
	}
	ix.idfNone = idfOf(len(docs), 0)
	ix.norm = make([]float64, len(docs))
	for i, d := range docs {
		ix.norm[i] = bm25K1 * (1 - bm25B + bm25B*d.len/ix.avgLen)
	}
	return ix
}

// idf is the BM25 inverse document frequency; a term no document holds gets
// the highest value, so that an uncovered question word weighs fully
// against the confidence.
func (ix *index) idf(t string) float64 {
	if v, ok := ix.idfs[t]; ok {
		return v
	}
	return ix.idfNone
}

func idfOf(docs, df int) float64 {
	n := float64(docs)
	d := float64(df)
	return math.Log(1 + (n-d+0.5)/(d+0.5))
}

// hit is one scored document.
type hit struct {
	doc   int
	score float64
	cov   float64 // IDF-weighted share of the question's terms the document holds
	conf  float64
}

// search scores the documents for the question terms qt (plus context terms
// such as the section header, which count at weight 0.3 in the score but not
// in the coverage) and returns the hits with a score, best first.
//
// Confidence. For question terms Q (unique, informative) and a document d:
//
//	cov(d)    = sum of w(t,d)*idf(t) for t in Q  /  sum of idf(t) for t in Q
//	            where w = 1 when d's title or keywords hold t, 0.6 when only
//	            its statement (or domain, note) does, 0 otherwise
//	margin(d) = (score(d) - best score of any other document) / score(d), in [0,1]
//	short     = 0.6, 0.8, 0.92, 1 for |Q| = 1, 2, 3, 4+  (one- or two-word texts say little)
//	conf(d)   = cov(d)^0.75 * (0.75 + 0.25*margin(d)) * short
//
// Coverage carries most of it: a question whose rare words the document
// does not hold ("firewall", "background check") cannot be confidently
// answered from it, however the scores rank. The margin rewards a clear
// winner; a runner-up gets at most 0.75 of it. Calibrated on the
// public questionnaires in ../shared (CAIQ-Lite, HECVAT/K-12CVAT Lite, VSAQ,
// CISA SCRM) so that 0.5 is a sensible place to abstain.
func (ix *index) search(qt []string, context []string) []hit {
	return ix.searchInto(nil, qt, context)
}

// searchInto is search appending the hits to buf[:0].
func (ix *index) searchInto(buf []hit, qt []string, context []string) []hit {
	if len(ix.docs) == 0 {
		return nil
	}
	q := uniq(qt)
	// Scores live in a slice the size of the index, not a map: with a few
	// hundred documents that is cheaper, and touched keeps the documents
	// that got a score in the order they did.
	type weighted struct {
		t      string
		w, idf float64
	}
	ws := make([]weighted, 0, len(q)+len(context))
	for _, t := range q {
		ws = append(ws, weighted{t, 1, ix.idf(t)})
	}
	for _, t := range uniq(context) {
		if !slices.Contains(q, t) {
			ws = append(ws, weighted{t, 0.3, ix.idf(t)})
		}
	}
	// covered (see there) is summed here too, per document in the order of
	// q as covered does, from the postings rather than a lookup of every
	// question term in every hit.
	sc := searchScratch.Get().(*scratch)
	defer searchScratch.Put(sc)
	if len(sc.buf) < 2*len(ix.docs) {
		sc.buf = make([]float64, 2*len(ix.docs))
	}
	scores, covered := sc.buf[:len(ix.docs)], sc.buf[len(ix.docs):2*len(ix.docs)]
	touched := sc.touched[:0]
	defer func() {
		for _, di := range touched {
			scores[di], covered[di] = 0, 0
		}
		sc.touched = touched
	}()
	for i, x := range ws {
		for _, p := range ix.postings[x.t] {
			if scores[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			scores[p.doc] += x.w * x.idf * p.tf * (bm25K1 + 1) / (p.tf + ix.norm[p.doc])
			if i < len(q) {
				if p.strong {
					covered[p.doc] += x.idf
				} else {
					covered[p.doc] += weakShare * x.idf
				}
			}
		}
	}
	var total float64
	for _, x := range ws[:len(q)] {
		total += x.idf
	}
	hits := slices.Grow(buf[:0], len(touched))
	for _, di := range touched {
		s := scores[di]
		if s <= 0 {
			continue
		}
		h := hit{doc: di, score: s}
		if total > 0 {
			h.cov = covered[di] / total
		}
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return strings.Compare(ix.docs[a.doc].id, ix.docs[b.doc].id)
	})
	short := 1.0
	switch len(q) {
	case 1:
		short = 0.6
	case 2:
		short = 0.8
	case 3:
		short = 0.92
	}
	for i := range hits {
		other := 0.0
		if i == 0 && len(hits) > 1 {
			other = hits[1].score
		} else if i > 0 {
			other = hits[0].score
		}
		margin := clamp01((hits[i].score - other) / hits[i].score)
		hits[i].conf = clamp01(math.Pow(hits[i].cov, 0.75) * (0.75 + 0.25*margin) * short)
	}
	return hits
}

// scratch is search's working memory, kept in a pool between calls (it
// was a good part of what a question allocated). Its slices are all zero
// when it is in the pool.
type scratch struct {
	buf     []float64 // scores, then covered
	touched []int
}

var searchScratch = sync.Pool{New: func() any { return new(scratch) }}

// weakShare is what a question term found only in a document's statement
// (not its title or keywords) counts for in the coverage: an incidental
// word ("device" in "between your device and our services") should not
// carry a match.
const weakShare = 0.6

// covered sums the IDF of the question terms the document holds.
func (ix *index) covered(q []string, di int) float64 {
	d := &ix.docs[di]
	var c float64
	for _, t := range q {
		switch {
		case d.strong[t]:
			c += ix.idf(t)
		case d.terms[t]:
			c += weakShare * ix.idf(t)
		}
	}
	return c
}

// coverage is the IDF-weighted share of the question terms doc holds.
func (ix *index) coverage(qt []string, di int) float64 {
	q := uniq(qt)
	var total float64
	for _, t := range q {
		total += ix.idf(t)
	}
	if total == 0 {
		return 0
	}
	return ix.covered(q, di) / total
}

func uniq(ts []string) []string {
	out := make([]string, 0, len(ts))
	if len(ts) <= 32 { // a question's terms: a map costs more than looking back
		for _, t := range ts {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
		return out
	}
	seen := make(map[string]bool, len(ts))
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
