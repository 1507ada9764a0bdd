package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Package is what vouch reads from the zip package itself: what excelize
// does not return (all defined names, x14 data validations).
type Package struct {
	Path  string
	Limit int64
	Parts map[string]string // sheet name -> its part, xl/worksheets/sheetN.xml
	// the workbook's shared strings and styles parts ("" when it has none)
	SharedStrings, Styles string
	CalcChain             string // the calculation chain part: the workbook has formulas
	Names                 []DefinedName
	X14                   map[string][]Validation // sheet name -> validations found in extLst
	Extents               map[string]Extent       // sheet name -> the cells that hold values
}

// Extent is how far a sheet's non-empty cells reach (1-based), read from its
// XML rather than from the <dimension> it declares.
type Extent struct {
	Rows, Cols int
	OK         bool
}

// emptyCell says whether a cell's content (what follows its start tag) is
// empty: <c r="A1" s="3"></c>.
func emptyCell(rest []byte) bool {
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if len(rest) < 2 || rest[0] != '<' || rest[1] != '/' {
		return false
	}
	return true
}

// ScanExtent finds the last row and column holding a value by scanning the
// r="..." attributes of the sheet XML's cells; cells without content
// (<c r="Z9" s="1"/>) do not count. ok is false when cells carry no
// references (the grid is then read row by row instead).
func ScanExtent(b []byte) Extent {
	var e Extent
	attr := []byte(` r="`)
	i := bytes.Index(b, []byte("sheetData"))
	if i < 0 {
		return Extent{OK: true}
	}
	cells := 0
	for {
		j := bytes.Index(b[i:], attr)
		if j < 0 {
			break
		}
		i += j + len(attr)
		k := bytes.IndexByte(b[i:], '"')
		if k < 0 {
			break
		}
		ref := b[i : i+k]
		i += k
		if len(ref) == 0 || ref[0] < 'A' || ref[0] > 'Z' {
			continue // a row's r="5"
		}
		gt := bytes.IndexByte(b[i:], '>')
		if gt < 0 {
			break
		}
		if b[i+gt-1] == '/' || emptyCell(b[i+gt+1:]) {
			continue // an empty, styled cell
		}
		cells++
		c, r, err := excelize.CellNameToCoordinates(string(ref))
		if err != nil {
			continue
		}
		if r > e.Rows {
			e.Rows = r
		}
		if c > e.Cols {
			e.Cols = c
		}
	}
	e.OK = cells > 0 || !bytes.Contains(b, []byte("<v>"))
	return e
}

// DefinedName is one defined name of the workbook.
type DefinedName struct {
	Name, RefersTo string
	LocalSheet     int // -1: workbook scope
}

// Validation is one data validation: its cells, type and formula.
type Validation struct {
	Sqref, Type, Formula string
}

// ReadPackage opens the .xlsx as a zip, bounding what it unzips, and reads
// the workbook's defined names and each sheet's x14 data validations.
func ReadPackage(path string, limit int64) (*Package, error) {
	info, err := OpenPackage(path, limit)
	if err != nil {
		return nil, err
	}
	for name, part := range info.Parts {
		b, err := ReadPart(path, part, limit)
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %q: %v", path, name, err)
		}
		info.Scan(name, b)
	}
	return info, nil
}

// Scan records what a sheet's XML holds: x14 validations and its Extent.
func (p *Package) Scan(sheet string, b []byte) {
	p.X14[sheet] = X14Validations(b)
	p.Extents[sheet] = ScanExtent(b)
}

// ReadPart reads one part of the package, bounded.
func ReadPart(path, part string, limit int64) ([]byte, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.TrimPrefix(f.Name, "/") != part {
			continue
		}
		return readZipFile(f, part, limit)
	}
	return nil, fs.ErrNotExist
}

// readZipFile reads one entry of a package, refusing more than limit bytes
// whatever its header claims.
func readZipFile(f *zip.File, name string, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// Sized from the header, which may lie: the hint is bounded, and what
	// is read is bounded by limit whatever the header says.
	hint := min(f.UncompressedSize64, uint64(min(limit, 32<<20)))
	buf := bytes.NewBuffer(make([]byte, 0, hint+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(rc, limit+1)); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s unzips to more than %d MiB", name, limit>>20)
	}
	return b, nil
}

