package questionnaire

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// Read reads a questionnaire (.xlsx or .csv) and detects its layout.
func Read(ctx context.Context, path string, opts ReadOptions) (*Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kind, err := sniff(path, opts)
	if err != nil {
		return nil, err
	}
	if kind == "csv" {
		return readCSV(ctx, path, opts)
	}
	doc, _, err := readXLSX(ctx, path, opts)
	return doc, err
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// encryptionInfo is "EncryptionInfo" in UTF-16LE, the stream name of an
// encrypted OOXML package inside its compound file.
var encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")

// sniff checks what the file is from its first bytes: "xlsx" or "csv".
func sniff(path string, opts ReadOptions) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("%s: no such file", path)
		}
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if info.IsDir() {
		return "", fmt.Errorf("%s: is a directory, not a questionnaire (.xlsx or .csv)", path)
	}
	if m := info.Mode(); !m.IsRegular() {
		what := "not a regular file"
		switch {
		case m&fs.ModeNamedPipe != 0:
			what = "a named pipe, not a file"
		case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
			what = "a device, not a file"
		case m&fs.ModeSocket != 0:
			what = "a socket, not a file"
		}
		return "", fmt.Errorf("%s: %s: vouch reads questionnaires from regular files only", path, what)
	}
	if info.Size() == 0 {
		return "", fmt.Errorf("%s: the file is empty", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return "xlsx", nil
	case bytes.HasPrefix(head, oleMagic):
		if isEncryptedOLE(f, info.Size()) {
			if opts.Password == "" {
				return "", fmt.Errorf("%s: the workbook is encrypted (password-protected): give its password with --password-file", path)
			}
			return "xlsx", nil
		}
		return "", fmt.Errorf("%s: an .xls workbook (the old binary Excel format) is not supported: save it as .xlsx and try again", path)
	case ext == ".xlsx" || ext == ".xlsm" || ext == ".xls":
		return "", fmt.Errorf("%s: not a valid .xlsx file (not a zip package: corrupt, truncated or renamed)", path)
	case IsUTF16Text(head):
		return "csv", nil
	case looksUTF16(head):
		return "", fmt.Errorf("%s: UTF-16 text without a byte-order mark: save it as UTF-8, or as UTF-16 with one (Excel's \"Unicode Text\")", path)
	case bytes.IndexByte(head, 0) >= 0:
		return "", fmt.Errorf("%s: not an .xlsx or .csv file", path)
	}
	return "csv", nil
}

// sheetErr says what excelize's number errors mean: a cell attribute (a
// style index, a row number) too large to be one, in a corrupt sheet.
func sheetErr(err error) error {
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		return fmt.Errorf("the sheet XML holds the number %q where an index belongs (a corrupt or hand-made file)", ne.Num)
	}
	return err
}

// isEncryptedOLE looks for the EncryptionInfo stream of an encrypted OOXML
// package in the compound file's directory (a bounded scan).
func isEncryptedOLE(f *os.File, size int64) bool {
	const limit = 4 << 20
	if size > limit {
		size = limit
	}
	buf := make([]byte, size)
	n, _ := f.ReadAt(buf, 0)
	return bytes.Contains(buf[:n], encryptionInfo)
}

// openXLSX opens the workbook with excelize, bounded, and says what is wrong.
func openXLSX(path string, opts ReadOptions) (*excelize.File, error) {
	limit := unzipLimit(path, opts)
	xmlLimit := int64(16 << 20)
	if xmlLimit > limit {
		xmlLimit = limit
	}
	f, err := excelize.OpenFile(path, excelize.Options{Password: opts.Password, UnzipSizeLimit: limit, UnzipXMLSizeLimit: xmlLimit})
	if err != nil {
		msg := err.Error()
		switch {
		case opts.Password != "" && (strings.Contains(msg, "password") || strings.Contains(msg, "decrypt") || strings.Contains(msg, "zip")):
			return nil, fmt.Errorf("%s: the workbook is encrypted and the password given does not open it", path)
		case errors.Is(err, excelize.ErrOptionsUnzipSizeLimit) || strings.Contains(msg, "size limit"):
			return nil, fmt.Errorf("%s: the workbook unzips to more than %d MiB (a zip bomb?): refusing to read it", path, limit>>20)
		}
		return nil, fmt.Errorf("%s: not a valid .xlsx file (corrupt or truncated): %v", path, err)
	}
	return f, nil
}

