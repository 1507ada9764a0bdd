package questionnaire

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/questionnaire/match"
	"github.com/vouchcli/vouch/templates"
)

var benchTopics = []string{
	"encrypt customer data at rest", "enforce multi-factor authentication for administrators", "run an annual penetration test",
	"keep audit logs for at least one year", "have a documented incident response plan", "perform background checks on employees",
	"test backups and disaster recovery", "scan dependencies for known vulnerabilities", "support single sign-on (SSO) with SAML",
	"review access rights every quarter", "hold a SOC 2 Type II report", "encrypt data in transit with TLS 1.2 or later",
}

// benchScopes vary the questions the way long questionnaires repeat a topic
// for each system or audience.
var benchScopes = []string{
	"For the production environment", "For customer data", "For the hosted service", "For employees", "For contractors",
	"For administrators", "For the mobile application", "For the web application", "For the API", "For backups",
	"For support staff", "For the corporate network", "For laptops", "For the data warehouse", "For logs",
	"For subprocessors", "For the staging environment",
}

// bigBook writes a 2,000-question workbook like a large SIG: title rows, a
// header, an ID column, an inline dropdown on the answers, a comment column.
func bigBook(b testing.TB, dir string, n int) string {
	p := book(b, dir, "big.xlsx", func(f *excelize.File) {
		s := "Sheet1"
		sw, err := f.NewStreamWriter(s)
		if err != nil {
			b.Fatal(err)
		}
		sw.SetRow("A1", []any{"Standardized Information Gathering questionnaire"})
		sw.SetRow("A2", []any{"Answer every question; use the comment column for detail."})
		sw.SetRow("A4", []any{"Ques Num", "Question", "Response", "Additional Information"})
		for i := 0; i < n; i++ {
			q := fmt.Sprintf("%s, do you %s?", benchScopes[(i/len(benchTopics))%len(benchScopes)], benchTopics[i%len(benchTopics)])
			if err := sw.SetRow(fmt.Sprintf("A%d", i+5), []any{fmt.Sprintf("Q-%04d", i+1), q, "", ""}); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
	})
	// excelize drops a validation added to a stream-written sheet: the
	// dropdown goes into the XML, after the cells.
	testutil.PatchZip(b, p, "xl/worksheets/sheet1.xml", func(x []byte) []byte {
		dv := fmt.Sprintf(`<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="C5:C%d"><formula1>"Yes,No,N/A"</formula1></dataValidation></dataValidations>`, n+4)
		return bytes.Replace(x, []byte("</sheetData>"), []byte("</sheetData>"+dv), 1)
	})
	doc, err := Read(context.Background(), p, ReadOptions{})
	if err != nil || len(doc.Questions) != n || len(doc.Questions[n-1].Allowed) != 3 {
		b.Fatalf("bigBook: %d questions, last allowed %v, err %v", len(doc.Questions), doc.Questions[n-1].Allowed, err)
	}
	return p
}

// quickAnswerer answers nine questions in ten and sends one to review.
type quickAnswerer struct{ n int }

func (q *quickAnswerer) Answer(match.Query) match.Result {
	q.n++
	if q.n%10 == 0 {
		return match.Result{Status: "review", Confidence: 0.2, Reasons: []string{"no confident match"},
			Candidates: []match.Candidate{{Kind: "control", ID: "X-1", Title: "Something", Confidence: 0.2}}}
	}
	return match.Result{Status: "answered", Verdict: "yes", Answer: "Yes", Comment: "We do, as our policy states.", Confidence: 0.9, Controls: []string{"X-1"}}
}

// BenchmarkFill2000 fills 2,000 questions end to end (read, detect, answer
// with a trivial answerer, highlight reviews, write) — vouch's own cost.
func BenchmarkFill2000(b *testing.B) {
	dir := b.TempDir()
	in := bigBook(b, dir, 2000)
	out := filepath.Join(dir, "out.xlsx")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := Fill(context.Background(), in, &quickAnswerer{}, FillOptions{Out: out, Force: true})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Summary.Questions != 2000 {
			b.Fatalf("%d questions", rep.Summary.Questions)
		}
	}
}

// BenchmarkFill2000Match is the same with the real match engine on the
// default catalog, built for each fill as the command builds it (the
// catalog itself is loaded once: BenchmarkLoadCatalog in controls).
func BenchmarkFill2000Match(b *testing.B) {
	dir := b.TempDir()
	in := bigBook(b, dir, 2000)
	out := filepath.Join(dir, "out.xlsx")
	cat, err := controls.Load(context.Background(), templates.DefaultCatalog(), "default")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		eng := match.New(cat, match.Options{MinConfidence: 0.5, AsOf: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
		rep, err := Fill(context.Background(), in, eng, FillOptions{Out: out, Force: true})
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			b.ReportMetric(float64(rep.Summary.Review), "review-rows")
		}
	}
}

// BenchmarkExcelizeBaseline is excelize alone: open the same workbook, write
// 2,000 answer cells, save.
func BenchmarkExcelizeBaseline(b *testing.B) {
	dir := b.TempDir()
	in := bigBook(b, dir, 2000)
	out := filepath.Join(dir, "out.xlsx")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := excelize.OpenFile(in)
		if err != nil {
			b.Fatal(err)
		}
		for r := 5; r < 2005; r++ {
			if err := f.SetCellStr("Sheet1", fmt.Sprintf("C%d", r), "Yes"); err != nil {
				b.Fatal(err)
			}
		}
		if err := f.SaveAs(out); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
