package questionnaire

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// Formula-driven workbooks (issue 10): a HECVAT-4-like one, a SIG-style
// one whose answers roll up into a scoring sheet, and a buyer's sheet whose
// question column is =Questions!B5. excelize writes formulas without a
// cached value, so fbook writes each one's cached value into the sheet XML
// afterwards, as Excel leaves it.

// keepFixtures writes the generated workbooks into a folder, to look at
// them with vouch itself: go test ./questionnaire -run Fixture -fixtures DIR
var keepFixtures = flag.String("fixtures", "", "also write the formula-driven fixtures into this folder")

// fx is a formula cell: its formula (without "=") and the value Excel
// cached (noCache: none, as a program that never computed it leaves it).
type fx struct{ f, v string }

const noCache = "\x00"

// fbook builds formula-driven workbooks: cells are set through set, and
// the cached values of formula cells are written into the package on save.
type fbook struct {
	t      testing.TB
	f      *excelize.File
	cached map[string]map[string]string // sheet -> cell -> cached value
	x14    map[string][][2]string       // sheet -> {sqref, formula} list validations
}

func newFbook(t testing.TB) *fbook {
	return &fbook{t: t, f: excelize.NewFile(), cached: map[string]map[string]string{}, x14: map[string][][2]string{}}
}

// sheet creates a sheet (the first one renames Sheet1).
func (b *fbook) sheet(name string, hidden bool) {
	b.t.Helper()
	if len(b.f.GetSheetList()) == 1 && b.f.GetSheetList()[0] == "Sheet1" {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			b.t.Fatal(err)
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		b.t.Fatal(err)
	}
	if hidden {
		if err := b.f.SetSheetVisible(name, false); err != nil {
			b.t.Fatal(err)
		}
	}
}

// set writes one cell: a string, a number or an fx formula; nil leaves it empty.
func (b *fbook) set(sheet, cell string, v any) {
	b.t.Helper()
	var err error
	switch v := v.(type) {
	case nil:
		return
	case fx:
		err = b.f.SetCellFormula(sheet, cell, v.f)
		if b.cached[sheet] == nil {
			b.cached[sheet] = map[string]string{}
		}
		b.cached[sheet][cell] = v.v
	case string:
		err = b.f.SetCellStr(sheet, cell, v)
	default:
		err = b.f.SetCellValue(sheet, cell, v)
	}
	if err != nil {
		b.t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
}

// row writes cells from column A of a row.
func (b *fbook) row(sheet string, r int, cells ...any) {
	for i, v := range cells {
		b.set(sheet, xlsx.RefName(i+1, r), v)
	}
}

// list adds an x14 list validation (a range on another sheet).
func (b *fbook) list(sheet, sqref, formula string) {
	b.x14[sheet] = append(b.x14[sheet], [2]string{sqref, formula})
}

var reFormulaCell = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*)>(<f[^>]*>[^<]*</f>|<f[^>]*/>)(?:<v>[^<]*</v>)?</c>`)

// save writes the workbook to dir/name with the cached values and x14
// validations in its sheet XML.
func (b *fbook) save(dir, name string) string {
	t := b.t
	t.Helper()
	p := filepath.Join(dir, name)
	if err := b.f.SaveAs(p); err != nil {
		t.Fatalf("save fixture %s: %v", name, err)
	}
	b.f.Close()
	pkg, err := xlsx.OpenPackage(p, DefaultMaxUnzipBytes)
	if err != nil {
		t.Fatal(err)
	}
	for sheet, part := range pkg.Parts {
		cached, lists := b.cached[sheet], b.x14[sheet]
		if len(cached) == 0 && len(lists) == 0 {
			continue
		}
		testutil.PatchZip(t, p, part, func(x []byte) []byte {
			x = reFormulaCell.ReplaceAllFunc(x, func(m []byte) []byte {
				sm := reFormulaCell.FindSubmatch(m)
				v, ok := cached[string(sm[1])]
				if !ok {
					t.Fatalf("%s!%s: a formula without a cached value", sheet, sm[1])
				}
				attrs := regexp.MustCompile(` t="[^"]*"`).ReplaceAll(sm[2], nil)
				if v == noCache {
					return []byte(fmt.Sprintf(`<c r="%s"%s>%s</c>`, sm[1], attrs, sm[3]))
				}
				if _, err := strconv.ParseFloat(v, 64); err != nil || v == "" {
					attrs = append(attrs, ` t="str"`...)
				}
				var out bytes.Buffer
				fmt.Fprintf(&out, `<c r="%s"%s>%s<v>%s</v></c>`, sm[1], attrs, sm[3], escapeXML(v))
				return out.Bytes()
			})
			if len(lists) > 0 {
				var ext strings.Builder
				ext.WriteString(`<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">`)
				ext.WriteString(`<x14:dataValidations count="` + itoa(len(lists)) + `" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">`)
				for _, l := range lists {
					ext.WriteString(`<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"><x14:formula1><xm:f>` +
						escapeXML(l[1]) + `</xm:f></x14:formula1><xm:sqref>` + l[0] + `</xm:sqref></x14:dataValidation>`)
				}
				ext.WriteString(`</x14:dataValidations></ext></extLst>`)
				x = bytes.Replace(x, []byte("</worksheet>"), []byte(ext.String()+"</worksheet>"), 1)
			}
			return x
		})
	}
	if *keepFixtures != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*keepFixtures, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// hvQ is one question of the HECVAT-like fixture.
