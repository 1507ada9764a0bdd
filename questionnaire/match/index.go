package match

import (
	"math"
	"sort"
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
	postings map[string][]int
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
	ix := &index{docs: docs, df: map[string]int{}, postings: map[string][]int{}}
	var total float64
	for i, d := range docs {
		total += d.len
		for t := range d.terms {
			ix.df[t]++
			ix.postings[t] = append(ix.postings[t], i)
		}
	}
	if len(docs) > 0 {
		ix.avgLen = total / float64(len(docs))
	}
	if ix.avgLen == 0 {
		ix.avgLen = 1
	}
	return ix
}

// idf is the BM25 inverse document frequency; a term no document holds gets
// the highest value, so that an uncovered question word weighs fully
// against the confidence.
func (ix *index) idf(t string) float64 {
	n := float64(len(ix.docs))
	df := float64(ix.df[t])
	return math.Log(1 + (n-df+0.5)/(df+0.5))
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
	if len(ix.docs) == 0 {
		return nil
	}
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
	scores := map[int]float64{}
	for t, w := range weights {
		idf := ix.idf(t)
		for _, di := range ix.postings[t] {
			d := &ix.docs[di]
			tf := d.tf[t]
			scores[di] += w * idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*d.len/ix.avgLen))
		}
	}
	var total float64
	for _, t := range q {
		total += ix.idf(t)
	}
	hits := make([]hit, 0, len(scores))
	for di, s := range scores {
		if s <= 0 {
			continue
		}
		h := hit{doc: di, score: s}
		if total > 0 {
			h.cov = ix.covered(q, di) / total
		}
		hits = append(hits, h)
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return ix.docs[hits[i].doc].id < ix.docs[hits[j].doc].id
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
	seen := make(map[string]bool, len(ts))
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
