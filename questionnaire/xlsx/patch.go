package xlsx

// Writing a workbook by patching its package: values, highlights and notes
// go into the sheets that are edited, a sheet can be added, and every other
// part of the zip is copied byte for byte (compressed data included).
// Nothing the caller does not mean to change is decoded and re-encoded, so
// nothing is lost that a decoder does not know, and a large workbook is
// written in a fraction of the time excelize needs to decode and re-encode
// its sheets for a full save. When a package holds something the patcher
// does not handle (an encrypted workbook, a strict OOXML namespace, cells
// without references, a shared formula in an edited cell), Open or Edit
// return an error for which IsUnpatchable is true: the caller then writes
// the workbook another way.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"compress/flate"
	"context"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	nsMain         = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relTypeBase    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctComments     = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	ctWorksheet    = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	ctVML          = "application/vnd.openxmlformats-officedocument.vmlDrawing"
	xmlDeclaration = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	// NoteAuthor is the author of the notes vouch adds.
	NoteAuthor = "vouch"
)

// CellEdit is what changes in one cell.
type CellEdit struct {
	Value     string
	Set       bool // write Value as an inline string
	Highlight bool
	Note      string
	StyleOf   int  // > 0: take the style of the cell in this column of the same row
	Number    bool // Value is a number (a date serial): written as one, in the cell's own format
}

// CellKey is a cell's row and column, 1-based.
type CellKey struct{ Row, Col int }

// sortCellKeys sorts cells in sheet order: by row, then column.
func sortCellKeys(keys []CellKey) {
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Row != keys[j].Row {
			return keys[i].Row < keys[j].Row
		}
		return keys[i].Col < keys[j].Col
	})
}

// EditKeys returns the edited cells in sheet order.
func EditKeys(edits map[CellKey]*CellEdit) []CellKey {
	keys := make([]CellKey, 0, len(edits))
	for k := range edits {
		keys = append(keys, k)
	}
	sortCellKeys(keys)
	return keys
}

// relationship is one entry of a .rels part.
type relationship struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr"`
}

// Patch is a package with its changes, ready to be written.
type Patch struct {
	zr      *zip.ReadCloser
	files   map[string]*zip.File // by normalized name
	limit   int64
	changed map[string][]byte
	added   []addedPart
	addedAt map[string]int // added part name -> its index in added
	removed map[string]bool
	// What makes adding a part cost the same on the 4,000th sheet as on
	// the first: the next number freeName tries per pattern, the highest
	// shape block in use (-1: not yet read from the input's drawings), and
	// the content types declared, with those to add when writing.
	nextFree   map[string]int
	shapeBlock int
	ctDeclared map[string]bool
	ctPending  []byte
	now        time.Time // the input's newest entry: the time of added parts

	sheets     []workbookSheet
	wbRels     []relationship
	partOf     map[string]string // sheet name -> part
	stylesName string
	st         *styler
	ctx        context.Context
	dropCalc   bool // a formula was overwritten
	recalc     bool // set fullCalcOnLoad
}

type addedPart struct {
	name string
	data []byte
	// gen writes a large part that vouch makes whole (notes, drawings, the
	// review sheet) straight into the zip: on a large questionnaire
	// holding them in memory first costs more than making them.
	gen       func(w textWriter)
	lastShape int // the highest shape number of a generated VML drawing
}

// Close closes the input package.
func (p *Patch) Close() error { return p.zr.Close() }

// part returns a part's bytes: as changed so far, else from the zip (bounded).
func (p *Patch) part(name string) ([]byte, error) {
	if b, ok := p.changed[name]; ok {
		return b, nil
	}
	if i, ok := p.addedAt[name]; ok {
		return p.added[i].data, nil
	}
	f := p.files[name]
	if f == nil {
		return nil, nil
	}
	return readZipFile(f, name, p.limit)
}

func (p *Patch) exists(name string) bool {
	if p.files[name] != nil && !p.removed[name] {
		return true
	}
	_, ok := p.addedAt[name]
	return ok
}

func (p *Patch) set(name string, b []byte) {
	if isVML(name) && p.shapeBlock >= 0 {
		p.shapeBlock = max(p.shapeBlock, shapeBlockOf(b))
	}
	if i, ok := p.addedAt[name]; ok {
		p.added[i].data = b
		return
	}
	if p.files[name] != nil {
		p.changed[name] = b
		return
	}
	p.addedAt[name] = len(p.added)
	p.added = append(p.added, addedPart{name: name, data: b})
}

