package xlsx

// The fill record: what a fill added to a workbook, stored in the package
// itself (customXml/vouch-fill.xml, a custom XML part the workbook points
// at) so that finalize removes exactly that and nothing of the buyer's.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"sort"
	"strings"
)

const (
	// RecordPart is the part that holds the fill record.
	RecordPart = "customXml/vouch-fill.xml"
	// RecordNS is the record's XML namespace.
	RecordNS      = "urn:vouch:fill:1"
	relCustomXML  = "customXml"
	ctCustomXML   = "application/xml"
	recordVersion = 1
)

// FillRecord is what a fill added to a workbook.
type FillRecord struct {
	XMLName xml.Name `xml:"urn:vouch:fill:1 vouchFill"`
	Version int      `xml:"version,attr"`
	// ReviewSheets are the review sheets added: one a fill (a filled copy
	// filled again has two).
	ReviewSheets []string `xml:"reviewSheet"`
	// Styles: the counts the styles part had before the fill, and the cell
	// formats the fill derived (a highlight: format From with a fill).
	Styles RecordStyles `xml:"styles"`
	// Parts the fill added (notes, drawings, the review sheet).
	Parts []string `xml:"part"`
	// Extensions declared in [Content_Types].xml by the fill (vml).
	Defaults []string      `xml:"contentTypeDefault"`
	Sheets   []RecordSheet `xml:"sheet"`
}

// RecordStyles are the style counts before the fill and the derived formats.
type RecordStyles struct {
	Xfs     int         `xml:"xfs,attr"`
	Fills   int         `xml:"fills,attr"`
	Fonts   int         `xml:"fonts,attr"`
	Derived []StylePair `xml:"derived"`
}

// StylePair is a format the fill added (Added) for cells of format From.
type StylePair struct {
	Added int `xml:"added,attr"`
	From  int `xml:"from,attr"`
}

// RecordSheet is what the fill marked on one sheet.
type RecordSheet struct {
	Name       string   `xml:"name,attr"`
	Highlights []string `xml:"highlight"`
	Notes      []string `xml:"note"`
}

// AddRecord records in the package what the patch has added so far (call
// it after every Edit and AddSheet): the record part is written with the
// package. reviewSheet is the name of the added review sheet ("" for none).
func (p *Patch) AddRecord(edits map[string]map[CellKey]*CellEdit, reviewSheet string) error {
	prev, err := p.Record()
	if err != nil {
		return unpatchable("%v", err)
	}
	rec := FillRecord{Version: recordVersion}
	if prev != nil { // a filled copy filled again: the record adds to the first
		rec = *prev
	}
	if reviewSheet != "" {
		rec.ReviewSheets = append(rec.ReviewSheets, reviewSheet)
	}
	if prev == nil {
		rec.Styles = RecordStyles{Xfs: len(p.st.xfs), Fills: p.st.nFills, Fonts: len(p.st.fonts)}
	}
	for from, added := range p.st.derived {
		rec.Styles.Derived = append(rec.Styles.Derived, StylePair{Added: added, From: from})
	}
	sort.Slice(rec.Styles.Derived, func(i, j int) bool { return rec.Styles.Derived[i].Added < rec.Styles.Derived[j].Added })
	for _, a := range p.added {
		if !strings.HasSuffix(a.name, ".rels") && a.name != RecordPart {
			rec.Parts = append(rec.Parts, a.name)
		}
	}
	if orig, err := readZipFileOrNil(p, contentTypes); err == nil && orig != nil {
		cur, _ := p.part(contentTypes)
		// declarations not yet flushed into the part count too
		cur = append(slices.Clip(cur), p.ctPending...)
		if !bytes.Contains(bytes.ToLower(orig), []byte(`extension="vml"`)) && bytes.Contains(bytes.ToLower(cur), []byte(`extension="vml"`)) {
			rec.Defaults = append(rec.Defaults, "vml")
		}
	}
	at := map[string]int{}
	for i, rs := range rec.Sheets {
		at[rs.Name] = i
	}
	names := make([]string, 0, len(edits))
	for s := range edits {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, s := range names {
		i, ok := at[s]
		if !ok {
			rec.Sheets = append(rec.Sheets, RecordSheet{Name: s})
			i = len(rec.Sheets) - 1
		}
		rs := &rec.Sheets[i]
		for _, k := range EditKeys(edits[s]) {
			e := edits[s][k]
			if e.Highlight {
				rs.Highlights = append(rs.Highlights, RefName(k.Col, k.Row))
			}
			if e.Note != "" {
				rs.Notes = append(rs.Notes, RefName(k.Col, k.Row))
			}
		}
	}
	return p.writeRecord(rec, prev != nil)
}

// writeRecord stores the record as the package's record part; had says
// that the package has one already (its relationship and content type).
func (p *Patch) writeRecord(rec FillRecord, had bool) error {
	b, err := xml.Marshal(rec)
	if err != nil {
		return err
	}
	p.set(RecordPart, append([]byte(xmlDeclaration), b...))
	if had {
		return nil
	}
	if _, err := p.addRel(wbName, relCustomXML, relTarget2(wbName, RecordPart)); err != nil {
		return err
	}
	return p.addContentType(`<Override PartName="/`+RecordPart+`" ContentType="`+ctCustomXML+`"/>`, `PartName="/`+RecordPart+`"`)
}

// PutRecord stores a record made elsewhere (a copy excelize wrote): added
// to the package's own record when it has one (a filled copy filled again).
func (p *Patch) PutRecord(rec FillRecord) error {
	prev, err := p.Record()
	if err != nil {
		return unpatchable("%v", err)
	}
	rec.Version = recordVersion
	if prev == nil {
		return p.writeRecord(rec, false)
	}
	prev.ReviewSheets = append(prev.ReviewSheets, rec.ReviewSheets...)
	prev.Styles.Derived = append(prev.Styles.Derived, rec.Styles.Derived...)
	prev.Parts = append(prev.Parts, rec.Parts...)
	prev.Defaults = append(prev.Defaults, rec.Defaults...)
	prev.Sheets = append(prev.Sheets, rec.Sheets...)
	return p.writeRecord(*prev, true)
}

// StyleCounts reads the number of cell formats, fills and fonts of a
// styles part.
func StyleCounts(styles []byte) (xfs, fills, fonts int) {
	a, _, _ := children(styles, "cellXfs", "xf")
	b, _, _ := children(styles, "fills", "fill")
	c, _, _ := children(styles, "fonts", "font")
	return len(a), len(b), len(c)
}

// readZipFileOrNil reads a part as the input package holds it (nil when absent).
func readZipFileOrNil(p *Patch, name string) ([]byte, error) {
	f := p.files[name]
	if f == nil {
		return nil, nil
	}
	return readZipFile(f, name, p.limit)
}

// Record reads the fill record of the package; nil when it has none.
func (p *Patch) Record() (*FillRecord, error) {
	b, err := p.part(RecordPart)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", RecordPart, err)
	}
	if b == nil {
		return nil, nil
	}
	var rec FillRecord
	if err := xmlUnmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("%s: %v", RecordPart, err)
	}
	if rec.Version != recordVersion {
		return nil, fmt.Errorf("%s: version %d, this vouch reads version %d", RecordPart, rec.Version, recordVersion)
	}
	return &rec, nil
}