type hvQ struct{ id, text string }

// hvSection is a section of a response sheet: a code, a name (with the
// leading space HECVAT's section names have) and its questions.
type hvSection struct {
	code, name string
	qs         []hvQ
	end        bool // "End Table Data" in column G of its last row
}

type hvSheet struct {
	name     string
	sections []hvSection
}

// hvShared are the questions answered once, on START HERE (rows 13-21),
// and copied onto every other response sheet by formulas.
var hvShared = []hvQ{
	{"GNRL-01", "What is the legal name of your company?"},
	{"GNRL-02", "What is the name of the product being assessed?"},
	{"GNRL-03", "Who is the primary security contact (name and email)?"},
	{"GNRL-04", "Describe the product in one or two sentences."},
	{"GNRL-05", "On what date was this assessment completed?"},
	{"REQU-01", "Is the product a cloud-hosted (SaaS) solution?"},
	{"REQU-02", "Does the product include AI or machine-learning features?"},
	{"REQU-03", "Will the product store or process protected health information (PHI)?"},
	{"REQU-04", "Will the product store, process or transmit payment card data?"},
}

// hvResponse are the response sheets after START HERE.
var hvResponse = []hvSheet{
	{"Organization", []hvSection{
		{"COMP", " Company Information", []hvQ{{"COMP-01", "Do you have a dedicated information security team?"}, {"COMP-02", "Has your company experienced a data breach in the last five years?"}, {"COMP-03", "Do you carry cyber-liability insurance?"}}, false},
		{"DOCU", " Documentation", []hvQ{{"DOCU-01", "Do you have a documented information security policy?"}, {"DOCU-02", "Is the information security policy reviewed at least annually?"}}, true},
	}},
	{"Product", []hvSection{
		{"AAAI", " Authentication, Authorization, and Account Management", []hvQ{{"AAAI-01", "Does the product support single sign-on (SSO) through SAML or OIDC?"}, {"AAAI-02", "Does the product support multi-factor authentication (MFA)?"}, {"AAAI-03", "Can administrators define role-based access controls?"}}, false},
		{"APPL", " Application Security", []hvQ{{"APPL-01", "Do you run third-party penetration tests of the product at least annually?"}, {"APPL-02", "Do you follow a secure software development lifecycle?"}}, true},
	}},
	{"Infrastructure", []hvSection{
		{"DATA", " Data", []hvQ{{"DATA-01", "Is customer data encrypted at rest?"}, {"DATA-02", "Is customer data encrypted in transit with TLS 1.2 or later?"}}, false},
		{"DCTR", " Datacenter", []hvQ{{"DCTR-01", "Is the product hosted in a third-party datacenter or public cloud?"}}, false},
		{"BCPL", " Business Continuity", []hvQ{{"BCPL-01", "Do you have a documented business continuity plan?"}, {"BCPL-02", "Are backups restored in a test at least annually?"}}, true},
	}},
	{"IT Accessibility", []hvSection{
		{"ITAC", " IT Accessibility", []hvQ{{"ITAC-01", "Does the product conform to WCAG 2.1 AA?"}, {"ITAC-02", "Can you provide a current Accessibility Conformance Report (VPAT)?"}}, true},
	}},
	{"Case-Specific", []hvSection{
		// Applies only when REQU-03 is Yes; the rows are there either way.
		{"HIPA", " HIPAA", []hvQ{{"HIPA-01", "Will you sign a business associate agreement (BAA)?"}, {"HIPA-02", "Do you log every access to protected health information?"}}, false},
		{"PCID", " PCI DSS", []hvQ{{"PCID-01", "Is the product validated as PCI DSS compliant?"}}, true},
	}},
	{"AI", []hvSection{
		{"AIQU", " AI Qualifiers", []hvQ{{"AIQU-01", "Does the product use customer data to train AI models?"}, {"AIQU-02", "Can customers turn the AI features off?"}}, false},
		{"AIGV", " AI Governance", []hvQ{{"AIGV-01", "Do you have a documented AI risk management policy?"}}, true},
	}},
	{"Privacy", []hvSection{
		{"PRGN", " Privacy General", []hvQ{{"PRGN-01", "Do you sell or share personal data with third parties?"}, {"PRGN-02", "Do you have a documented data retention and deletion policy?"}}, false},
		{"PDAT", " Personal Data", []hvQ{{"PDAT-01", "Can customers export their data on request?"}}, true},
	}},
}