// OpenPackage checks the package's size and reads the workbook part and
// its relations: sheet parts and defined names. Sheets are scanned later.
func OpenPackage(path string, limit int64) (*Package, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid .xlsx file (corrupt or truncated): %v", path, err)
	}
	defer zr.Close()
	var total uint64
	files := map[string]*zip.File{}
	if dup := DuplicateEntry(zr.File); dup != "" {
		return nil, fmt.Errorf("%s: the package holds two entries named %q (a tampered file?): refusing to read it", path, dup)
	}
	for _, f := range zr.File {
		total += f.UncompressedSize64
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	if total > uint64(limit) {
		return nil, fmt.Errorf("%s: the workbook unzips to more than %d MiB (a zip bomb?): refusing to read it", path, limit>>20)
	}
	read := func(name string) ([]byte, error) {
		f := files[name]
		if f == nil {
			return nil, fs.ErrNotExist
		}
		return readZipFile(f, name, limit)
	}
	const wbPart = "xl/workbook.xml"
	wb, err := read(wbPart)
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid .xlsx file (no readable xl/workbook.xml: %v)", path, err)
	}
	var w struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
		Names []struct {
			Name  string `xml:"name,attr"`
			Local *int   `xml:"localSheetId,attr"`
			Value string `xml:",chardata"`
		} `xml:"definedNames>DefinedName"`
	}
	if err := xmlUnmarshal(wb, &w); err != nil {
		return nil, fmt.Errorf("%s: not a valid .xlsx file (xl/workbook.xml: %v)", path, err)
	}
	info := &Package{Path: path, Limit: limit, Parts: map[string]string{}, X14: map[string][]Validation{}, Extents: map[string]Extent{}}
	for _, n := range w.Names {
		d := DefinedName{Name: n.Name, RefersTo: strings.TrimSpace(n.Value), LocalSheet: -1}
		if n.Local != nil {
			d.LocalSheet = *n.Local
		}
		info.Names = append(info.Names, d)
	}
	relsB, err := read(relsOf(wbPart))
	if err != nil {
		return info, nil // no rels: no sheet XML to look into
	}
	rels, err := parseRels(relsB)
	if err != nil {
		return info, nil
	}
	target := map[string]string{}
	for _, r := range rels {
		target[r.ID] = resolvePart(wbPart, r.Target)
	}
	for _, s := range w.Sheets {
		if part := target[s.RID]; part != "" && files[part] != nil {
			info.Parts[s.Name] = part
		}
	}
	info.SharedStrings = relTarget(rels, wbPart, "sharedStrings")
	info.Styles = relTarget(rels, wbPart, "styles")
	if cc := relTarget(rels, wbPart, "calcChain"); cc != "" && files[cc] != nil {
		info.CalcChain = cc
	}
	return info, nil
}

// DuplicateEntry returns the name of an entry the package holds twice
// (part names compare without case, as OPC says), or "". Readers disagree
// on which of two copies counts: the reader and the patcher must never see
// different sheets.
func DuplicateEntry(files []*zip.File) string {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		k := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if seen[k] {
			return f.Name
		}
		seen[k] = true
	}
	return ""
}

// X14Validations reads the data validations stored in a worksheet's extLst
// (<x14:dataValidations> with <xm:sqref> and <x14:formula1><xm:f>).
func X14Validations(sheetXML []byte) []Validation {
	i := bytes.LastIndex(sheetXML, []byte("<extLst"))
	if i < 0 {
		return nil
	}
	var ext struct {
		Ext []struct {
			DV []struct {
				Type     string `xml:"type,attr"`
				Formula1 struct {
					F string `xml:"f"`
				} `xml:"formula1"`
				Sqref string `xml:"sqref"`
			} `xml:"dataValidations>dataValidation"`
		} `xml:"ext"`
	}
	if err := xmlUnmarshal(sheetXML[i:], &ext); err != nil {
		return nil
	}
	var out []Validation
	for _, e := range ext.Ext {
		for _, dv := range e.DV {
			out = append(out, Validation{Sqref: strings.TrimSpace(dv.Sqref), Type: dv.Type, Formula: strings.TrimSpace(dv.Formula1.F)})
		}
	}
	return out
}

// MacroEnabled says whether the package is a macro-enabled workbook: its
// main part has the .xlsm content type. Such a copy must keep an .xlsm name.
func MacroEnabled(path string, limit int64) bool {
	b, err := ReadPart(path, "[Content_Types].xml", min(limit, 16<<20))
	return err == nil && bytes.Contains(bytes.ToLower(b), []byte("macroenabled.main+xml"))
}

// IsZip says whether the file starts as a zip package.
func IsZip(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	_, err = io.ReadFull(f, head)
	return err == nil && bytes.Equal(head[:2], []byte("PK"))
}
