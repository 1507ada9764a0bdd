package attack

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16le(s string, bom bool) []byte {
	var b bytes.Buffer
	if bom {
		b.Write([]byte{0xFF, 0xFE})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		binary.Write(&b, binary.LittleEndian, u)
	}
	return b.Bytes()
}

func utf16be(s string) []byte {
	b := bytes.NewBuffer([]byte{0xFE, 0xFF})
	for _, u := range utf16.Encode([]rune(s)) {
		binary.Write(b, binary.BigEndian, u)
	}
	return b.Bytes()
}

// csvQuestions is a small CSV questionnaire with the line ending eol.
func csvQuestions(eol string) string {
	rows := questions(4, "C")
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + eol)
	}
	return b.String()
}

func TestCSV(t *testing.T) {
	csvCase := func(b []byte, more ...string) func(t *testing.T, dir string) ([]string, []string, string) {
		return func(t *testing.T, dir string) ([]string, []string, string) {
			write(t, filepath.Join(dir, "in.csv"), b)
			return fill("in.csv", "out.csv", append([]string{"--report", "r.json"}, more...)...), []string{"in.csv"}, "out.csv"
		}
	}
	out := func(t *testing.T, dir string) []byte { return read(t, filepath.Join(dir, "out.csv")) }
	answered := func(t *testing.T, dir string, n int) {
		rep := readReport(t, filepath.Join(dir, "r.json"))
		if rep.Summary.Questions != n {
			t.Errorf("%d questions read, want %d", rep.Summary.Questions, n)
		}
	}
	// Windows-1252: “quotes” – dash € euro, and an undefined byte 0x81.
	cp1252 := []byte("ID,Question,Answer,Comment\r\nC-01,\x93Do you encrypt customer data at rest?\x94 \x96 \x80,,\r\nC-02,Is multi-factor authentication required for administrative access? \x81,,\r\n")
	runCases(t, []hostile{
		{name: "Windows-1252 CSV is written back in Windows-1252 with CRLF (#6)", code: 0, setup: csvCase(cp1252), check: func(t *testing.T, dir string, r result) {
			b := out(t, dir)
			if !bytes.Contains(b, []byte("\x93Do you encrypt customer data at rest?\x94 \x96 \x80")) || !bytes.Contains(b, []byte("\x81")) {
				t.Errorf("the Windows-1252 text did not survive: %q", b)
			}
			if bytes.Count(b, []byte("\r\n")) != bytes.Count(b, []byte("\n")) || !bytes.HasSuffix(b, []byte("\r\n")) {
				t.Errorf("CRLF line endings lost: %q", b)
			}
			if bytes.Contains(b, []byte{0xC2}) {
				t.Errorf("the copy holds UTF-8: %q", b)
			}
		}},
		{name: "UTF-16LE CSV with BOM is read and written back so (#6, #19)", code: 0, setup: csvCase(utf16le(csvQuestions("\r\n"), true)), check: func(t *testing.T, dir string, r result) {
			b := out(t, dir)
			if !bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || !bytes.Contains(b, utf16le("Do you encrypt customer data at rest?", false)) || !bytes.Contains(b, utf16le("\r\n", false)) {
				t.Errorf("not UTF-16LE with a BOM and CRLF: % x", b[:min(len(b), 64)])
			}
			answered(t, dir, 4)
		}},
		{name: "UTF-16BE CSV with BOM (#6)", code: 0, setup: csvCase(utf16be(csvQuestions("\n"))), check: func(t *testing.T, dir string, r result) {
			if b := out(t, dir); !bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
				t.Errorf("not UTF-16BE with a BOM: % x", b[:min(len(b), 16)])
			}
			answered(t, dir, 4)
		}},
		{name: "UTF-16LE CSV without BOM says so (#19)", code: 1, msg: "byte-order mark", setup: csvCase(utf16le(csvQuestions("\n"), false))},
		{name: "UTF-16 CSV with an odd byte count", code: 1, msg: "UTF-16", setup: csvCase(append(utf16le(csvQuestions("\n"), true), 'x'))},
		{name: "CR-only CSV reads and keeps CR (#7)", code: 0, setup: csvCase([]byte(csvQuestions("\r"))), check: func(t *testing.T, dir string, r result) {
			b := out(t, dir)
			if bytes.Contains(b, []byte("\n")) || bytes.Count(b, []byte("\r")) < 5 {
				t.Errorf("CR-only line endings lost: %q", b)
			}
			answered(t, dir, 4)
		}},
		{name: "a lone CR among LFs is a line break (#7)", code: 0, setup: csvCase([]byte("ID,Question,Answer,Comment\nC-01,Do you encrypt customer data at rest?,,\rC-02,Do you have a documented incident response plan?,,\n")), check: func(t *testing.T, dir string, r result) {
			answered(t, dir, 2)
		}},
		{name: "UTF-8 BOM and CRLF kept", code: 0, setup: csvCase([]byte("\xEF\xBB\xBF" + csvQuestions("\r\n"))), check: func(t *testing.T, dir string, r result) {
			b := out(t, dir)
			if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) || bytes.Count(b, []byte("\r\n")) != bytes.Count(b, []byte("\n")) {
				t.Errorf("BOM or CRLF lost: %q", b)
			}
		}},
		// issue 17 #5 in CSV.
		{name: "filled comment cell is kept in CSV (#5)", code: 0, setup: csvCase([]byte("ID,Question,Answer,Comment\nC-01,Do you encrypt customer data at rest?,,Our own narrative\n")), check: func(t *testing.T, dir string, r result) {
			if !bytes.Contains(out(t, dir), []byte("Our own narrative")) {
				t.Error("the filled comment was written over")
			}
			if rep := readReport(t, filepath.Join(dir, "r.json")); rep.Items[0].Status != "skipped" {
				t.Errorf("status %q, want skipped", rep.Items[0].Status)
			}
		}},
		{name: "filled comment cell replaced with --overwrite (#5)", code: 0, setup: csvCase([]byte("ID,Question,Answer,Comment\nC-01,Do you encrypt customer data at rest?,,Our own narrative\n"), "--overwrite"), check: func(t *testing.T, dir string, r result) {
			if rep := readReport(t, filepath.Join(dir, "r.json")); rep.Items[0].Status == "skipped" {
				t.Error("--overwrite skipped the row")
			}
		}},
		{name: "binary garbage named .csv", code: 1, setup: csvCase([]byte("\x00\x01\x02\x03garbage\x00"))},
		{name: "CSV larger than the bound", code: 1, msg: "MiB", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			line := []byte("C-01,Do you encrypt customer data at rest?,,\n")
			write(t, filepath.Join(dir, "in.csv"), append([]byte("ID,Question,Answer,Comment\n"), bytes.Repeat(line, (65<<20)/len(line))...))
			return fill("in.csv", "out.csv"), []string{"in.csv"}, "out.csv"
		}},
		{name: "CSV with a header only", code: 1, msg: "no question rows", setup: csvCase([]byte("ID,Question,Answer,Comment\n"))},
		{name: "CSV with an unbalanced quote", code: 0, setup: csvCase([]byte("ID,Question,Answer,Comment\nC-01,\"Do you encrypt customer data at rest?,,\nC-02,Do you have a documented incident response plan?,,\n"))},
		{name: "CSV formula injection in the question", code: 0, setup: csvCase([]byte("ID,Question,Answer,Comment\nC-01,=cmd|' /C calc'!A0 Do you encrypt customer data at rest?,,\n")), check: func(t *testing.T, dir string, r result) {
			for _, line := range strings.Split(string(out(t, dir)), "\n")[1:] {
				fs := strings.Split(line, ",")
				if len(fs) < 3 {
					continue
				}
				for _, f := range fs[2:] {
					if strings.HasPrefix(f, "=") {
						t.Errorf("a written cell starts with '=': %q", line)
					}
				}
			}
		}},
	})
}