// setGen adds a part that gen writes when the package is written.
func (p *Patch) setGen(name string, gen func(w textWriter), lastShape int) {
	if p.shapeBlock >= 0 {
		p.shapeBlock = max(p.shapeBlock, lastShape/1024)
	}
	p.addedAt[name] = len(p.added)
	p.added = append(p.added, addedPart{name: name, gen: gen, lastShape: lastShape})
}

// freeName returns the first pattern%d name no part has, counting on from
// the last name it returned for the pattern: the parts it names are added
// at once, so that no earlier number frees up.
func (p *Patch) freeName(pattern string) string {
	for i := max(p.nextFree[pattern], 1); ; i++ {
		if n := fmt.Sprintf(pattern, i); !p.exists(n) {
			p.nextFree[pattern] = i + 1
			return n
		}
	}
}

// relsOf returns the .rels part name of a part.
func relsOf(part string) string {
	dir, base := path.Split(part)
	return dir + "_rels/" + base + ".rels"
}

// resolvePart turns a relationship target into a part name, relative to the
// folder of the part that holds the relationship.
func resolvePart(from, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Clean(path.Join(path.Dir(from), target))
}

// rels reads the relationships of a part (none when it has no .rels).
func (p *Patch) rels(part string) ([]relationship, error) {
	b, err := p.part(relsOf(part))
	if err != nil || b == nil {
		return nil, err
	}
	rels, err := parseRels(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", relsOf(part), err)
	}
	return rels, nil
}

// parseRels reads a .rels part.
func parseRels(b []byte) ([]relationship, error) {
	var r struct {
		Rel []relationship `xml:"Relationship"`
	}
	if err := xmlUnmarshal(b, &r); err != nil {
		return nil, err
	}
	return r.Rel, nil
}

// addRel adds a relationship to a part's .rels and returns its ID.
func (p *Patch) addRel(part, typ, target string) (string, error) {
	name := relsOf(part)
	existing, err := p.rels(part)
	if err != nil {
		return "", err
	}
	ids := map[string]bool{}
	n := 0
	for _, r := range existing {
		ids[r.ID] = true
		if k, err := strconv.Atoi(strings.TrimPrefix(r.ID, "rId")); err == nil && strings.HasPrefix(r.ID, "rId") {
			n = max(n, k)
		}
	}
	id := "rId" + strconv.Itoa(n+1)
	for ids[id] {
		n++
		id = "rId" + strconv.Itoa(n+1)
	}
	el := []byte(`<Relationship Id="` + id + `" Type="` + relTypeBase + typ + `" Target="` + escapeText(target) + `"/>`)
	b, err := p.part(name)
	if err != nil {
		return "", err
	}
	if b == nil {
		b = []byte(xmlDeclaration + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`)
	}
	b, ok := insertBeforeClose(b, "Relationships", el)
	if !ok {
		return "", unpatchable("%s has no <Relationships> element", name)
	}
	p.set(name, b)
	return id, nil
}

// relTarget returns the target of the first relationship of a type ("styles").
func relTarget(rels []relationship, from, typ string) string {
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/"+typ) && r.TargetMode != "External" {
			return resolvePart(from, r.Target)
		}
	}
	return ""
}

// addContentType declares a part (an Override) or an extension (a Default)
// in [Content_Types].xml, unless it is already declared (needle, as
// PartName="/..." or Extension="..."). The declarations are added when the
// package is written (flushContentTypes).
func (p *Patch) addContentType(el, needle string) error {
	if p.ctDeclared == nil {
		b, err := p.part(contentTypes)
		if err != nil {
			return err
		}
		if b == nil {
			return unpatchable("no [Content_Types].xml")
		}
		p.ctDeclared = map[string]bool{}
		for _, attr := range []string{"partname", "extension"} {
			lb := bytes.ToLower(b)
			pat := []byte(attr + `="`)
			for i := bytes.Index(lb, pat); i >= 0; {
				i += len(pat)
				j := bytes.IndexByte(lb[i:], '"')
				if j < 0 {
					break
				}
				p.ctDeclared[attr+`="`+string(lb[i:i+j])+`"`] = true
				k := bytes.Index(lb[i+j:], pat)
				if k < 0 {
					break
				}
				i += j + k
			}
		}
	}
	key := strings.ToLower(needle)
	if p.ctDeclared[key] {
		return nil
	}
	p.ctDeclared[key] = true
	p.ctPending = append(p.ctPending, el...)
	return nil
}

