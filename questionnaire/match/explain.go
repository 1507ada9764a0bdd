package match

import "strings"

// Explanation is one question's decision with how it was reached: what
// `vouch questionnaire ask` prints.
type Explanation struct {
	Question string   `json:"question" yaml:"question"`
	ID       string   `json:"id,omitempty" yaml:"id,omitempty"`
	Allowed  []string `json:"choices,omitempty" yaml:"choices,omitempty"`
	// Subject, Context and Residue are the question analysis: the concepts
	// it is about, those only in its framing, and its words outside both.
	Subject []string `json:"subject" yaml:"subject"`
	Context []string `json:"context" yaml:"context"`
	Residue []string `json:"residue" yaml:"residue"`
	// Asks lists the properties the question asks for (documented,
	// reviewed at least annually, tested, automated, all, a figure, ...).
	Asks []string `json:"asks" yaml:"asks"`
	Result
}

// Explain answers q as Answer does and says how.
func (e *Engine) Explain(q Query) Explanation {
	res := e.Answer(q)
	qt, _ := newRowQuestion(strings.TrimSpace(q.Text))
	an := e.voc.analyse(qt.clean)
	x := Explanation{Question: q.Text, ID: q.ID, Allowed: q.Allowed, Result: res,
		Subject: e.voc.ids(an.subject), Context: e.voc.ids(an.context), Residue: an.residual, Asks: []string{}}
	if x.Residue == nil {
		x.Residue = []string{}
	}
	all := support{stated: make([]bool, len(compiledQualifiers)), figures: map[string]bool{}}
	x.Asks = append(x.Asks, qt.missing(&all)...)
	return x
}