// hvAnalyst names the analyst-side sheets; renamed, they must be
// recognised by their formulas and structure alone.
type hvAnalyst struct {
	institution, highRisk, privacy, reference string
	// plainHighRisk: the high-risk sheet's response column is the
	// analyst's own, plain cells with a dropdown, not formulas.
	plainHighRisk bool
}

var hvNames = hvAnalyst{institution: "Institution Evaluation", highRisk: "High-Risk Evaluation", privacy: "Privacy Analyst Evaluation", reference: "Analyst Reference"}

// hvAnswerAt records where each vendor answer cell is: ID -> "Sheet!C23".
type hvLayout struct {
	questions int                       // to answer: START HERE's and every section question
	fed       map[string]int            // sheet -> formula-fed answer cells
	answerAt  map[string]string         // ID -> its answer cell, "Sheet!C23"
	sections  map[string][]string       // sheet -> section names
	perSheet  map[string]int            // sheet -> questions to answer
	rowOf     map[string]map[string]int // sheet -> ID -> row
}

// hecvatBook builds the HECVAT-4-like workbook with every trap of issue
// 10: a banner of 11 rows with formula instructions, no single header row
// but one per section (section name a formula in A; the first with Answer
// alone), question texts as VLOOKUP formulas with cached values, START HERE
// answers copied by formulas onto every other response sheet, guidance and
// analyst-note formulas, "End Table Data" markers in G, x14 dropdowns over
// ranges on hidden sheets, analyst and scoring sheets that look like
// questions, and the hidden Questions, Auto Responses and (backend
// scoring) sheets.
func hecvatBook(t testing.TB, dir, name string, names hvAnalyst) (string, hvLayout) {
	b := newFbook(t)
	lay := hvLayout{fed: map[string]int{}, answerAt: map[string]string{}, sections: map[string][]string{}, perSheet: map[string]int{}, rowOf: map[string]map[string]int{}}
	all := append([]hvSheet{{"START HERE", nil}}, hvResponse...)
	for _, s := range all {
		b.sheet(s.name, false)
	}
	for _, n := range []string{names.institution, names.highRisk, names.privacy, names.reference} {
		b.sheet(n, false)
	}
	for _, n := range []string{"Questions", "Auto Responses", "(backend scoring)"} {
		b.sheet(n, true)
	}

	// Questions: ID, text, guidance; section names in P:Q; instructions in F1:M12.
	texts := map[string]string{}
	b.row("Questions", 1, "ID", "Question", "Guidance")
	qr := 2
	addQ := func(q hvQ) {
		texts[q.id] = q.text
		b.row("Questions", qr, q.id, q.text, "Guidance for "+q.id+": answer for the product being assessed.")
		qr++
	}
	for _, q := range hvShared {
		addQ(q)
	}
	sectionRow := map[string]int{}
	sr := 2
	addSection := func(code, name string) {
		b.row("Questions", sr, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, code, name)
		sectionRow[code] = sr
		sr++
	}
	addSection("GNRL", " General Information")
	for _, s := range hvResponse {
		for _, sec := range s.sections {
			addSection(sec.code, sec.name)
			for _, q := range sec.qs {
				addQ(q)
			}
		}
	}
	instr := func(sheet string, k int) string {
		return fmt.Sprintf("Step %d for %s: answer in column C, add detail in column D.", k, sheet)
	}
	for i, s := range all {
		col := xlsx.ColName(5 + i) // F, G, ...
		b.set("Questions", col+"1", s.name)
		for k := 2; k <= 9; k++ {
			b.set("Questions", col+itoa(k), instr(s.name, k-1))
		}
	}
	instrRange := "Questions!$F$1:$" + xlsx.ColName(5+len(all)-1) + "$9"

	// Auto Responses: the dropdown lists.
	b.row("Auto Responses", 1, "Yes/No", "Yes/No/N/A")
	b.row("Auto Responses", 2, "Yes", "Yes")
	b.row("Auto Responses", 3, "No", "No")
	b.row("Auto Responses", 4, nil, "N/A")
	yesNo, yesNoNA := "'Auto Responses'!$A$2:$A$3", "'Auto Responses'!$B$2:$B$4"

	banner := func(sheet string) {
		b.row(sheet, 1, "Higher Education Community Vendor Assessment Toolkit — "+sheet)
		b.row(sheet, 2, "Date", fx{"'START HERE'!$B$3", "2026-11-01"})
		if sheet == "START HERE" {
			b.set(sheet, "B2", nil)
			b.row(sheet, 3, "Date completed", "2026-11-01")
		}
		for k := 1; k <= 8; k++ {
			b.set(sheet, "A"+itoa(3+k), fx{fmt.Sprintf(`HLOOKUP("%s",%s,%d,0)`, sheet, instrRange, k+1), instr(sheet, k)})
		}
	}
	sectionName := func(code string) fx {
		return fx{fmt.Sprintf(`VLOOKUP("%s",Questions!$P$2:$Q$40,2,0)`, code), mustSection(code)}
	}
	questionRow := func(sheet string, r int, q hvQ, answer any) {
		b.row(sheet, r, q.id,
			fx{fmt.Sprintf("VLOOKUP($A%d,Questions!$A$2:$C$400,2,0)", r), q.text},
			answer, nil,
			fx{fmt.Sprintf("VLOOKUP($A%d,Questions!$A$2:$C$400,3,0)", r), "Guidance for " + q.id + ": answer for the product being assessed."},
			fx{fmt.Sprintf(`IF($C%d="No","Follow up on "&$A%d,"")`, r, r), ""})
		if lay.rowOf[sheet] == nil {
			lay.rowOf[sheet] = map[string]int{}
		}
		lay.rowOf[sheet][q.id] = r
	}
	for _, s := range all {
		banner(s.name)
		// The first section: General Information, its header with Answer alone.
		b.row(s.name, 12, sectionName("GNRL"), nil, "Answer")
		lay.sections[s.name] = append(lay.sections[s.name], "General Information")
		for i, q := range hvShared {
			r := 13 + i
			var answer any
			if s.name == "START HERE" {
				lay.answerAt[q.id] = "START HERE!C" + itoa(r)
				lay.questions++
				lay.perSheet[s.name]++
			} else {
				answer = fx{fmt.Sprintf(`VLOOKUP($A%d,'START HERE'!$A$13:$C$21,3,0)&""`, r), ""}
				lay.fed[s.name]++
			}
			questionRow(s.name, r, q, answer)
		}
		if s.name == "START HERE" {
			b.list(s.name, "C18:C21", yesNo)
		}
		r := 22
		var sqref []string
		for _, sec := range s.sections {
			b.row(s.name, r, sectionName(sec.code), nil, "Answer", "Additional Information", "Guidance", "Analyst Notes")
			lay.sections[s.name] = append(lay.sections[s.name], strings.TrimSpace(sec.name))
			r++
			first := r
			for i, q := range sec.qs {
				questionRow(s.name, r, q, nil)
				if sec.end && i == len(sec.qs)-1 {
					b.set(s.name, "G"+itoa(r), "End Table Data")
				}
				lay.answerAt[q.id] = s.name + "!C" + itoa(r)
				lay.questions++
				lay.perSheet[s.name]++
				r++
			}
			sqref = append(sqref, fmt.Sprintf("C%d:C%d", first, r-1))
		}
		if len(sqref) > 0 {
			b.list(s.name, strings.Join(sqref, " "), yesNoNA)
		}
	}

	// Analyst side. Institution Evaluation: every vendor answer by
	// reference, a score and a weight per question.
	ev := func(sheet string, ids []string, header []any, score func(r int) fx, plain bool) {
		b.row(sheet, 1, "Institution Evaluation of the vendor's answers")
		b.row(sheet, 2, fx{fmt.Sprintf(`HLOOKUP("START HERE",%s,2,0)`, instrRange), instr("START HERE", 1)})
		b.row(sheet, 4, header...)
		for i, id := range ids {
			r := 5 + i
			at := lay.answerAt[id]
			sh, cell, _ := strings.Cut(at, "!")
			var answer any = fx{fmt.Sprintf("'%s'!%s&\"\"", sh, cell), ""}
			if plain {
				answer = nil
			}
			b.row(sheet, r, id,
				fx{fmt.Sprintf("VLOOKUP($A%d,Questions!$A$2:$C$400,2,0)", r), texts[id]},
				answer, "Yes", score(r), 10, nil)
		}
		if plain {
			b.list(sheet, fmt.Sprintf("C5:C%d", 4+len(ids)), yesNo)
		}
	}
	var vendorIDs, privacyIDs []string
	for _, s := range hvResponse {
		for _, sec := range s.sections {
			for _, q := range sec.qs {
				if s.name == "Privacy" {
					privacyIDs = append(privacyIDs, q.id)
				} else {
					vendorIDs = append(vendorIDs, q.id)
				}
			}
		}
	}
	ev(names.institution, vendorIDs, []any{"ID", "Question", "Vendor Answer", "Preferred Response", "Score", "Weight", "Analyst Notes"},
		func(r int) fx { return fx{fmt.Sprintf(`IF(C%d=D%d,F%d,0)`, r, r, r), "0"} }, false)
	// High-Risk Evaluation: plain IDs, question texts and vendor responses by formula.
	high := []string{"AAAI-02", "APPL-01", "DATA-01", "DATA-02", "BCPL-01", "HIPA-01", "PRGN-01"}
	ev(names.highRisk, high, []any{"ID", "High-Risk Question", "Vendor Response", "Expected Response", "Met?", "Weight", "Analyst Notes"},
		func(r int) fx { return fx{fmt.Sprintf(`IF(C%d=D%d,"Met","Not met")`, r, r), "Not met"} }, names.plainHighRisk)
	ev(names.privacy, privacyIDs, []any{"ID", "Question", "Vendor Answer", "Preferred Response", "Score", "Weight", "Analyst Notes"},
		func(r int) fx { return fx{fmt.Sprintf(`IF(C%d=D%d,F%d,0)`, r, r, r), "0"} }, false)
	// Analyst Reference: what a good answer looks like, as plain values.
	b.row(names.reference, 2, "ID", "Question", "What a good answer looks like")
	for i, id := range vendorIDs {
		b.row(names.reference, 3+i, id, texts[id], "A Yes with the policy or report attached.")
	}
	// (backend scoring): counts over the response sheets.
	for i, s := range hvResponse {
		b.row("(backend scoring)", 1+i, s.name, fx{fmt.Sprintf(`COUNTIF('%s'!$C$22:$C$60,"Yes")`, s.name), "0"})
	}
	return b.save(dir, name), lay
}