// flushContentTypes writes the pending declarations into [Content_Types].xml.
func (p *Patch) flushContentTypes() error {
	if len(p.ctPending) == 0 {
		return nil
	}
	b, err := p.part(contentTypes)
	if err != nil || b == nil {
		return unpatchable("no readable [Content_Types].xml")
	}
	b, ok := insertBeforeClose(b, "Types", p.ctPending)
	if !ok {
		return unpatchable("[Content_Types].xml has no <Types> element")
	}
	p.ctPending = nil
	p.set(contentTypes, b)
	return nil
}

// contentTypes is the package's content types part.
const contentTypes = "[Content_Types].xml"

// workbookSheet is one <sheet> of workbook.xml.
type workbookSheet struct {
	Name    string `xml:"name,attr"`
	SheetID int    `xml:"sheetId,attr"`
	RID     string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
}

// Options are the options of Open.
type Options struct {
	Limit     int64  // what a part may unzip to at most
	Highlight string // the fill color (RRGGBB) of highlighted cells
	// Context, when set, stops Edit, AddSheet and Write (and the parts they
	// make) when it is done: they return its error.
	Context context.Context
	// Recalc asks the spreadsheet program to recalculate every formula
	// when it opens the copy (fullCalcOnLoad): formulas there read cells
	// the patch writes, and the values they cached are stale.
	Recalc bool
}

