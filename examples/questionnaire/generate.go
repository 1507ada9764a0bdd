//go:build ignore

// generate writes the example questionnaire of our own (a buyer-style
// security questionnaire) used by `make demo`:
//
//	go run examples/questionnaire/generate.go
//
// It has what real buyer workbooks have: title rows above the header, an
// instructions sheet, section rows, a Yes/No/N/A dropdown through a defined
// name on a hidden sheet, a free-text comment column and a footer.
package main

import (
	"encoding/csv"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

type row struct{ id, q string }

var sections = []struct {
	name string
	rows []row
}{
	{"Governance and certifications", []row{
		{"GOV-01", "Do you have a current SOC 2 Type II report covering the services in scope?"},
		{"GOV-02", "Is your organisation certified to ISO/IEC 27001?"},
		{"GOV-03", "Will you sign our data processing agreement (DPA)?"},
		{"GOV-04", "Can you provide security documentation under a non-disclosure agreement?"},
	}},
	{"Data protection", []row{
		{"DAT-01", "Is customer data encrypted in transit using TLS?"},
		{"DAT-02", "Is customer data encrypted at rest?"},
		{"DAT-03", "Describe how encryption keys and application secrets are managed."},
		{"DAT-04", "Do you sell customer data or share it with third parties for advertising?"},
		{"DAT-05", "Does the customer retain ownership of the content they upload?"},
		{"DAT-06", "Is customer data deleted on request at the end of the contract?"},
		{"DAT-07", "How long do backups retain deleted data?"},
	}},
	{"Identity and access", []row{
		{"IAM-01", "Does the product support single sign-on (SAML or OIDC)?"},
		{"IAM-02", "Do you enforce multi-factor authentication for all employees?"},
		{"IAM-03", "Is access to production data restricted on a least-privilege, need-to-know basis?"},
		{"IAM-04", "Does the product offer role-based access control for customer administrators?"},
		{"IAM-05", "Do you enforce a strong password policy?"},
	}},
	{"Secure development", []row{
		{"DEV-01", "Is all code peer reviewed before it is deployed to production?"},
		{"DEV-02", "Are development, test and production environments separated?"},
		{"DEV-03", "Do you monitor third-party libraries for known vulnerabilities?"},
		{"DEV-04", "Do you conduct annual penetration tests by an independent third party?"},
	}},
	{"Operations and resilience", []row{
		{"OPS-01", "Do you log and monitor systems to detect security anomalies?"},
		{"OPS-02", "Are backups taken regularly and tested for restore?"},
		{"OPS-03", "Do you maintain a business continuity and disaster recovery plan?"},
		{"OPS-04", "Do you perform background checks on employees with access to customer data?"},
	}},
	{"Incident response and vendors", []row{
		{"IRV-01", "Do you have a documented incident response process?"},
		{"IRV-02", "Will you notify customers of a personal data breach within 72 hours?"},
		{"IRV-03", "Can you provide a current list of your subprocessors?"},
		{"IRV-05", "Is your subprocessor list published on your website?"},
		{"IRV-04", "Where is customer data hosted (countries or regions)?"},
	}},
}

func main() {
	dir := filepath.Join("examples", "questionnaire")
	f := excelize.NewFile()
	defer f.Close()
	must(f.SetSheetName("Sheet1", "Instructions"))
	must(f.SetCellStr("Instructions", "A1", "Acme Procurement — Vendor Security Questionnaire"))
	must(f.SetCellStr("Instructions", "A3", "Answer every question in column C with Yes, No or N/A and explain in column D."))

	sheet := "Security Questionnaire"
	_, err := f.NewSheet(sheet)
	must(err)
	must(f.SetCellStr(sheet, "A1", "Acme Procurement — Vendor Security Questionnaire v2.1"))
	must(f.SetCellStr(sheet, "A2", "Vendor name:"))
	for i, h := range []string{"Ref", "Question", "Vendor Response", "Additional Information"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 4)
		must(f.SetCellStr(sheet, cell, h))
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}})
	must(err)
	must(f.SetCellStyle(sheet, "A4", "D4", head))
	sec, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	must(err)
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	must(err)
	must(f.SetColWidth(sheet, "A", "A", 10))
	must(f.SetColWidth(sheet, "B", "B", 70))
	must(f.SetColWidth(sheet, "C", "C", 18))
	must(f.SetColWidth(sheet, "D", "D", 60))

	lists := "Lists"
	_, err = f.NewSheet(lists)
	must(err)
	for i, v := range []string{"Yes", "No", "N/A"} {
		must(f.SetCellStr(lists, fmt.Sprintf("A%d", i+1), v))
	}
	must(f.SetSheetVisible(lists, false))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "YesNoNA", RefersTo: "Lists!$A$1:$A$3"}))

	var csvRows [][]string
	csvRows = append(csvRows, []string{"Ref", "Question", "Vendor Response", "Additional Information"})
	r := 5
	for _, s := range sections {
		must(f.SetCellStr(sheet, fmt.Sprintf("A%d", r), s.name))
		must(f.MergeCell(sheet, fmt.Sprintf("A%d", r), fmt.Sprintf("D%d", r)))
		must(f.SetCellStyle(sheet, fmt.Sprintf("A%d", r), fmt.Sprintf("D%d", r), sec))
		r++
		first := r
		for _, q := range s.rows {
			must(f.SetCellStr(sheet, fmt.Sprintf("A%d", r), q.id))
			must(f.SetCellStr(sheet, fmt.Sprintf("B%d", r), q.q))
			must(f.SetCellStyle(sheet, fmt.Sprintf("B%d", r), fmt.Sprintf("D%d", r), wrap))
			csvRows = append(csvRows, []string{q.id, q.q, "", ""})
			r++
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("C%d:C%d", first, r-1)
		dv.SetSqrefDropList("YesNoNA")
		must(f.AddDataValidation(sheet, dv))
	}
	must(f.SetCellStr(sheet, fmt.Sprintf("A%d", r+1), "End of questionnaire. © Acme Procurement, example of our own for vouch."))
	must(f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"}))
	idx, _ := f.GetSheetIndex(sheet)
	f.SetActiveSheet(idx)
	must(f.SaveAs(filepath.Join(dir, "vendor-security-questionnaire.xlsx")))

	out, err := os.Create(filepath.Join(dir, "vendor-security-questionnaire.csv"))
	must(err)
	w := csv.NewWriter(out)
	must(w.WriteAll(csvRows))
	must(out.Close())
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