// unzipRatio and maxUnzipBytes scale the unzip bound with the package:
// vouch's own filled copies (answers, notes and their drawings, the review
// sheet) unzip to about 20 times their size and must read back, and a
// 1M-row copy unzips to about 1 GiB. A zip bomb inflates hundreds or
// thousands of times its size.
const (
	unzipRatio    = 64
	maxUnzipBytes = 2 << 30
)

// unzipLimit is what the workbook at path may unzip to: MaxUnzipBytes
// (DefaultMaxUnzipBytes), or unzipRatio times its size on disk when that
// is more, at most maxUnzipBytes.
func unzipLimit(path string, opts ReadOptions) int64 {
	limit := opts.MaxUnzipBytes
	if limit <= 0 {
		limit = DefaultMaxUnzipBytes
	}
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
		limit = max(limit, min(info.Size()*unzipRatio, maxUnzipBytes))
	}
	return limit
}

// skipSheet says why a sheet is not a questionnaire by its name alone.
var skipSheet = regexp.MustCompile(`(?i)instruction|read ?me|^values$|^lists?$|lookup|analyst|summary|crosswalk|change ?log|acknowledg|introduction|^about|^cover|scoring|dashboard|glossary|definitions|^what is|^vouch review`)

// readXLSX reads a workbook; it returns the open excelize file for Fill.
func readXLSX(ctx context.Context, path string, opts ReadOptions) (*Document, *excelize.File, error) {
	limit := unzipLimit(path, opts)
	var pkg *xlsx.Package
	if xlsx.IsZip(path) { // an encrypted workbook is a compound file: excelize decrypts it
		var err error
		if pkg, err = xlsx.OpenPackage(path, limit); err != nil {
			return nil, nil, err
		}
	}
	f, err := openXLSX(path, opts)
	if err != nil {
		return nil, nil, err
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	x := &xlsxReader{f: f, pkg: pkg, rows: map[string][][]string{}}
	doc := &Document{Path: path, Format: "xlsx"}
	sheets := f.GetSheetList()
	if opts.Sheet != "" {
		if !slices.Contains(sheets, opts.Sheet) {
			return nil, nil, fmt.Errorf("%s: no sheet %q (sheets: %s)", path, opts.Sheet, strings.Join(sheets, ", "))
		}
	}
	var firstErr error
	nonEmpty := 0
	var used []*sheetRead
	for _, name := range sheets {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		visible, _ := f.GetSheetVisible(name)
		si := SheetInfo{Name: name, Hidden: !visible}
		n, err := x.rowCount(name)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: sheet %q: %v", path, name, sheetErr(err))
		}
		si.Rows = n
		if n > 0 {
			nonEmpty++
		}
		// A name that says instructions or reference is a hint: what the
		// sheet's formulas show says more, when they show something.
		hint := opts.Sheet == "" && skipSheet.MatchString(strings.TrimSpace(name))
		switch {
		case opts.Sheet != "" && name != opts.Sheet:
			si.Reason = "not the --sheet asked for"
		case opts.Sheet == "" && !visible:
			si.Reason = "hidden"
		case n == 0 && hint:
			si.Reason = "instructions or reference sheet"
		case n == 0:
			si.Reason = "empty"
		}
		if si.Reason != "" {
			doc.Sheets = append(doc.Sheets, si)
			continue
		}
		read := x.grid
		if hint {
			read = x.probeGrid
		}
		g, err := read(name)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: sheet %q: %v", path, name, sheetErr(err))
		}
		layout, qs, err := detectLayout(g, opts)
		switch {
		case err != nil && hint:
			si.Reason = "instructions or reference sheet"
		case err != nil:
			si.Reason = err.Error()
			if firstErr == nil || opts.Sheet != "" {
				firstErr = fmt.Errorf("sheet %q: %w", name, err)
			}
		default:
			if why := fedOnly(g, layout, qs); why != "" {
				si.Reason = why
			} else if hint {
				si.Reason = "instructions or reference sheet"
			} else if len(qs) == 0 {
				si.Reason = "no question rows below the header"
			} else {
				x.resolveSources(g, &layout)
			}
		}
		doc.Sheets = append(doc.Sheets, si)
		if si.Reason == "" {
			used = append(used, &sheetRead{info: len(doc.Sheets) - 1, g: g, layout: layout, qs: qs, lists: x.hasLists(name)})
		}
	}
	doc.formulas = pkg != nil && pkg.CalcChain != ""
	for _, g := range x.grids {
		doc.formulas = doc.formulas || len(g.formulas) > 0
	}
	for _, g := range x.probed {
		doc.formulas = doc.formulas || len(g.formulas) > 0
	}
	used = dropCopies(doc, used)
	adoptComments(used)
	for _, r := range used {
		appendColumns(r.g, &r.layout, r.qs)
		x.resolveDropdowns(r.g.sheet, &r.layout, r.qs)
		fixDates(r.qs)
		doc.Sheets[r.info].Used = true
		doc.Layouts = append(doc.Layouts, r.layout)
		doc.Questions = append(doc.Questions, r.qs...)
	}
	markDateCells(f, doc.Questions)
	if len(doc.Questions) == 0 {
		switch {
		case opts.Sheet != "" && firstErr != nil:
			return nil, nil, fmt.Errorf("%s: %v (use --header-row, --question-col)", path, firstErr)
		case nonEmpty == 0:
			return nil, nil, fmt.Errorf("%s: the workbook is empty: no sheet holds any data", path)
		case opts.Sheet != "":
			for _, si := range doc.Sheets {
				if si.Name == opts.Sheet && si.Reason != "" && si.Reason != "no question rows below the header" {
					return nil, nil, fmt.Errorf("%s: sheet %q: nothing to fill: %s", path, opts.Sheet, si.Reason)
				}
			}
			return nil, nil, fmt.Errorf("%s: sheet %q: no question rows found (use --header-row, --question-col)", path, opts.Sheet)
		}
		return nil, nil, fmt.Errorf("%s: no question column found on any sheet (looked for a header with %s; use --sheet, --header-row, --question-col)", path, HeaderWords)
	}
	ok = true
	return doc, f, nil
}

