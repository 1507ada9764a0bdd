package attack

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// zipPart reads one part of a written workbook.
func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	return ""
}

// report reads a fill's JSON report.
type fillReport struct {
	Summary struct{ Questions, Answered, Review, Skipped int }
	Items   []struct {
		Sheet, Status, Answer, Comment string
		Row                            int
		Reasons                        []string
	}
}

func readReport(t *testing.T, path string) fillReport {
	t.Helper()
	var r fillReport
	if err := json.Unmarshal(read(t, path), &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

func TestWorkbooks(t *testing.T) {
	book := func(sheets []sheetSpec) func(t *testing.T, dir string) ([]string, []string, string) {
		return func(t *testing.T, dir string) ([]string, []string, string) {
			writeBook(t, filepath.Join(dir, "in.xlsx"), sheets)
			return fill("in.xlsx", "out.xlsx"), []string{"in.xlsx"}, "out.xlsx"
		}
	}
	zipped := func(parts func() []part, name string, more ...string) func(t *testing.T, dir string) ([]string, []string, string) {
		return func(t *testing.T, dir string) ([]string, []string, string) {
			writeZip(t, filepath.Join(dir, name), parts())
			out := "out" + filepath.Ext(name)
			return fill(name, out, more...), []string{name}, out
		}
	}
	raw := func(name string, b []byte) func(t *testing.T, dir string) ([]string, []string, string) {
		return func(t *testing.T, dir string) ([]string, []string, string) {
			write(t, filepath.Join(dir, name), b)
			return fill(name, "out"+filepath.Ext(name)), []string{name}, "out" + filepath.Ext(name)
		}
	}
	good := []sheetSpec{{name: "Security", rows: questions(6, "SEC")}}
	runCases(t, []hostile{
		{name: "plain workbook fills", setup: book(good), code: 0, check: func(t *testing.T, dir string, r result) {
			if zipPart(t, filepath.Join(dir, "out.xlsx"), "xl/worksheets/sheet1.xml") == "" {
				t.Error("no sheet in the copy")
			}
		}},
		// issue 17 #3: the reader used the last copy, the patcher the first.
		{name: "duplicate zip entry (#3)", code: 1, msg: "two entries named", setup: zipped(func() []part {
			ps := bookParts([]sheetSpec{{name: "Security", rows: questions(3, "SEC")}, {name: "Other", rows: questions(3, "OTH")}}, false)
			return append(ps, part{name: "xl/worksheets/sheet2.xml", data: []byte(sheetXML(questions(5, "HID")))})
		}, "in.xlsx")},
		{name: "duplicate zip entry differing in case (#3)", code: 1, msg: "two entries named", setup: zipped(func() []part {
			ps := bookParts(good, false)
			return append(ps, part{name: "XL/Worksheets/Sheet1.xml", data: []byte(sheetXML(questions(5, "HID")))})
		}, "in.xlsx")},
		// issue 17 #11/#19: a header that claims 1 TiB, a part that claims 250 MiB.
		{name: "central directory claims 1 TiB", code: 1, msg: "zip bomb", setup: zipped(func() []part {
			ps := bookParts(good, false)
			ps[len(ps)-1].size = 1 << 40
			return ps
		}, "in.xlsx")},
		{name: "part claims 300 MiB", code: 1, msg: "MiB", setup: zipped(func() []part {
			ps := bookParts(good, false)
			ps[len(ps)-1].size = 300 << 20
			return ps
		}, "in.xlsx")},
		{name: "deflate bomb sheet", code: 1, msg: "MiB", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			writeBomb(t, filepath.Join(dir, "in.xlsx"), 300<<20)
			return fill("in.xlsx", "out.xlsx"), []string{"in.xlsx"}, "out.xlsx"
		}},
		{name: "not a zip named .xlsx", code: 1, msg: "not a valid .xlsx", setup: raw("in.xlsx", []byte("ID,Question\nQ1,Do you encrypt data?\n"))},
		{name: "truncated zip", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			p := filepath.Join(dir, "in.xlsx")
			writeBook(t, p, good)
			b := read(t, p)
			write(t, p, b[:len(b)/2])
			return fill("in.xlsx", "out.xlsx"), []string{"in.xlsx"}, "out.xlsx"
		}},
		{name: "OLE compound file (.xls)", code: 1, msg: ".xls", setup: raw("in.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...))},
		{name: "encrypted workbook without password", code: 1, msg: "encrypted", setup: raw("in.xlsx", append(append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")...))},
		{name: "workbook.xml not XML", code: 1, setup: zipped(func() []part {
			ps := bookParts(good, false)
			ps[2].data = []byte("<workbook><sheets><sheet name=")
			return ps
		}, "in.xlsx")},
		{name: "empty file", code: 1, msg: "empty", setup: raw("in.xlsx", nil)},
		{name: "hidden sheet only", code: 1, setup: book([]sheetSpec{{name: "Hidden", hidden: true, rows: questions(3, "H")}})},
		// issue 17 #21: a macro workbook keeps its macros under an .xlsm name only.
		{name: "xlsm filled to .xlsx is refused (#21)", code: 1, msg: ".xlsm name", setup: zipped(func() []part { return bookParts(good, true) }, "in.xlsm", "--out", "out.xlsx")},
		{name: "xlsm filled to .xlsm keeps its macros (#21)", code: 0, setup: zipped(func() []part { return bookParts(good, true) }, "in.xlsm"), check: func(t *testing.T, dir string, r result) {
			out := filepath.Join(dir, "out.xlsm")
			if !strings.Contains(zipPart(t, out, "[Content_Types].xml"), "macroEnabled.main+xml") || zipPart(t, out, "xl/vbaProject.bin") == "" {
				t.Error("the .xlsm copy lost its macro content type or its VBA part")
			}
		}},
		{name: "xlsx filled to .xlsm is refused (#21)", code: 1, msg: ".xlsx name", setup: zipped(func() []part { return bookParts(good, false) }, "in.xlsx", "--out", "out.xlsm")},
		// issue 17 #5: a comment already given is the vendor's answer.
		{name: "filled comment cell is kept (#5)", code: 0, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			rows := questions(3, "SEC")
			rows[1][3] = "Our own narrative, keep it"
			writeBook(t, filepath.Join(dir, "in.xlsx"), []sheetSpec{{name: "Security", rows: rows}})
			return fill("in.xlsx", "out.xlsx", "--report", "r.json"), []string{"in.xlsx"}, "out.xlsx"
		}, check: func(t *testing.T, dir string, r result) {
			if s := zipPart(t, filepath.Join(dir, "out.xlsx"), "xl/worksheets/sheet1.xml"); !strings.Contains(s, "Our own narrative, keep it") {
				t.Error("the filled comment was written over")
			}
			rep := readReport(t, filepath.Join(dir, "r.json"))
			if rep.Items[0].Status != "skipped" {
				t.Errorf("row with a comment: status %q, want skipped", rep.Items[0].Status)
			}
		}},
		// issue 17 #13: many sheets, kept small enough to run fast.
		{name: "600 sheets fill", code: 0, limit: 60 * time.Second, setup: book(manySheets(600, 2)), check: func(t *testing.T, dir string, r result) {
			if r.took > 40*time.Second {
				t.Errorf("600 sheets took %s", r.took)
			}
		}},
		{name: "formula in the answer cells", code: 0, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			rows := questions(4, "F")
			rows[2][2] = "=ROW()"
			writeBook(t, filepath.Join(dir, "in.xlsx"), []sheetSpec{{name: "Security", rows: rows}})
			return fill("in.xlsx", "out.xlsx"), []string{"in.xlsx"}, "out.xlsx"
		}, check: func(t *testing.T, dir string, r result) {
			if s := zipPart(t, filepath.Join(dir, "out.xlsx"), "xl/worksheets/sheet1.xml"); strings.Count(s, "<f>ROW()</f>") != 1 {
				t.Error("a formula answer cell was written over without --overwrite")
			}
		}},
		{name: "formula injection in a question", code: 0, setup: book([]sheetSpec{{name: "S", rows: [][]string{{"ID", "Question", "Answer", "Comment"}, {"Q1", `=HYPERLINK("http://evil","Do you encrypt data at rest?")`, "", ""}, {"Q2", "Do you encrypt data at rest?", "", ""}}}})},
		{name: "sheet XML with a 1M-deep element nest", code: 1, setup: book([]sheetSpec{{name: "S", raw: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + strings.Repeat("<row>", 1<<20)}})},
		{name: "cell reference past the last column", code: 1, setup: book([]sheetSpec{{name: "S", raw: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="ZZZZ1" t="inlineStr"><is><t>Question</t></is></c></row></sheetData></worksheet>`}})},
		{name: "style index out of range (#19)", code: 1, msg: "where an index belongs", setup: book([]sheetSpec{{name: "S", raw: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" s="99999999999999999999" t="inlineStr"><is><t>Question</t></is></c></row></sheetData></worksheet>`}})},
		{name: "input is a FIFO (#19)", code: 1, msg: "named pipe", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "in.xlsx"), 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			return fill("in.xlsx", "out.xlsx"), []string{"in.xlsx"}, "out.xlsx"
		}},
		{name: "input links to /dev/zero", code: 1, msg: "device", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			os.Symlink("/dev/zero", filepath.Join(dir, "in.csv"))
			return fill("in.csv", "out.csv"), []string{"in.csv"}, "out.csv"
		}},
		{name: "input is a folder", code: 1, msg: "directory", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			os.Mkdir(filepath.Join(dir, "in.xlsx"), 0o755)
			return fill("in.xlsx", "out.xlsx"), nil, "out.xlsx"
		}},
		{name: "missing input", code: 1, msg: "no such file", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			return fill("in.xlsx", "out.xlsx"), nil, "out.xlsx"
		}},
	})
}

// writeBomb writes a workbook whose one sheet deflates n bytes of spaces
// into a few hundred kilobytes, with honest headers.
func writeBomb(t *testing.T, path string, n int) {
	t.Helper()
	ps := bookParts([]sheetSpec{{name: "S", rows: questions(1, "B")}}, false)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, p := range ps {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if p.name == "xl/worksheets/sheet1.xml" {
			x := string(p.data)
			i := strings.Index(x, "<sheetData>")
			io.WriteString(w, x[:i])
			pad := bytes.Repeat([]byte(" "), 1<<20)
			for k := 0; k < n>>20; k++ {
				w.Write(pad)
			}
			io.WriteString(w, x[i:])
			continue
		}
		w.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}
