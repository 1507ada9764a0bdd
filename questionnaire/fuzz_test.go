package questionnaire

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// gridOf splits text into rows (lines) and cells (tabs).
func gridOf(s string, flat bool) *grid {
	g := &grid{sheet: "fuzz", flat: flat, cont: map[[2]int][2]int{}}
	for r, line := range strings.Split(s, "\n") {
		cells := strings.Split(line, "\t")
		for c, v := range cells {
			// "=f|v": a formula f with the cached value v.
			if f, ok := strings.CutPrefix(v, "="); ok && !flat {
				f, v, _ = strings.Cut(f, "|")
				if g.formulas == nil {
					g.formulas = map[[2]int]xlsx.Formula{}
				}
				g.formulas[[2]int{r, c}] = xlsx.Formula{Text: f}
				cells[c] = v
			}
		}
		g.rows = append(g.rows, cells)
	}
	return g
}

// FuzzDetectLayout: layout detection never panics and returns questions
// whose rows and cells are inside the grid.
func FuzzDetectLayout(f *testing.F) {
	f.Add("Title\n\nID\tQuestion\tAnswer\tComments\nA-1\tDo you?\t\t\nEnd of Standard", uint8(0), false)
	f.Add("Company Overview\t\tVendor Answers\tAdditional Information\nCOMP-01\tDescribe it\t\t", uint8(0), false)
	f.Add("Requirement\tResponse\nAccess Control\nMFA is enforced", uint8(1), true)
	f.Add("\t\t\t?\n#\n\n", uint8(3), false)
	f.Add("=VLOOKUP(\"GNRL\",Q!$P$2:$Q$9,2,0)| General\t\tAnswer\nGNRL-01\t=VLOOKUP($A2,Q!$A$2:$C$9,2,0)|Is it?\t=VLOOKUP($A2,'START HERE'!$A$13:$C$21,3,0)&\"\"|\t\t=IF(C2=\"No\",1,0)|0", uint8(0), false)
	f.Fuzz(func(t *testing.T, s string, header uint8, flat bool) {
		if len(s) > 1<<16 {
			return
		}
		g := gridOf(s, flat)
		for _, opts := range []ReadOptions{{}, {HeaderRow: int(header % 40)}, {QuestionCol: "B", AnswerCol: "C"}} {
			l, qs, err := detectLayout(g, opts)
			if err != nil {
				continue
			}
			if l.Questions != len(qs) {
				t.Fatalf("layout says %d questions, got %d", l.Questions, len(qs))
			}
			for _, fc := range l.FormulaFed {
				if c, r, ok := xlsx.ParseRef(fc.Cell); !ok || !g.isFormula(r-1, c-1) {
					t.Fatalf("formula-fed cell %+v holds no formula", fc)
				}
				_ = answerSource(g.sheet, g, fc.Formula, func(string) *grid { return g })
			}
			for _, q := range qs {
				if q.Row < 1 || q.Row > len(g.rows) || q.Text == "" {
					t.Fatalf("question out of the grid: %+v", q)
				}
				if c, r, ok := xlsx.ParseRef(q.AnswerCell); ok && g.isFormula(r-1, c-1) {
					t.Fatalf("answer cell %s of %+v holds a formula", q.AnswerCell, q)
				}
			}
		}
	})
}

// FuzzReadCSV: the CSV reader and the detection on its result never panic.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("\xEF\xBB\xBFID;Question;Answer\n1;\"Do you\nencrypt?\";\n"))
	f.Add([]byte("id,domain,question,type,choices\n1.1#1,Q,Do you?,unique_choice,Yes | No | N/A\n"))
	f.Add([]byte("Question\tResponse\n\"unterminated\n"))
	f.Add([]byte("\xff\xfe,\x00;\t\"\"\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		d, err := parseCSV(b)
		if err != nil {
			return
		}
		// What is written back reads as what was read: encoding, line
		// endings and fields survive (records of one empty field aside:
		// encoding/csv writes them as empty lines, which it skips).
		var w bytes.Buffer
		if err := d.encode(context.Background(), &w, d.records); err != nil {
			t.Fatalf("encode: %v", err)
		}
		d2, err := parseCSVSep(w.Bytes(), d.sep)
		if err != nil {
			t.Fatalf("the written copy does not read: %v", err)
		}
		if d2.enc != d.enc || d2.eol != d.eol && len(d.records) > 1 {
			t.Fatalf("encoding %d/%d, line ending %q/%q after writing", d.enc, d2.enc, d.eol, d2.eol)
		}
		if a, b := nonEmpty(d.records), nonEmpty(d2.records); !reflect.DeepEqual(a, b) {
			t.Fatalf("records changed on writing:\n%q\n%q", a, b)
		}
		g := &grid{sheet: "fuzz.csv", flat: true}
		for _, r := range d.records {
			row := make([]string, d.width)
			copy(row, r)
			g.rows = append(g.rows, row)
		}
		if _, qs, err := detectLayout(g, ReadOptions{}); err == nil {
			for _, q := range qs {
				if q.Row < 1 || q.Row > len(g.rows) {
					t.Fatalf("row %d outside %d records", q.Row, len(g.rows))
				}
			}
		}
	})
}

func nonEmpty(recs [][]string) [][]string {
	var out [][]string
	for _, r := range recs {
		if len(r) == 1 && r[0] == "" {
			continue
		}
		out = append(out, r)
	}
	return out
}