// xlsxReader caches what it reads from one workbook.
type xlsxReader struct {
	f      *excelize.File
	pkg    *xlsx.Package
	rows   map[string][][]string
	grids  map[string]*grid
	probed []*grid // see probeGrid

	// for reading cells from the sheet XML (fastread.go)
	fastTried bool
	cells     *xlsx.CellReader
	fast      map[string]bool // sheets read from their XML
}

// sheetRows returns a sheet's rows as excelize gives them (cached).
func (x *xlsxReader) sheetRows(sheet string) ([][]string, error) {
	if r, ok := x.rows[sheet]; ok {
		return r, nil
	}
	rows, err := x.f.GetRows(sheet)
	if err != nil {
		return nil, err
	}
	x.rows[sheet] = rows
	return rows, nil
}

// rowCount returns how many rows a sheet's values reach.
func (x *xlsxReader) rowCount(sheet string) (int, error) {
	if e, ok := x.extent(sheet); ok {
		return e.Rows, nil
	}
	rows, err := x.sheetRows(sheet)
	return len(rows), err
}

func (x *xlsxReader) extent(sheet string) (xlsx.Extent, bool) {
	if !x.scanned(sheet) {
		return xlsx.Extent{}, false
	}
	e, ok := x.pkg.Extents[sheet]
	return e, ok && e.OK
}

