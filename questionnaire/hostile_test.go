package questionnaire

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteKeepsSharedFormulas: writing over the first cell of a shared
// formula (--overwrite) must leave the cells that share it formulas, not
// their cached values (issue 17 #10).
func TestWriteKeepsSharedFormulas(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.xlsx")
	f := excelize.NewFile()
	shared, ref := excelize.STCellFormulaTypeShared, "D2:D4"
	if err := f.SetCellFormula("Sheet1", "D2", "ROW()", excelize.FormulaOpts{Type: &shared, Ref: &ref}); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	xf, err := excelize.OpenFile(in)
	if err != nil {
		t.Fatal(err)
	}
	defer xf.Close()
	if fo, _ := xf.GetCellFormula("Sheet1", "D3"); fo != "ROW()" {
		t.Fatalf("fixture: D3 formula %q", fo)
	}
	doc := &Document{Layouts: []Layout{{Sheet: "Sheet1", QuestionCol: "B"}},
		Questions: []Question{{Sheet: "Sheet1", Row: 2, AnswerCell: "C2", CommentCell: "D2"}, {Sheet: "Sheet1", Row: 3, AnswerCell: "C3", CommentCell: "D3"}}}
	items := []Item{{Sheet: "Sheet1", Row: 2, Status: StatusAnswered, Answer: "Yes", Comment: "written"}, {Sheet: "Sheet1", Row: 3, Status: StatusReview, Reasons: []string{"low"}}}
	out := filepath.Join(dir, "out.xlsx")
	if err := writeXLSX(context.Background(), xf, out, doc, items); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if v, _ := g.GetCellValue("Sheet1", "D2"); v != "written" {
		t.Errorf("D2 = %q, want the comment written", v)
	}
	for _, c := range []string{"D3", "D4"} {
		if fo, _ := g.GetCellFormula("Sheet1", c); fo != "ROW()" {
			t.Errorf("%s: formula %q after writing over D2, want ROW()", c, fo)
		}
	}
}

// TestWriteCSVStopsOnCancel: a cancelled context stops the CSV write and
// leaves no output (issue 17 #14).
func TestWriteCSVStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	var b strings.Builder
	b.WriteString("ID,Question,Answer,Comment\n")
	for i := 0; i < 50; i++ {
		b.WriteString("Q" + itoa(i) + ",Do you encrypt data at rest?,,\n")
	}
	os.WriteFile(in, []byte(b.String()), 0o644)
	doc, err := Read(context.Background(), in, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(dir, "out.csv")
	if err := writeCSV(ctx, out, doc, nil); err == nil {
		t.Fatal("a cancelled write succeeded")
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a cancelled write left its output")
	}
}

// TestCSVRoundTripsEncodings: each encoding and line ending is read and
// written back as it was (issue 17 #6, #7).
func TestCSVRoundTripsEncodings(t *testing.T) {
	for name, b := range map[string][]byte{
		"cp1252 crlf": []byte("ID,Question\r\nQ1,\x93Quoted\x94 \x96 \x80 \x81\r\n"),
		"utf16le bom": {0xFF, 0xFE, 'I', 0, 'D', 0, ',', 0, 'Q', 0, '\r', 0, '\n', 0, 'Q', 0, '1', 0, ',', 0, 0xAC, 0x20, '\r', 0, '\n', 0},
		"utf16be bom": {0xFE, 0xFF, 0, 'I', 0, 'D', 0, ',', 0, 'Q', 0, '\n', 0, 'Q', 0, '1', 0, ',', 0x20, 0xAC, 0, '\n'},
		"cr only":     []byte("ID,Question\rQ1,Text\rQ2,More\r"),
		"utf8 bom lf": []byte("\xEF\xBB\xBFID,Question\nQ1,Caf\xC3\xA9\n"),
	} {
		d, err := parseCSV(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(d.records) < 2 {
			t.Fatalf("%s: %d records", name, len(d.records))
		}
		var w bytes.Buffer
		if err := d.encode(context.Background(), &w, d.records); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w.Bytes(), b) {
			t.Errorf("%s: written back as % x, want % x", name, w.Bytes(), b)
		}
	}
}

// unzipped is what a zip package unzips to, by its headers.
func unzipped(t *testing.T, path string) int64 {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var n int64
	for _, f := range zr.File {
		n += int64(f.UncompressedSize64)
	}
	return n
}

// TestFilledCopyReadsBack: vouch reads back the copy it writes, though the
// copy unzips to more than the bound its input met (issue 17 #20: a 1M-row
// fill wrote a workbook that vouch's own zip-bomb bound refused). The bound
// is scaled down here: 8 MiB instead of 256.
func TestFilledCopyReadsBack(t *testing.T) {
	dir := t.TempDir()
	in := bigBook(t, dir, 20000)
	const limit = 8 << 20
	out := filepath.Join(dir, "out.xlsx")
	if _, err := Fill(context.Background(), in, &quickAnswerer{}, FillOptions{Out: out, ReadOptions: ReadOptions{MaxUnzipBytes: limit}}); err != nil {
		t.Fatal(err)
	}
	inSize, outSize := unzipped(t, in), unzipped(t, out)
	t.Logf("input unzips to %d bytes, the copy to %d (bound %d)", inSize, outSize, limit)
	if inSize > limit || outSize <= limit {
		t.Fatalf("fixture: the input (%d) must be within the bound and the copy (%d) beyond it", inSize, outSize)
	}
	doc, err := Read(context.Background(), out, ReadOptions{MaxUnzipBytes: limit})
	if err != nil {
		t.Fatalf("vouch refuses its own copy: %v", err)
	}
	if len(doc.Questions) != 20000 {
		t.Errorf("%d questions read back", len(doc.Questions))
	}
}
