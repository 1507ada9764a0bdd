package questionnaire

// Reading a sheet's cells straight from its XML (xlsx.CellReader), with
// excelize for what that reader leaves to it. TestFastGridMatchesExcelize
// holds the two readers to the same grid.

import "github.com/vouchcli/vouch/questionnaire/xlsx"

// sheetXML returns a sheet's XML as excelize holds it, else from the zip.
func (x *xlsxReader) sheetXML(sheet string) []byte {
	if x.pkg == nil {
		return nil
	}
	part, ok := x.pkg.Parts[sheet]
	if !ok {
		return nil
	}
	if b := x.pkgPart(part); b != nil {
		return b
	}
	b, err := xlsx.ReadPart(x.pkg.Path, part, x.pkg.Limit)
	if err != nil {
		return nil
	}
	return b
}

// pkgPart returns a part excelize holds in memory (nil when it does not:
// excelize keeps very large parts in temporary files).
func (x *xlsxReader) pkgPart(name string) []byte {
	if v, ok := x.f.Pkg.Load(name); ok {
		if b, ok := v.([]byte); ok {
			return b
		}
	}
	return nil
}

// fastInit makes the cell reader once; false when the shared strings and
// styles cannot be read that way.
func (x *xlsxReader) fastInit() bool {
	if x.fastTried {
		return x.cells != nil
	}
	x.fastTried = true
	if x.pkg == nil {
		return false
	}
	var sst, styles []byte
	if n := x.pkg.SharedStrings; n != "" {
		if sst = x.pkgPart(n); sst == nil {
			return false
		}
	}
	if n := x.pkg.Styles; n != "" {
		if styles = x.pkgPart(n); styles == nil {
			return false
		}
	}
	c, ok := xlsx.NewCellReader(sst, styles)
	if ok {
		x.cells = c
	}
	return ok
}

// fastGrid reads rows × width cells of a sheet from its XML. slow lists
// the cells (row, column; 0-based) whose value excelize must give; ok is
// false when the sheet cannot be read this way at all.
func (x *xlsxReader) fastGrid(sheet string, rows, width int) (g [][]string, slow [][2]int, ok bool) {
	if !x.fastInit() {
		return nil, nil, false
	}
	return x.cells.Grid(x.sheetXML(sheet), rows, width)
}

// mergeRefs returns the merged ranges of a sheet as first and last cell:
// from its XML when the sheet was read that way, else from excelize.
func (x *xlsxReader) mergeRefs(sheet string) [][2]string {
	if x.fast[sheet] {
		return xlsx.Merges(x.sheetXML(sheet))
	}
	var out [][2]string
	merges, _ := x.f.GetMergeCells(sheet, true)
	for _, m := range merges {
		out = append(out, [2]string{m.GetStartAxis(), m.GetEndAxis()})
	}
	return out
}

// validations returns a sheet's classic data validations (those in the
// extension list come from Package.X14): from its XML when the sheet was
// read that way, else from excelize.
func (x *xlsxReader) validations(sheet string) []xlsx.Validation {
	if x.fast[sheet] {
		return xlsx.Validations(x.sheetXML(sheet))
	}
	var out []xlsx.Validation
	if dvs, err := x.f.GetDataValidations(sheet); err == nil {
		for _, dv := range dvs {
			out = append(out, xlsx.Validation{Sqref: dv.Sqref, Type: dv.Type, Formula: dv.Formula1})
		}
	}
	return out
}