// scanned scans a sheet's XML once (x14 validations, extent), from the bytes
// excelize holds already when it can, else from the zip; false without it.
func (x *xlsxReader) scanned(sheet string) bool {
	if x.pkg == nil {
		return false
	}
	if _, ok := x.pkg.Extents[sheet]; ok {
		return true
	}
	b := x.sheetXML(sheet)
	if b == nil {
		return false
	}
	x.pkg.Scan(sheet, b)
	return true
}

// maxGridCols bounds the width of a grid (padding and merges), maxGridCells its size.
const (
	maxGridCols  = 256
	maxGridCells = 4 << 20
)

// grid builds the padded grid of a sheet with merged values propagated.
// With the sheet's extent known it reads the cells from the parsed sheet
// (which writing needs anyway); otherwise row by row with GetRows.
func (x *xlsxReader) grid(sheet string) (*grid, error) {
	if g, ok := x.grids[sheet]; ok {
		return g, nil
	}
	g, err := x.readGrid(sheet, false)
	if err != nil {
		return nil, err
	}
	if x.grids == nil {
		x.grids = map[string]*grid{}
	}
	x.grids[sheet] = g
	return g, nil
}

// probeGrid is grid for a sheet whose name says it is not a
// questionnaire, read to see whether its formulas say more: the cells only
// excelize can read (numbers under a format, dates) are left empty, which
// spares decoding the whole worksheet. It is not cached as the sheet's grid.
func (x *xlsxReader) probeGrid(sheet string) (*grid, error) {
	if g, ok := x.grids[sheet]; ok {
		return g, nil
	}
	g, err := x.readGrid(sheet, true)
	if err == nil {
		x.probed = append(x.probed, g)
	}
	return g, err
}

// readGrid reads a sheet's grid (see grid); probe: see probeGrid.
func (x *xlsxReader) readGrid(sheet string, probe bool) (*grid, error) {
	g := &grid{sheet: sheet, cont: map[[2]int][2]int{}}
	fromXML := false
	if e, ok := x.extent(sheet); ok {
		width := min(e.Cols, maxGridCols)
		rows := e.Rows
		if width > 0 && rows*width > maxGridCells {
			rows = maxGridCells / width
			g.notes = append(g.notes, fmt.Sprintf("only the first %d of %d rows were read (a sheet this large is not a questionnaire)", rows, e.Rows))
		}
		if fg, slow, ok := x.fastGrid(sheet, rows, width); ok {
			g.rows = fg
			g.formulas = xlsx.Formulas(x.sheetXML(sheet))
			fromXML = true
			if probe {
				slow = nil
			}
			for _, rc := range slow {
				v, err := x.f.GetCellValue(sheet, colName(rc[1])+strconv.Itoa(rc[0]+1))
				if err != nil {
					return nil, err
				}
				g.rows[rc[0]][rc[1]] = v
			}
			if len(slow) == 0 {
				if x.fast == nil {
					x.fast = map[string]bool{}
				}
				x.fast[sheet] = true
			}
		} else {
			g.rows = make([][]string, rows)
			for r := range g.rows {
				row := make([]string, width)
				for c := range row {
					v, err := x.f.GetCellValue(sheet, colName(c)+strconv.Itoa(r+1))
					if err != nil {
						return nil, err
					}
					row[c] = v
				}
				g.rows[r] = row
			}
			g.formulas = x.excelizeFormulas(sheet, rows, width)
		}
	} else {
		src, err := x.sheetRows(sheet)
		if err != nil {
			return nil, err
		}
		width := 0
		for _, r := range src {
			width = max(width, len(r))
		}
		width = min(width, maxGridCols)
		g.rows = make([][]string, len(src))
		for i, r := range src {
			row := make([]string, width)
			copy(row, r[:min(len(r), width)])
			g.rows[i] = row
		}
		g.formulas = x.excelizeFormulas(sheet, len(src), width)
	}
	merges := x.mergeRefs
	if probe && fromXML {
		merges = func(sheet string) [][2]string { return xlsx.Merges(x.sheetXML(sheet)) }
	}
	for _, m := range merges(sheet) {
		c1, r1, err1 := excelize.CellNameToCoordinates(m[0])
		c2, r2, err2 := excelize.CellNameToCoordinates(m[1])
		if err1 != nil || err2 != nil || c1 > c2 || r1 > r2 || r1 > len(g.rows) {
			continue
		}
		r2 = min(r2, len(g.rows))
		c2 = min(c2, maxGridCols)
		for r := r1 - 1; r < r2; r++ {
			if len(g.rows[r]) < c2 {
				g.rows[r] = append(g.rows[r], make([]string, c2-len(g.rows[r]))...)
			}
		}
		// Every covered cell is marked, empty merges too: a blank answer
		// cell merged down over the next question's row is not that row's.
		v := g.rows[r1-1][c1-1]
		for r := r1 - 1; r < r2; r++ {
			for c := c1 - 1; c < c2; c++ {
				if r == r1-1 && c == c1-1 {
					continue
				}
				if v != "" {
					g.rows[r][c] = v
				}
				g.cont[[2]int{r, c}] = [2]int{r1 - 1, c1 - 1}
			}
		}
	}
	return g, nil
}

