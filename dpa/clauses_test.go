package dpa

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/controls"
)

func TestNumberClausesErrors(t *testing.T) {
	tests := map[string]struct{ src, want string }{
		"unresolved":    {"# T\n\n## A {#a}\n\n#. See clause (#b).\n", "line 5: the reference (#b) names no clause"},
		"duplicate":     {"# T\n\n## A {#a}\n\n## B {#a}\n", "line 5: the label {#a} is defined twice (first on line 3)"},
		"self":          {"# T\n\n## A {#a}\n\n#{#x}. As this clause (#x) says.\n", "clause 1.1 refers to itself"},
		"outside":       {"# T\n\n## Parties\n\n#. Loose.\n", "outside a numbered clause"},
		"before any":    {"# T\n\n#. Loose.\n", "outside a numbered clause"},
		"sub-clause ok": {"# T\n\n## A {#a}\n\n#{#x}. One.\n\n#. Two, under (#x) and clause (#a).\n\n# Annex\n\n## B {#b}\n\n#. Three.\n", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := numberClauses([]byte(tt.src))
			if tt.want == "" {
				if err != nil || !strings.Contains(string(out), "1.2 Two, under 1.1 and clause 1.") || !strings.Contains(string(out), "## 1. B") {
					t.Errorf("%v\n%s", err, out)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

var (
	numberedHeading = regexp.MustCompile(`^(\d+)\. `)
	numberedPara    = regexp.MustCompile(`^(\d+)\.(\d+) `)
	crossRef        = regexp.MustCompile(`\b(?:clauses?|sections?) (\d+(?:\.\d+)?)(?: (?:to|and) (\d+(?:\.\d+)?))?`)
)

// TestTemplateVariants reads every variant of the agreements (the DPA, the
// mutual and the one-way NDA, for the Kora, Proto and test catalogs) and
// fails on a clause number out of sequence, a reference to no clause or to
// the clause it stands in, an agreement that points to itself for what it
// does not state, or a role name that does not fit the variant.
func TestTemplateVariants(t *testing.T) {
	cats := map[string]*controls.Catalog{"kora": kora(t), "proto": proto(t), "lumen": lumen(t)}
	for cname, cat := range cats {
		for _, v := range []struct {
			kind   Kind
			oneWay bool
		}{{KindDPA, false}, {KindNDA, false}, {KindNDA, true}} {
			t.Run(fmt.Sprintf("%s/%s/one-way=%v", cname, v.kind, v.oneWay), func(t *testing.T) {
				opts := testOptions()
				opts.OneWay = v.oneWay
				doc, err := Build(cat, v.kind, opts)
				if err != nil {
					t.Fatal(err)
				}
				if m := regexp.MustCompile(`\(#|\{#|(?m)^#[.{]`).Find(doc.Markdown); m != nil {
					t.Errorf("an unresolved clause mark %q", m)
				}
				numbers := map[string]bool{}
				clause, sub := 0, 0
				type para struct{ own, text string }
				var paras []para
				for _, b := range doc.Blocks {
					s := runsText(b.Runs)
					switch {
					case b.Type == BlockHeading && b.Level == 1:
						clause, sub = 0, 0
					case b.Type == BlockHeading && b.Level == 2:
						if m := numberedHeading.FindStringSubmatch(s); m != nil {
							n, _ := strconv.Atoi(m[1])
							if n != clause+1 {
								t.Errorf("clause %d follows clause %d", n, clause)
							}
							clause, sub = n, 0
							numbers[m[1]] = true
						}
					case b.Type == BlockParagraph:
						own := ""
						if m := numberedPara.FindStringSubmatch(s); m != nil {
							c, _ := strconv.Atoi(m[1])
							k, _ := strconv.Atoi(m[2])
							if c != clause || k != sub+1 {
								t.Errorf("%s.%s follows %d.%d", m[1], m[2], clause, sub)
							}
							sub = k
							own = m[1] + "." + m[2]
							numbers[own] = true
						}
						paras = append(paras, para{own, s})
					}
				}
				if clause == 0 && len(numbers) == 0 {
					t.Fatal("no numbered clause")
				}
				for _, p := range paras {
					for _, m := range crossRef.FindAllStringSubmatch(p.text, -1) {
						for _, n := range m[1:] {
							if n == "" {
								continue
							}
							if !numbers[n] {
								t.Errorf("%q refers to %s, which does not exist", p.text[:min(60, len(p.text))], n)
							}
							if n == p.own || (p.own != "" && strings.HasPrefix(p.own, n+".") && !strings.Contains(m[0], " to ")) {
								t.Errorf("%s refers to itself: %q", p.own, m[0])
							}
						}
					}
				}
				text := doc.Text()
				if v.kind == KindNDA {
					// The NDA is "the Agreement": it cannot defer to itself.
					for _, self := range []string{"stated in the Agreement", "stated in this Agreement", "set out in the Agreement"} {
						if strings.Contains(text, self) {
							t.Errorf("the NDA refers to itself: %q", self)
						}
					}
					if strings.Contains(text, "Recipient Company") {
						t.Error(`the NDA calls a party "the Recipient Company"`)
					}
					purpose := text[strings.Index(text, "1. Purpose"):strings.Index(text, "2. Confidential")]
					if v.oneWay {
						if !strings.Contains(text, `the Counterparty is the "Recipient"`) || !strings.Contains(purpose, "allow the Recipient to evaluate") {
							t.Errorf("one-way roles or purpose:\n%s", purpose)
						}
					} else {
						if strings.Contains(purpose, "allow the Recipient to evaluate") || !strings.Contains(purpose, "The parties disclose Confidential Information to each other") || !strings.Contains(purpose, "assessment of the Counterparty's requirements") {
							t.Errorf("the mutual purpose runs one way:\n%s", purpose)
						}
						if !strings.Contains(text, "each party is bound by this Agreement as Recipient") {
							t.Error("the mutual NDA does not bind each party as Recipient")
						}
					}
					// Both parties with their addresses, or a blank to complete.
					if !strings.Contains(text, "Société Générale Müller GmbH, of 29 bd Haussmann, 75009 Paris, Łódź branch") {
						t.Errorf("the customer's address is missing:\n%.600s", text)
					}
					vendorAddr := "whose address is ______________________"
					if cat.Company.Address != "" {
						vendorAddr = "of " + strings.Join(strings.Fields(cat.Company.Address), " ")
					}
					if !strings.Contains(text, cat.Company.LegalName+", "+vendorAddr) {
						t.Errorf("the vendor's party line lacks %q:\n%.600s", vendorAddr, text)
					}
				}
			})
		}
	}
}