func mustSection(code string) string {
	if code == "GNRL" {
		return " General Information"
	}
	for _, s := range hvResponse {
		for _, sec := range s.sections {
			if sec.code == code {
				return sec.name
			}
		}
	}
	panic("no section " + code)
}

// sigQuestions are the SIG-style fixture's questions by sheet.
var sigQuestions = []struct {
	sheet string
	qs    []hvQ
}{
	{"A. Risk Management", []hvQ{{"A.1", "Is there a documented risk management program?"}, {"A.2", "Is a risk assessment performed at least annually?"}, {"A.3", "Are risks tracked in a register with owners?"}}},
	{"B. Security Policy", []hvQ{{"B.1", "Is there an information security policy approved by management?"}, {"B.2", "Is the policy communicated to all employees?"}}},
}

// sigBook builds a SIG-style questionnaire: two answer sheets with a score
// formula beside each answer, and a "Results" sheet (named so that no name
// says what it is) whose detail table copies every question and answer by
// formula and whose summary counts the Yes answers: the answers roll up
// into it, and it must never be read as questions.
func sigBook(t testing.TB, dir string) string {
	b := newFbook(t)
	b.sheet("Business Information", false)
	b.row("Business Information", 1, "Business Information")
	b.row("Business Information", 3, "Ques Num", "Question/Request", "Response", "Additional Information")
	b.row("Business Information", 4, "BI.1", "What is the legal name of your company?")
	b.row("Business Information", 5, "BI.2", "Describe the services in scope.")
	for _, s := range sigQuestions {
		b.sheet(s.sheet, false)
		b.row(s.sheet, 1, s.sheet)
		b.row(s.sheet, 3, "Ques Num", "Question/Request", "Response", "Additional Information", "Points")
		for i, q := range s.qs {
			r := 4 + i
			b.row(s.sheet, r, q.id, q.text, nil, nil, fx{fmt.Sprintf(`IF(C%d="Yes",1,0)`, r), "0"})
		}
		b.list(s.sheet, fmt.Sprintf("C4:C%d", 3+len(s.qs)), "Lists!$A$1:$A$3")
	}
	b.sheet("Results", false)
	b.row("Results", 1, "Domain", "Questions", "Yes", "Score")
	for i, s := range sigQuestions {
		r := 2 + i
		last := 3 + len(s.qs)
		b.row("Results", r, s.sheet,
			fx{fmt.Sprintf("COUNTA('%s'!A4:A%d)", s.sheet, last), itoa(len(s.qs))},
			fx{fmt.Sprintf(`COUNTIF('%s'!C4:C%d,"Yes")`, s.sheet, last), "0"},
			fx{fmt.Sprintf("SUM('%s'!E4:E%d)/B%d", s.sheet, last, r), "0"})
	}
	b.row("Results", 6, "Ques Num", "Question", "Response", "Points")
	r := 7
	for _, s := range sigQuestions {
		for i := range s.qs {
			src := 4 + i
			b.row("Results", r,
				fx{fmt.Sprintf("'%s'!A%d", s.sheet, src), s.qs[i].id},
				fx{fmt.Sprintf("'%s'!B%d", s.sheet, src), s.qs[i].text},
				fx{fmt.Sprintf(`'%s'!C%d&""`, s.sheet, src), ""},
				fx{fmt.Sprintf("'%s'!E%d", s.sheet, src), "0"})
			r++
		}
	}
	b.sheet("Lists", true)
	b.row("Lists", 1, "Yes")
	b.row("Lists", 2, "No")
	b.row("Lists", 3, "N/A")
	return b.save(dir, "sig-style.xlsx")
}