// fixDates turns an existing answer that is an Excel date serial into a date
// when the question asks for a date.
func fixDates(qs []Question) {
	for i := range qs {
		if !strings.Contains(strings.ToLower(qs[i].Text), "date") {
			continue
		}
		n, err := strconv.ParseFloat(qs[i].Answer, 64)
		if err != nil || n < 20000 || n > 80000 {
			continue
		}
		if t, err := excelize.ExcelDateToTime(n, false); err == nil {
			qs[i].Answer = t.Format("2006-01-02")
		}
	}
}

// appendColumns gives a sheet with no answer (or comment) column one after
// its last used column, as the CSV reader does: the output writes a header
// there and the answers below it.
func appendColumns(g *grid, l *Layout, qs []Question) {
	if l.AnswerCol != "" && l.CommentCol != "" {
		return
	}
	width := 0
	for _, r := range g.rows {
		for c := len(r) - 1; c >= 0; c-- {
			if strings.TrimSpace(r[c]) != "" {
				width = max(width, c+1)
				break
			}
		}
	}
	for k := range g.formulas { // a formula with an empty value is used all the same
		width = max(width, k[1]+1)
	}
	next := width
	if l.AnswerCol == "" {
		l.AnswerCol, l.AppendedAnswer = colName(next), true
		l.Notes = append(l.Notes, "no answer column: the output gets an appended Answer column "+l.AnswerCol)
		for i := range qs {
			qs[i].AnswerCell = cellName(next, qs[i].Row-1, false)
		}
		next++
	}
	if l.CommentCol == "" {
		l.CommentCol, l.AppendedComment = colName(next), true
		l.Notes = append(l.Notes, "no comment column: the output gets an appended Comment column "+l.CommentCol)
		for i := range qs {
			qs[i].CommentCell = cellName(next, qs[i].Row-1, false)
		}
	}
}

// excelizeFormulas finds the formula cells of a sheet through excelize
// (a sheet the XML reader leaves to it).
func (x *xlsxReader) excelizeFormulas(sheet string, rows, width int) map[[2]int]xlsx.Formula {
	var out map[[2]int]xlsx.Formula
	for r := 0; r < rows; r++ {
		for c := 0; c < width; c++ {
			f, err := x.f.GetCellFormula(sheet, xlsx.RefName(c+1, r+1))
			if err != nil || f == "" {
				continue
			}
			if out == nil {
				out = map[[2]int]xlsx.Formula{}
			}
			out[[2]int{r, c}] = xlsx.Formula{Text: f}
		}
	}
	return out
}

// sheetRead is a sheet found to hold questions, before its columns are
// completed (appended, or taken from a sheet of the same layout).
type sheetRead struct {
	info   int // its index in Document.Sheets
	g      *grid
	layout Layout
	qs     []Question
	lists  bool // it has list validations
}