// Open opens a package for patching. The error is unpatchable
// (IsUnpatchable) when the package cannot be patched. The parts the patch
// adds take the time of the input's newest zip entry, and changed parts
// keep theirs: the same input and edits give the same bytes.
func Open(in string, o Options) (*Patch, error) {
	if !IsZip(in) {
		return nil, unpatchable("not a plain zip package (encrypted?)")
	}
	zr, err := zip.OpenReader(in)
	if err != nil {
		return nil, unpatchable("%v", err)
	}
	p := &Patch{zr: zr, files: map[string]*zip.File{}, limit: o.Limit, changed: map[string][]byte{}, removed: map[string]bool{}, recalc: o.Recalc,
		addedAt: map[string]int{}, nextFree: map[string]int{}, shapeBlock: -1, ctx: o.Context}
	if p.ctx == nil {
		p.ctx = context.Background()
	}
	ok := false
	defer func() {
		if !ok {
			zr.Close()
		}
	}()
	if dup := DuplicateEntry(zr.File); dup != "" {
		return nil, fmt.Errorf("the package holds two entries named %q (a tampered file?): refusing to patch it", dup)
	}
	for _, f := range zr.File {
		if f.Modified.After(p.now) {
			p.now = f.Modified
		}
		name := strings.TrimPrefix(f.Name, "/")
		if strings.Contains(name, `\`) {
			return nil, unpatchable("part name %q uses backslashes", f.Name)
		}
		if p.files[name] == nil {
			p.files[name] = f
		}
	}
	wb, err := p.part(wbName)
	if err != nil || wb == nil {
		return nil, unpatchable("no readable %s", wbName)
	}
	var w struct {
		XMLName xml.Name
		Sheets  []workbookSheet `xml:"sheets>sheet"`
	}
	if err := xmlUnmarshal(wb, &w); err != nil || w.XMLName.Space != nsMain {
		return nil, unpatchable("%s is not a transitional SpreadsheetML workbook", wbName)
	}
	p.sheets = w.Sheets
	if p.wbRels, err = p.rels(wbName); err != nil {
		return nil, unpatchable("%v", err)
	}
	p.partOf = map[string]string{}
	for _, s := range w.Sheets {
		for _, r := range p.wbRels {
			if r.ID == s.RID {
				p.partOf[s.Name] = resolvePart(wbName, r.Target)
			}
		}
	}
	p.stylesName = relTarget(p.wbRels, wbName, "styles")
	stylesXML, err := p.part(p.stylesName)
	if p.stylesName == "" || err != nil || stylesXML == nil {
		return nil, unpatchable("no styles part")
	}
	if p.st, err = newStyler(stylesXML, o.Highlight); err != nil {
		return nil, err
	}
	ok = true
	return p, nil
}

// wbName is the workbook part.
const wbName = "xl/workbook.xml"

// Edit applies the edits to a sheet: values, highlights and notes.
func (p *Patch) Edit(sheet string, edits map[CellKey]*CellEdit) error {
	if err := p.ctx.Err(); err != nil {
		return err
	}
	part := p.partOf[sheet]
	b, err := p.part(part)
	if part == "" || err != nil || b == nil {
		return unpatchable("sheet %q has no readable part", sheet)
	}
	notes := map[CellKey]string{}
	for k, e := range edits {
		if e.Note != "" {
			notes[k] = e.Note
		}
	}
	legacyID := ""
	if len(notes) > 0 {
		if legacyID, err = p.addNotes(part, b, notes); err != nil {
			return err
		}
	}
	nb, formulas, err := patchSheet(b, edits, p.st, legacyID)
	if err != nil {
		return err
	}
	p.dropCalc = p.dropCalc || formulas
	p.set(part, nb)
	return nil
}

// HasSheet says whether the workbook has a sheet of that name (any case).
func (p *Patch) HasSheet(name string) bool {
	for _, s := range p.sheets {
		if strings.EqualFold(s.Name, name) {
			return true
		}
	}
	return false
}

// finish makes the parts that depend on every edit: the calculation chain
// dropped when a formula was overwritten, the styles with what was added.
func (p *Patch) finish() error {
	if err := p.flushContentTypes(); err != nil {
		return err
	}
	if p.dropCalc {
		if err := p.dropCalcChain(wbName, p.wbRels); err != nil {
			return err
		}
		p.dropCalc = false
	}
	if p.st.changed() {
		nb, err := p.st.bytes()
		if err != nil {
			return err
		}
		p.set(p.stylesName, nb)
	}
	if p.recalc {
		p.recalc = false
		wb, err := p.part(wbName)
		if err != nil || wb == nil {
			return unpatchable("no readable %s", wbName)
		}
		nb, err := fullCalcOnLoad(wb)
		if err != nil {
			return unpatchable("%s: %v", wbName, err)
		}
		p.set(wbName, nb)
	}
	return nil
}

// calcPrFollowers are the workbook elements that come after <calcPr> in
// the schema's order.
var calcPrFollowers = map[string]bool{"oleSize": true, "customWorkbookViews": true, "pivotCaches": true, "smartTagPr": true, "smartTagTypes": true,
	"webPublishing": true, "fileRecoveryPr": true, "webPublishObjects": true, "extLst": true, "AlternateContent": true}

// fullCalcOnLoad sets fullCalcOnLoad="1" on the workbook's <calcPr>, or
// adds one in its place.
func fullCalcOnLoad(wb []byte) ([]byte, error) {
	if i := findTag(wb, 0, "calcPr"); i >= 0 {
		name, attrs, end, self, err := tagAt(wb, i)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		writeTag(&buf, name, setAttr(attrs, "fullCalcOnLoad", "1"), self)
		return splice(wb, i, end, buf.Bytes()), nil
	}
	from := bytes.Index(wb, []byte("</sheets>"))
	if from < 0 {
		return nil, fmt.Errorf("no </sheets>")
	}
	at, err := topLevelBefore(wb, from, calcPrFollowers)
	if err != nil {
		return nil, err
	}
	return splice(wb, at, at, []byte(`<calcPr fullCalcOnLoad="1"/>`)), nil
}

// Write writes the patched package: unchanged parts are copied compressed,
// as they are; changed and new parts are made and compressed on every CPU
// at once, then written in order.
func (p *Patch) Write(w io.Writer) error {
	if err := p.ctx.Err(); err != nil {
		return err
	}
	if err := p.finish(); err != nil {
		return err
	}
	var jobs []*packJob
	byName := map[string]*packJob{}
	for _, f := range p.zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		if b, ok := p.changed[name]; ok && byName[name] == nil && !p.removed[name] {
			j := &packJob{name: f.Name, mod: f.Modified, data: b, done: make(chan struct{})}
			jobs = append(jobs, j)
			byName[name] = j
		}
	}
	for _, a := range p.added {
		jobs = append(jobs, &packJob{name: a.name, mod: p.now, data: a.data, gen: a.gen, done: make(chan struct{})})
	}
	// Biggest first, so that the CPUs finish together.
	order := slices.Clone(jobs)
	slices.SortStableFunc(order, func(a, b *packJob) int { return cmp.Compare(b.size(), a.size()) })
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	for i, j := range order {
		if p.ctx.Err() != nil { // stop making parts: the ones not started are done, empty
			for _, k := range order[i:] {
				k.out = &packed{}
				close(k.done)
			}
			break
		}
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; close(j.done) }()
			j.out = pack(j.data, j.gen)
		}()
	}
	defer func() { // whatever happens, let the packers finish and free them
		for _, j := range jobs {
			<-j.done
			j.out.free()
		}
	}()

	zw := zip.NewWriter(w)
	putPacked := func(j *packJob) error {
		<-j.done
		if err := p.ctx.Err(); err != nil { // a generator stopped short
			return err
		}
		fh := &zip.FileHeader{Name: j.name, Method: zip.Deflate, Modified: j.mod, CRC32: j.out.crc,
			CompressedSize64: uint64(j.out.buf.Len()), UncompressedSize64: j.out.n}
		if !isASCII(j.name) {
			fh.Flags |= 0x800 // the name is UTF-8
		}
		// CreateRaw, unlike CreateHeader, leaves the MS-DOS date fields
		// that most unzip tools read to the caller: the deprecated fields
		// are the only way to set them.
		//lint:ignore SA1019 CreateRaw does not derive them from Modified
		fh.ModifiedDate, fh.ModifiedTime = msDosTime(j.mod)
		fw, err := zw.CreateRaw(fh)
		if err != nil {
			return err
		}
		_, err = fw.Write(j.out.buf.Bytes())
		return err
	}
	seen := map[string]bool{}
	for _, f := range p.zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		if p.removed[name] || seen[name] {
			continue
		}
		seen[name] = true
		if err := p.ctx.Err(); err != nil {
			return err
		}
		if j := byName[name]; j != nil {
			if err := putPacked(j); err != nil {
				return err
			}
			continue
		}
		if err := zw.Copy(f); err != nil {
			return err
		}
	}
	for _, j := range jobs[len(byName):] {
		if err := putPacked(j); err != nil {
			return err
		}
	}
	return zw.Close()
}

// packJob is one part to deflate; done is closed when out is ready.
type packJob struct {
	name string // as written in the zip
	mod  time.Time
	data []byte
	gen  func(textWriter)
	out  *packed
	done chan struct{}
}

func (j *packJob) size() int {
	if j.gen != nil {
		return 1 << 30 // generated parts are the large ones
	}
	return len(j.data)
}

// packed is one part, deflated, with what its zip header needs.
type packed struct {
	buf bytes.Buffer
	crc uint32
	n   uint64
	fw  *flate.Writer
}

// pack deflates data, or what gen writes.
func pack(data []byte, gen func(textWriter)) *packed {
	pk := &packed{fw: flatePool.Get().(*flate.Writer)}
	pk.fw.Reset(&pk.buf)
	sw := &sumWriter{fw: pk.fw}
	if gen != nil {
		bw := bufio.NewWriterSize(sw, 64<<10)
		gen(bw)
		bw.Flush() // sumWriter does not fail: bytes.Buffer and flate into it do not
	} else {
		sw.Write(data)
	}
	pk.fw.Close()
	pk.crc, pk.n = sw.crc, sw.n
	return pk
}

func (pk *packed) free() {
	if pk != nil && pk.fw != nil {
		flatePool.Put(pk.fw)
		pk.fw = nil
	}
}

// sumWriter deflates what it is given, keeping its CRC-32 and length.
type sumWriter struct {
	fw  *flate.Writer
	crc uint32
	n   uint64
}

func (s *sumWriter) Write(b []byte) (int, error) {
	s.crc = crc32.Update(s.crc, crc32.IEEETable, b)
	s.n += uint64(len(b))
	return s.fw.Write(b)
}

// msDosTime is t in the date and time fields of a zip header (2-second
// steps, years 1980 to 2107); a zero time stays zero, as the input had it.
func msDosTime(t time.Time) (date, tm uint16) {
	if t.IsZero() {
		return 0, 0
	}
	y := min(max(t.Year(), 1980), 2107)
	return uint16(t.Day() + int(t.Month())<<5 + (y-1980)<<9), uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

var flatePool = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(io.Discard, flate.BestSpeed) // BestSpeed is a valid level: no error
	return fw
}}

// addNotes attaches review notes to cells of a sheet: into its existing
// comments and VML drawing parts when it has them, else into new ones. A
// cell that already carries a note keeps it and gets none from vouch. It
// returns the relationship ID of a new VML drawing, which the sheet must
// point at (see patchSheet), or "".
func (p *Patch) addNotes(part string, sheetXML []byte, notes map[CellKey]string) (legacyID string, err error) {
	rels, err := p.rels(part)
	if err != nil {
		return "", unpatchable("%v", err)
	}
	commentsName := relTarget(rels, part, "comments")
	vmlName := ""
	if i := findTag(sheetXML, 0, "legacyDrawing"); i >= 0 {
		_, attrs, _, _, err := tagAt(sheetXML, i)
		if err != nil {
			return "", unpatchable("%s: %v", part, err)
		}
		for _, a := range attrs {
			if strings.HasSuffix(a.name, ":id") {
				for _, r := range rels {
					if r.ID == a.value {
						vmlName = resolvePart(part, r.Target)
					}
				}
			}
		}
		if vmlName == "" {
			return "", unpatchable("%s: its legacy drawing has no target", part)
		}
	}

	// The comments already there, and the ID of vouch's author among theirs.
	var comments []byte
	noted := map[string]bool{}
	authorID := 0
	if commentsName != "" {
		if comments, err = p.part(commentsName); err != nil || comments == nil {
			return "", unpatchable("%s: unreadable comments part", part)
		}
		if name, _, _, _, err := rootTag(comments); err != nil || name != "comments" {
			return "", unpatchable("%s is not a comments part vouch can extend", commentsName)
		}
		spans, _, _ := children(comments, "commentList", "comment")
		for _, s := range spans {
			if _, attrs, _, _, err := tagAt(comments, s[0]); err == nil {
				if ref, ok := attrValue(attrs, "ref"); ok {
					noted[ref] = true
				}
			}
		}
		authors, _, ok := children(comments, "authors", "author")
		if !ok {
			return "", unpatchable("%s has no <authors>", commentsName)
		}
		authorID = -1
		for i, s := range authors {
			if bytes.Equal(comments[s[0]:s[1]], []byte("<author>"+NoteAuthor+"</author>")) {
				authorID = i
			}
		}
		if authorID < 0 {
			authorID = len(authors)
			if comments, ok = insertBeforeClose(comments, "authors", []byte("<author>"+NoteAuthor+"</author>")); !ok {
				return "", unpatchable("%s: cannot add an author", commentsName)
			}
		}
	}
	keys := make([]CellKey, 0, len(notes))
	for k := range notes {
		if !noted[RefName(k.Col, k.Row)] {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "", nil
	}
	sortCellKeys(keys)

	// The notes: generated into a new part, or spliced into the old one.
	if comments == nil {
		commentsName = p.freeName("xl/comments%d.xml")
		if _, err := p.addRel(part, "comments", relTarget2(part, commentsName)); err != nil {
			return "", err
		}
		if err := p.addContentType(`<Override PartName="/`+commentsName+`" ContentType="`+ctComments+`"/>`, `PartName="/`+commentsName+`"`); err != nil {
			return "", err
		}
		p.setGen(commentsName, func(w textWriter) {
			w.WriteString(xmlDeclaration + `<comments xmlns="` + nsMain + `"><authors><author>` + NoteAuthor + `</author></authors><commentList>`)
			writeComments(p.ctx, w, keys, notes, authorID)
			w.WriteString(`</commentList></comments>`)
		}, 0)
	} else {
		var cb bytes.Buffer
		writeComments(p.ctx, &cb, keys, notes, authorID)
		var ok bool
		if comments, ok = insertBeforeClose(comments, "commentList", cb.Bytes()); !ok {
			return "", unpatchable("%s has no <commentList>", commentsName)
		}
		p.set(commentsName, comments)
	}

	// The VML drawing that shows the notes.
	if vmlName != "" {
		vml, err := p.part(vmlName)
		if err != nil || vml == nil {
			return "", unpatchable("%s: unreadable VML drawing", part)
		}
		for _, ns := range []string{`xmlns:v="urn:schemas-microsoft-com:vml"`, `xmlns:o="urn:schemas-microsoft-com:office:office"`, `xmlns:x="urn:schemas-microsoft-com:office:excel"`} {
			if !bytes.Contains(vml, []byte(ns)) {
				return "", unpatchable("%s does not declare %s", vmlName, ns)
			}
		}
		var vb bytes.Buffer
		if !bytes.Contains(vml, []byte(`id="_x0000_t202"`)) {
			vb.WriteString(noteShapeType)
		}
		writeShapes(p.ctx, &vb, keys, maxShapeNumber(vml)+1)
		var ok bool
		if vml, ok = insertBeforeLast(vml, "</xml>", vb.Bytes()); !ok {
			return "", unpatchable("%s has no </xml>", vmlName)
		}
		p.set(vmlName, vml)
		return "", nil
	}
	first := p.freeShapeBlock()*1024 + 1
	last := first + len(keys) - 1
	var blocks []string
	for b := (first - 1) / 1024; b <= (last-1)/1024; b++ {
		blocks = append(blocks, strconv.Itoa(b))
	}
	vmlName = p.freeName("xl/drawings/vmlDrawing%d.vml")
	p.setGen(vmlName, func(w textWriter) {
		w.WriteString(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
			`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="` + strings.Join(blocks, ",") + `"/></o:shapelayout>` + noteShapeType)
		writeShapes(p.ctx, w, keys, first)
		w.WriteString("</xml>")
	}, last)
	if legacyID, err = p.addRel(part, "vmlDrawing", relTarget2(part, vmlName)); err != nil {
		return "", err
	}
	if err := p.addContentType(`<Default Extension="vml" ContentType="`+ctVML+`"/>`, `Extension="vml"`); err != nil {
		return "", err
	}
	return legacyID, nil
}

// writeComments writes a <comment> for each cell, by the given author.
// It stops when ctx is done: Write then fails with ctx's error.
func writeComments(ctx context.Context, w textWriter, keys []CellKey, notes map[CellKey]string, authorID int) {
	author := strconv.Itoa(authorID)
	for i, k := range keys {
		if i%1024 == 0 && ctx.Err() != nil {
			return
		}
		w.WriteString(`<comment ref="` + RefName(k.Col, k.Row) + `" authorId="` + author + `"><text><r><rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">`)
		writeEscaped(w, notes[k])
		w.WriteString(`</t></r></text></comment>`)
	}
}

// writeShapes writes the VML shape of each note, numbered from first.
func writeShapes(ctx context.Context, w textWriter, keys []CellKey, first int) {
	itoa := strconv.Itoa
	for i, k := range keys {
		if i%1024 == 0 && ctx.Err() != nil {
			return
		}
		// The box is hidden until the cell is pointed at; the anchor puts
		// it to the right of the cell, four columns wide and six rows high.
		c0, r0 := k.Col-1, k.Row-1
		top := max(r0-1, 0)
		w.WriteString(`<v:shape id="_x0000_s` + itoa(first+i) + `" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:2pt;width:240pt;height:110pt;z-index:` + itoa(i+1) +
			`;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>` +
			`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>` +
			itoa(c0+1) + ", 15, " + itoa(top) + ", 2, " + itoa(c0+4) + ", 15, " + itoa(top+6) + ", 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>" + itoa(r0) + "</x:Row><x:Column>" + itoa(c0) +
			"</x:Column></x:ClientData></v:shape>")
	}
}

// noteShapeType is the shape type Excel gives notes.
const noteShapeType = `<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">` +
	`<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`

// relTarget2 writes the target of a part relative to the part that points at it.
func relTarget2(from, to string) string {
	fromDir := strings.Split(path.Dir(from), "/")
	toParts := strings.Split(to, "/")
	i := 0
	for i < len(fromDir) && i < len(toParts)-1 && fromDir[i] == toParts[i] {
		i++
	}
	return strings.Repeat("../", len(fromDir)-i) + strings.Join(toParts[i:], "/")
}

func insertBeforeLast(b []byte, closing string, add []byte) ([]byte, bool) {
	i := bytes.LastIndex(b, []byte(closing))
	if i < 0 {
		return b, false
	}
	return splice(b, i, i, add), true
}

// maxShapeNumber is the highest n of the shape IDs _x0000_sN in a VML drawing.
func maxShapeNumber(vml []byte) int {
	n := 0
	pat := []byte(`"_x0000_s`)
	for i := 0; ; {
		k := bytes.Index(vml[i:], pat)
		if k < 0 {
			return n
		}
		i += k + len(pat)
		v := 0
		for i < len(vml) && vml[i] >= '0' && vml[i] <= '9' && v < 1<<30 {
			v = v*10 + int(vml[i]-'0')
			i++
		}
		n = max(n, v)
	}
}

// freeShapeBlock returns a block of 1,024 shape IDs (an o:idmap number)
// that no VML drawing of the package uses. The input's drawings are read
// once; the blocks of the drawings added since are kept as they are added.
func (p *Patch) freeShapeBlock() int {
	if p.shapeBlock < 0 {
		used := 0
		for name := range p.files {
			if !isVML(name) || p.removed[name] {
				continue
			}
			if b, err := p.part(name); err == nil {
				used = max(used, shapeBlockOf(b))
			}
		}
		for _, a := range p.added {
			if a.gen != nil {
				used = max(used, a.lastShape/1024)
			} else if isVML(a.name) {
				used = max(used, shapeBlockOf(a.data))
			}
		}
		p.shapeBlock = used
	}
	return p.shapeBlock + 1
}

func isVML(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".vml") }

