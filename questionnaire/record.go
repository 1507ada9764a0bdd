package questionnaire

// The fill record of a copy excelize writes (the patcher could not patch
// the input): excelize writes it to a temporary file beside the output,
// and the patcher adds to it the record of what the fill added, found by
// comparing the copy with the input, so that finalize works on it too.

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

// writeXLSXRecorded is writeXLSX with a fill record. An encrypted input
// gets none: its copy is encrypted too, and the patcher cannot open it.
func writeXLSXRecorded(ctx context.Context, in string, limit int64, f *excelize.File, out string, doc *Document, items []Item) error {
	pkg, err := xlsx.OpenPackage(in, limit)
	if !xlsx.IsZip(in) || err != nil {
		return writeXLSX(ctx, f, out, doc, items)
	}
	rec := xlsx.FillRecord{}
	if pkg.Styles != "" {
		if b, err := xlsx.ReadPart(in, pkg.Styles, limit); err == nil {
			rec.Styles.Xfs, rec.Styles.Fills, rec.Styles.Fonts = xlsx.StyleCounts(b)
		}
	}
	inNames, inCT := zipNames(in)
	if review := reviewItems(items); len(review) > 0 {
		rec.ReviewSheets = []string{reviewSheetName(func(n string) bool { idx, _ := f.GetSheetIndex(n); return idx >= 0 })}
	}
	plan := planEdits(doc, items)
	type cell struct{ sheet, ref string }
	was := map[cell]int{}
	sheets := make([]string, 0, len(plan))
	for s := range plan {
		sheets = append(sheets, s)
	}
	sort.Strings(sheets)
	for _, s := range sheets {
		rs := xlsx.RecordSheet{Name: s}
		for _, k := range xlsx.EditKeys(plan[s]) {
			e, ref := plan[s][k], xlsx.RefName(k.Col, k.Row)
			if e.Highlight {
				rs.Highlights = append(rs.Highlights, ref)
				was[cell{s, ref}], _ = f.GetCellStyle(s, ref)
			}
			if e.Note != "" {
				rs.Notes = append(rs.Notes, ref)
			}
		}
		if len(rs.Highlights)+len(rs.Notes) > 0 {
			rec.Sheets = append(rec.Sheets, rs)
		}
	}

	tmp, err := os.CreateTemp(filepath.Dir(out), ".vouch-fill-*.xlsx")
	if err != nil {
		return writeXLSX(ctx, f, out, doc, items)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := writeXLSX(ctx, f, tmp.Name(), doc, items); err != nil {
		return err
	}
	seen := map[int]bool{}
	for c, from := range was {
		if now, err := f.GetCellStyle(c.sheet, c.ref); err == nil && now != from && !seen[now] {
			seen[now] = true
			rec.Styles.Derived = append(rec.Styles.Derived, xlsx.StylePair{Added: now, From: from})
		}
	}
	sort.Slice(rec.Styles.Derived, func(i, j int) bool { return rec.Styles.Derived[i].Added < rec.Styles.Derived[j].Added })
	outNames, outCT := zipNames(tmp.Name())
	for n := range outNames {
		if !inNames[n] && !strings.HasSuffix(n, ".rels") {
			rec.Parts = append(rec.Parts, n)
		}
	}
	sort.Strings(rec.Parts)
	if !bytes.Contains(inCT, []byte(`extension="vml"`)) && bytes.Contains(outCT, []byte(`extension="vml"`)) {
		rec.Defaults = []string{"vml"}
	}
	p, err := xlsx.Open(tmp.Name(), xlsx.Options{Limit: limit, Highlight: reviewFill})
	if err == nil {
		defer p.Close()
		err = p.PutRecord(rec)
	}
	if err != nil { // the copy stands without a record: finalize will say so
		return os.Rename(tmp.Name(), out)
	}
	return AtomicWrite(out, p.Write)
}

// zipNames lists the parts of a zip package, and its content types
// (lowercase).
func zipNames(path string) (map[string]bool, []byte) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil
	}
	defer zr.Close()
	names := map[string]bool{}
	var ct []byte
	for _, f := range zr.File {
		n := strings.TrimPrefix(f.Name, "/")
		names[n] = true
		if n == "[Content_Types].xml" {
			if rc, err := f.Open(); err == nil {
				var buf bytes.Buffer
				_, _ = buf.ReadFrom(rc)
				rc.Close()
				ct = bytes.ToLower(buf.Bytes())
			}
		}
	}
	return names, ct
}