// hasLists says whether a sheet has any list validation (a dropdown).
func (x *xlsxReader) hasLists(sheet string) bool {
	vs := x.validations(sheet)
	if x.scanned(sheet) {
		vs = append(vs, x.pkg.X14[sheet]...)
	}
	for _, v := range vs {
		if strings.EqualFold(v.Type, "list") {
			return true
		}
	}
	return false
}

// resolveSources finds the formula of each formula-fed answer cell (that
// of a shared formula's dependent through excelize, which is slow: only
// for the sheets read) and where the answer is given.
func (x *xlsxReader) resolveSources(g *grid, l *Layout) {
	gridOf := func(sheet string) *grid {
		if idx, err := x.f.GetSheetIndex(sheet); err != nil || idx < 0 {
			return nil
		}
		sg, err := x.grid(sheet)
		if err != nil {
			return nil
		}
		return sg
	}
	for i := range l.FormulaFed {
		fc := &l.FormulaFed[i]
		if fc.Formula == "" { // a shared formula's dependent: excelize works its formula out
			if f, err := x.f.GetCellFormula(g.sheet, fc.Cell); err == nil {
				fc.Formula = f
			}
		}
		fc.From = answerSource(g.sheet, g, fc.Formula, gridOf)
	}
}

// fedOnly says why a sheet whose every question row has a formula in its
// answer cell is not one to fill: an analyst or scoring sheet when it also
// computes (IF, SUM, COUNTIF, ...), else a sheet answered elsewhere. ""
// when the sheet has answer cells to write.
func fedOnly(g *grid, l Layout, qs []Question) string {
	if len(qs) > 0 || len(l.FormulaFed) == 0 {
		return ""
	}
	var read []string
	for _, fc := range l.FormulaFed {
		for _, s := range formulaSheets(fc.Formula) {
			if s != g.sheet && !slices.Contains(read, s) {
				read = append(read, s)
			}
		}
	}
	what := fmt.Sprintf("its %d answer cells are formulas", len(l.FormulaFed))
	if len(read) > 0 {
		what += " reading " + listShort(read, 4)
	}
	if sc := scores(g, colIndex(l.AnswerCol)); len(sc) > 0 {
		return "analyst or scoring sheet: " + what + ", and it computes with " + strings.Join(sc, ", ")
	}
	return "answered elsewhere: " + what
}

// listShort joins at most n names, saying how many more there are.
func listShort(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" and %d more", len(names)-n)
}

// questionKey is what makes two questions the same: the ID, else the text.
func questionKey(q Question) string {
	if q.ID != "" {
		return "id:" + strings.ToLower(q.ID)
	}
	return "text:" + strings.ToLower(strings.Join(strings.Fields(q.Text), " "))
}

// primacy ranks the sheets that hold the same questions: the one with an
// answer column of its own and dropdowns is the one to fill.
func (r *sheetRead) primacy() int {
	p := 0
	if r.layout.AnswerCol != "" {
		p += 2
	}
	if r.lists {
		p++
	}
	return p
}

