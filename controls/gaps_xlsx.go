package controls

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteGapsXLSX writes the report as a workbook: a "Gaps" sheet with one row
// per finding (styled header, frozen, filterable; wrapped text; severity
// colored) and a "Summary" sheet with the headline figures.
func WriteGapsXLSX(w io.Writer, r *GapReport) (err error) {
	x := excelize.NewFile()
	defer func() {
		if cerr := x.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	const sheet = "Gaps"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header, rows := r.Table()
	border := []excelize.Border{{Type: "bottom", Color: "A6A6A6", Style: 1}}
	headStyle, err := x.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    border,
	})
	if err != nil {
		return err
	}
	cellStyle, err := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: border})
	if err != nil {
		return err
	}
	sevStyles := map[string]int{}
	for sev, colors := range map[Severity][2]string{High: {"C00000", "FFC7CE"}, Medium: {"9C5700", "FFEB9C"}, Low: {"404040", "E7E6E6"}} {
		id, err := x.NewStyle(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: colors[0]},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[1]}},
			Alignment: &excelize.Alignment{Vertical: "top"},
			Border:    border,
		})
		if err != nil {
			return err
		}
		sevStyles[string(sev)] = id
	}
	widths := map[string]float64{"id": 34, "severity": 10, "kind": 20, "subject_type": 13, "subject": 22, "title": 30, "owner": 16, "message": 60, "remedy": 60, "date": 12, "where": 28, "waiver": 40, "baseline": 10}
	sevCol := -1
	for i, h := range header {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := x.SetColWidth(sheet, col, col, widths[h]); err != nil {
			return err
		}
		if h == "severity" {
			sevCol = i
		}
	}
	if err := x.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(header))
	if err := x.SetCellStyle(sheet, "A1", last+"1", headStyle); err != nil {
		return err
	}
	for i, row := range rows {
		n := i + 2
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = c
		}
		if err := x.SetSheetRow(sheet, fmt.Sprintf("A%d", n), &cells); err != nil {
			return err
		}
		if err := x.SetCellStyle(sheet, fmt.Sprintf("A%d", n), fmt.Sprintf("%s%d", last, n), cellStyle); err != nil {
			return err
		}
		if sevCol >= 0 {
			if id, ok := sevStyles[row[sevCol]]; ok {
				cell, _ := excelize.CoordinatesToCellName(sevCol+1, n)
				if err := x.SetCellStyle(sheet, cell, cell, id); err != nil {
					return err
				}
			}
		}
	}
	if err := x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := x.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", last, len(rows)+1), nil); err != nil {
		return err
	}

	const sum = "Summary"
	if _, err := x.NewSheet(sum); err != nil {
		return err
	}
	info := [][]string{
		{"catalog", r.Catalog},
		{"revision", r.Revision},
		{"company", r.Company},
		{"as of", r.AsOf},
		{"within", r.Within},
		{"findings", fmt.Sprint(r.Summary.Total)},
		{"high", fmt.Sprint(r.Summary.High)},
		{"medium", fmt.Sprint(r.Summary.Medium)},
		{"low", fmt.Sprint(r.Summary.Low)},
		{"controls in place", fmt.Sprint(r.Summary.ClaimedControls)},
		{"with evidence", fmt.Sprint(r.Summary.WithEvidence)},
	}
	for _, c := range r.Coverage {
		info = append(info, []string{"coverage " + c.Framework, c.String()})
	}
	for i, row := range info {
		if err := x.SetSheetRow(sum, fmt.Sprintf("A%d", i+1), &row); err != nil {
			return err
		}
	}
	labelStyle, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := x.SetCellStyle(sum, "A1", fmt.Sprintf("A%d", len(info)), labelStyle); err != nil {
		return err
	}
	if err := x.SetColWidth(sum, "A", "A", 20); err != nil {
		return err
	}
	if err := x.SetColWidth(sum, "B", "B", 60); err != nil {
		return err
	}
	x.SetActiveSheet(0)
	return x.Write(w)
}