// shapeBlockOf is the highest shape block a VML drawing uses: by its shape
// numbers and its o:idmap.
func shapeBlockOf(b []byte) int {
	used := maxShapeNumber(b) / 1024
	if i := bytes.Index(b, []byte(`data="`)); i >= 0 {
		if j := bytes.IndexByte(b[i+6:], '"'); j >= 0 {
			for _, f := range strings.Split(string(b[i+6:i+6+j]), ",") {
				if v, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
					used = max(used, v)
				}
			}
		}
	}
	return used
}

// legacyDrawingFollowers are the worksheet elements that come after
// <legacyDrawing> in the schema's order.
var legacyDrawingFollowers = map[string]bool{"legacyDrawingHF": true, "drawingHF": true, "picture": true, "oleObjects": true,
	"controls": true, "webPublishItems": true, "tableParts": true, "extLst": true, "AlternateContent": true}

// topLevelBefore returns where to insert an element among the worksheet's
// children, scanning from the end of sheetData: before the first child
// whose name is in followers, else before </worksheet>.
func topLevelBefore(b []byte, from int, followers map[string]bool) (int, error) {
	// Skip to the end of the element that starts or ends at from.
	if gt := bytes.IndexByte(b[from:], '>'); gt >= 0 {
		from += gt + 1
	}
	d := xml.NewDecoder(bytes.NewReader(b[from:]))
	depth := 0
	for {
		off := int(d.InputOffset())
		tok, err := d.RawToken()
		if err != nil {
			return 0, fmt.Errorf("no </worksheet> after sheetData: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 && followers[t.Name.Local] {
				return from + off, nil
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				return from + off, nil // </worksheet>
			}
			depth--
		}
	}
}

// dropCalcChain removes the calculation chain: a cell vouch wrote over held
// a formula, and a chain naming a cell without one makes Excel repair the
// file. Excel rebuilds the chain when it is missing.
func (p *Patch) dropCalcChain(wbName string, wbRels []relationship) error {
	name := relTarget(wbRels, wbName, "calcChain")
	if name == "" || !p.exists(name) {
		return nil
	}
	p.removed[name] = true
	cut := func(part, tag, attrName, value string) error {
		b, err := p.part(part)
		if err != nil || b == nil {
			return unpatchable("%s unreadable", part)
		}
		for i := findTag(b, 0, tag); i >= 0; i = findTag(b, i+1, tag) {
			_, attrs, end, self, err := tagAt(b, i)
			if err != nil {
				return unpatchable("%s: %v", part, err)
			}
			if v, _ := attrValue(attrs, attrName); self && v == value {
				p.set(part, splice(b, i, end, nil))
				return nil
			}
		}
		return nil
	}
	for _, r := range wbRels {
		if strings.HasSuffix(r.Type, "/calcChain") {
			if err := cut(relsOf(wbName), "Relationship", "Id", r.ID); err != nil {
				return err
			}
		}
	}
	return cut(contentTypes, "Override", "PartName", "/"+name)
}