// dropCopies leaves out a question bank, a sheet the question or ID
// formulas of another sheet read (=Questions!B5), and a sheet whose
// questions are (80% or more, two at least) questions of sheets that rank
// above it (or as high, earlier): an analyst's reference copy. Its reason
// names those sheets.
func dropCopies(doc *Document, used []*sheetRead) []*sheetRead {
	// The sheets whose question or ID formulas read another sheet: that
	// one is their question bank.
	type reader struct {
		why     string // a formula that reads the bank, "Vendor Response!B5: =Questions!B5"
		primacy int
	}
	bank := map[string]reader{}
	for _, r := range used {
		qc, ic := colIndex(r.layout.QuestionCol), colIndex(r.layout.IDCol)
		for _, q := range r.qs {
			for _, c := range []int{qc, ic} {
				f, ok := r.g.formulas[[2]int{q.Row - 1, c}]
				if c < 0 || !ok {
					continue
				}
				for _, s := range formulaSheets(f.Text) {
					if b, seen := bank[s]; (!seen || b.primacy < r.primacy()) && s != r.g.sheet {
						bank[s] = reader{fmt.Sprintf("%s!%s%d: =%s", r.g.sheet, colName(c), q.Row, strings.TrimPrefix(f.Text, "=")), r.primacy()}
					}
				}
			}
		}
	}
	// first[key][p] is the first sheet (index in used) of primacy p that
	// holds the question: the owner of a question of sheet i is the first
	// sheet that ranks higher, or as high and comes before i. Kept per key,
	// so that 4,000 sheets cost 4,000 times one, not 16 million.
	prim := make([]int, len(used))
	keys := make([][]string, len(used))
	first := map[string]*[4]int{}
	for j, o := range used {
		prim[j] = o.primacy()
		keys[j] = make([]string, len(o.qs))
		for n, q := range o.qs {
			k := questionKey(q)
			keys[j][n] = k
			f := first[k]
			if f == nil {
				f = &[4]int{-1, -1, -1, -1}
				first[k] = f
			}
			if f[prim[j]] < 0 {
				f[prim[j]] = j
			}
		}
	}
	ownerOf := func(i int, key string) (string, bool) {
		f := first[key]
		best := -1
		for p := prim[i]; p < 4; p++ {
			j := f[p]
			if j < 0 || (p == prim[i] && j >= i) {
				continue
			}
			if best < 0 || j < best {
				best = j
			}
		}
		if best < 0 {
			return "", false
		}
		return used[best].g.sheet, true
	}
	var out []*sheetRead
	for i, r := range used {
		// Only a sheet that ranks lower: of two sheets with answer columns
		// and dropdowns, the one that copies is not the questionnaire.
		if b, ok := bank[r.g.sheet]; ok && b.primacy > r.primacy() {
			doc.Sheets[r.info].Reason = "the question bank of another sheet, whose questions are formulas reading it (" + b.why + ")"
			continue
		}
		var from []string
		same := 0
		for n := range r.qs {
			if s, ok := ownerOf(i, keys[i][n]); ok {
				same++
				if !slices.Contains(from, s) {
					from = append(from, s)
				}
			}
		}
		if same >= 2 && same*5 >= len(r.qs)*4 {
			doc.Sheets[r.info].Reason = fmt.Sprintf("a copy: %d of its %d questions are those of %s", same, len(r.qs), listShort(from, 4))
			continue
		}
		out = append(out, r)
	}
	return out
}

// adoptComments gives a sheet without a comment column the one of a sheet
// of the same layout (HECVAT's START HERE: its only header row names the
// answer column alone), when that column holds no formula and no merged
// cell on its question rows (text there is an answer's narrative).
func adoptComments(used []*sheetRead) {
	for _, r := range used {
		l := &r.layout
		if l.CommentCol != "" || l.AnswerCol == "" {
			continue
		}
		for _, o := range used {
			ol := o.layout
			if o == r || ol.CommentCol == "" || ol.AppendedComment || ol.QuestionCol != l.QuestionCol || ol.IDCol != l.IDCol || ol.AnswerCol != l.AnswerCol {
				continue
			}
			c := colIndex(ol.CommentCol)
			free := true
			for _, q := range r.qs {
				_, merged := r.g.cont[[2]int{q.Row - 1, c}]
				if r.g.isFormula(q.Row-1, c) || merged {
					free = false
					break
				}
			}
			if !free {
				continue
			}
			l.CommentCol = ol.CommentCol
			l.Notes = append(l.Notes, fmt.Sprintf("comment column %s as on sheet %s (same layout; no header here names it)", l.CommentCol, o.g.sheet))
			for i := range r.qs {
				r.qs[i].CommentCell = l.CommentCol + strconv.Itoa(r.qs[i].Row)
				r.qs[i].Comment = r.g.cell(r.qs[i].Row-1, c)
			}
			break
		}
	}
}