// buyerQuestions are the formula-fed buyer sheet's questions.
var buyerQuestions = []hvQ{
	{"SEC-1", "Do you enforce MFA for all administrative access?"},
	{"SEC-2", "Do you encrypt customer data at rest?"},
	{"SEC-3", "Do you run third-party penetration tests at least annually?"},
	{"SEC-4", "Describe how you review access rights."},
}

// formulaBuyerBook builds a buyer's questionnaire whose ID and question
// columns are formulas into a visible Questions sheet (=Questions!B5): the
// questions are read from the cached values on "Vendor Response", and the
// Questions sheet they come from is not read as a second questionnaire.
func formulaBuyerBook(t testing.TB, dir string) string {
	return formulaBuyerBookCached(t, dir, true)
}

// formulaBuyerBookCached is formulaBuyerBook; without cached, the last
// question's text formula has no cached value.
func formulaBuyerBookCached(t testing.TB, dir string, cached bool) string {
	b := newFbook(t)
	b.sheet("Vendor Response", false)
	b.sheet("Questions", false)
	b.row("Questions", 1, "Question bank (do not edit)")
	b.row("Questions", 4, "ID", "Question")
	b.row("Vendor Response", 1, "Acme University vendor security review")
	b.row("Vendor Response", 4, "ID", "Question", "Response", "Comments")
	for i, q := range buyerQuestions {
		r := 5 + i
		b.row("Questions", r, q.id, q.text)
		text := fx{"Questions!B" + itoa(r), q.text}
		if !cached && i == len(buyerQuestions)-1 {
			text.v = noCache
		}
		b.row("Vendor Response", r, fx{"Questions!A" + itoa(r), q.id}, text)
	}
	b.list("Vendor Response", "C5:C7", "Lists!$A$1:$A$3")
	b.sheet("Lists", true)
	b.row("Lists", 1, "Yes")
	b.row("Lists", 2, "No")
	b.row("Lists", 3, "N/A")
	return b.save(dir, "buyer-formulas.xlsx")
}