func TestOutputs(t *testing.T) {
	in := func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "in.csv"), []byte(csvQuestions("\n")))
	}
	runCases(t, []hostile{
		{name: "--out is the input", code: 1, msg: "input", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			return fill("in.csv", "in.csv", "--force"), []string{"in.csv"}, ""
		}},
		{name: "--out links to the input", code: 1, msg: "input", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			os.Symlink("in.csv", filepath.Join(dir, "link.csv"))
			return fill("in.csv", "link.csv", "--force"), []string{"in.csv"}, ""
		}},
		{name: "--out spelt another way (./sub/../in.csv)", code: 1, msg: "input", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			os.Mkdir(filepath.Join(dir, "sub"), 0o755)
			return fill("in.csv", "./sub/../in.csv", "--force"), []string{"in.csv"}, ""
		}},
		{name: "--report is --out (#2)", code: 2, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			return fill("in.csv", "out.csv", "--report", "./out.csv"), []string{"in.csv"}, "out.csv"
		}},
		{name: "--out exists without --force", code: 1, msg: "--force", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			write(t, filepath.Join(dir, "out.csv"), []byte("keep me"))
			return fill("in.csv", "out.csv"), []string{"in.csv", "out.csv"}, ""
		}},
		{name: "--out in a missing folder", code: 1, msg: "nodir", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			return fill("in.csv", "nodir/out.csv"), []string{"in.csv"}, "nodir/out.csv"
		}},
		{name: "--out with another format's extension", code: 1, msg: ".csv", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			return fill("in.csv", "out.xlsx"), []string{"in.csv"}, "out.xlsx"
		}},
		{name: "--min-confidence NaN (#1)", code: 2, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			return fill("in.csv", "out.csv", "--min-confidence", "NaN"), []string{"in.csv"}, "out.csv"
		}},
		{name: "--min-confidence 2", code: 2, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			return fill("in.csv", "out.csv", "--min-confidence", "2"), []string{"in.csv"}, "out.csv"
		}},
		{name: "--min-confidence -Inf", code: 2, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			return fill("in.csv", "out.csv", "--min-confidence", "-Inf"), []string{"in.csv"}, "out.csv"
		}},
		{name: "vouch.yaml with a typo (#4)", code: 1, msg: "catlog", setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			write(t, filepath.Join(dir, "vouch.yaml"), []byte("catlog: ./acme\n"))
			return fill("in.csv", "out.csv"), []string{"in.csv", "vouch.yaml"}, "out.csv"
		}},
		{name: "vouch.yaml is a folder (#18)", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			in(t, dir)
			os.Mkdir(filepath.Join(dir, "vouch.yaml"), 0o755)
			return fill("in.csv", "out.csv"), []string{"in.csv"}, "out.csv"
		}},
		{name: "completion tcsh (#18)", code: 2, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			return []string{"completion", "tcsh"}, nil, ""
		}},
		{name: "gaps --as-of 0001-01-01 (#18)", code: 2, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			return []string{"gaps", "--as-of", "0001-01-01"}, nil, ""
		}},
	})
}
