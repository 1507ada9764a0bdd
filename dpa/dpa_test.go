package dpa

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/testutil"
	"github.com/vouchcli/vouch/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var testDate = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

const testCustomer = "Société Générale Müller GmbH"

func kora(t testing.TB) *controls.Catalog {
	t.Helper()
	cat, err := controls.Load(context.Background(), templates.DefaultCatalog(), "embedded default")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// lumen is a small test catalog (testdata/catalog) that states what Kora
// leaves open: address, governing law, breach window, named subprocessors.
func lumen(t testing.TB) *controls.Catalog {
	t.Helper()
	cat, err := controls.Load(context.Background(), os.DirFS(filepath.Join("testdata", "catalog")), "testdata/catalog")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func testOptions() Options {
	return Options{
		Customer: Party{Name: testCustomer, Address: "29 bd Haussmann, 75009 Paris, Łódź branch", Signatory: "Jürgen Müller, Geschäftsführer"},
		Date:     testDate,
		Law:      "the laws of France",
	}
}

func TestSlug(t *testing.T) {
	long := strings.Repeat("Société Générale ", 20) // 340 characters
	tests := []struct{ in, want string }{
		{"Société Générale Müller GmbH", "societe-generale-muller-gmbh"},
		{"Acme Inc.", "acme-inc"},
		{"Łódź Straße Ærø", "lodz-strasse-aero"},
		{"../../etc/passwd", "etc-passwd"},
		{"..", "customer-"},
		{".", "customer-"},
		{"a/b\\c", "a-b-c"},
		{`O'Brien "Quotes" & Co`, "obrien-quotes-and-co"},
		{"🚀 Rocket 🚀", "rocket"},
		{"🚀", "customer-"},
		{"CON", "customer-con"},
		{"lpt1", "customer-lpt1"},
		{"Con Edison", "con-edison"},
		{"東京", "customer-"},
		{long, "societe-generale-societe-generale-societe-generale-"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Slug(tt.in)
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("Slug(%q) = %q, want prefix %q", tt.in, got, tt.want)
			}
			if len(got) > slugMax || got == "" || got == "." || got == ".." || !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(got) {
				t.Errorf("Slug(%q) = %q is not a safe slug", tt.in, got)
			}
		})
	}
	if Slug(long) == Slug(long+"x") {
		t.Errorf("two long names share the slug %q", Slug(long))
	}
}

func TestBuildDPAContent(t *testing.T) {
	cat := kora(t)
	opts := testOptions()
	opts.Law = ""
	doc, err := Build(cat, KindDPA, opts)
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Text()
	for _, want := range []string{
		testCustomer, "of 29 bd Haussmann, 75009 Paris, Łódź branch", "Jürgen Müller, Geschäftsführer",
		"without undue delay after becoming aware of a Personal Data Breach",
		"governed by the law governing the Agreement",
		"Annex I — Details of processing", "Annex II — Technical and organisational measures", "Annex III — Subprocessors",
		"Not named publicly (hosting)", "available on request",
		"Kora Studio, at the address stated in the Agreement",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("DPA lacks %q", want)
		}
	}
	annex2 := text[strings.Index(text, "Annex II —"):strings.Index(text, "Annex III —")]
	for _, c := range cat.Controls {
		in := strings.Contains(annex2, c.ID+" | ")
		_, measure := measureGroup(c)
		switch {
		case measure:
			if !in {
				t.Errorf("Annex II lacks %s (%s)", c.ID, c.Status)
			}
			if c.Status == controls.Partial && !strings.Contains(annex2, "Partially implemented: "+strings.Join(strings.Fields(c.Caveat), " ")) {
				t.Errorf("Annex II lacks the caveat of partial %s", c.ID)
			}
		case in:
			t.Errorf("Annex II lists %s (%s, %q), which is not a measure in place", c.ID, c.Status, c.Title)
		}
	}
	// A blank never prints: every table cell has text.
	for _, b := range doc.Blocks {
		for _, row := range b.Rows {
			for _, c := range row {
				if strings.TrimSpace(runsText(c)) == "" {
					t.Errorf("empty cell in table %q", b.Caption)
				}
			}
		}
	}
}

func TestBuildCatalogFacts(t *testing.T) {
	cat := kora(t)
	// A planned control never appears as a measure.
	cat.Controls = append(cat.Controls, controls.Control{ID: "ZZZ-01", Title: "Quantum-safe widgets", Domain: "encryption", Status: controls.Planned, Statement: "Planned."})
	cat.Company.GoverningLaw = "the laws of Ireland"
	cat.Company.BreachNotice = "72 hours"
	cat.Company.Address = "1 Main Street, Dublin"
	opts := testOptions()
	opts.Law = ""
	doc, err := Build(cat, KindDPA, opts)
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Text()
	for _, want := range []string{"within 72 hours, after becoming aware", "governed by the laws of Ireland", "Kora Studio, of 1 Main Street, Dublin"} {
		if !strings.Contains(text, want) {
			t.Errorf("DPA lacks %q", want)
		}
	}
	if strings.Contains(text, "Quantum-safe") {
		t.Error("a planned control appears in the DPA")
	}
	ov, err := Build(cat, KindOverview, opts)
	if err != nil {
		t.Fatal(err)
	}
	if ot := ov.Text(); !strings.Contains(ot, "Quantum-safe widgets | Planned (not in place)") || !strings.Contains(ot, "SOC 2 — not held; discuss scope with us") {
		t.Errorf("overview:\n%s", ot)
	}
	// --law overrides the catalog.
	opts.Law = "the laws of England and Wales"
	nda, err := Build(cat, KindNDA, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(nda.Text(), "governed by the laws of England and Wales") || nda.Title != "Mutual Non-Disclosure Agreement" {
		t.Errorf("NDA %q:\n%s", nda.Title, nda.Text())
	}
	opts.OneWay = true
	nda, _ = Build(cat, KindNDA, opts)
	if nda.Title != "Non-Disclosure Agreement (One-Way)" || !strings.Contains(nda.Text(), "only information disclosed by Kora Studio") {
		t.Errorf("one-way NDA %q", nda.Title)
	}
}

func TestBuildErrors(t *testing.T) {
	cat := kora(t)
	opts := testOptions()
	opts.Law = ""
	if _, err := Build(cat, KindNDA, opts); !errors.Is(err, ErrNoLaw) {
		t.Errorf("NDA without a law: %v", err)
	}
	tests := []struct {
		name, tmpl string
		want       []string
	}{
		{"missing field", "# T\n\nline two\n{{.Customer.Nope}}\n", []string{"testcat/templates/dpa.md:4", "Nope"}},
		{"parse error", "# T\n\n{{if .OneWay}}\nno end\n", []string{"testcat/templates/dpa.md:", "unexpected EOF"}},
		{"required empty", "# T\n\n{{required \"governing law\" \"\"}}\n", []string{"testcat/templates/dpa.md:3", "governing law is empty"}},
		{"no title", "just text\n", []string{"testcat/templates/dpa.md", "no title"}},
		{"empty cell", "# T\n\n| a | b |\n|---|---|\n| x |   |\n", []string{"testcat/templates/dpa.md", "cell is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := *cat
			c.Source = "testcat"
			c.Templates = fstest.MapFS{"dpa.md": {Data: []byte(tt.tmpl)}}
			_, err := Build(&c, KindDPA, opts)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	// An override of one template leaves the others embedded.
	c := *cat
	c.Templates = fstest.MapFS{"dpa.md": {Data: []byte("# Custom DPA for {{.Customer.Name}}\n")}}
	d, err := Build(&c, KindDPA, opts)
	if err != nil || d.Title != "Custom DPA for "+testCustomer {
		t.Errorf("override: %v %v", d, err)
	}
	if d, err := Build(&c, KindSubprocessors, opts); err != nil || d.Title != "Subprocessor List" {
		t.Errorf("embedded next to an override: %v", err)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	cat := kora(t)
	opts := testOptions()
	for _, name := range []string{`*Acme* | [Ltd] <b> & _co_ #1`, `1. Numbered`, `- Dash "quoted" 'single' \ back`, `=SUM(A1)`} {
		opts.Customer.Name = name
		d, err := Build(cat, KindSubprocessors, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d.Text(), "prepared for "+name+".\n") {
			t.Errorf("name %q does not print as given:\n%s", name, d.Text()[:300])
		}
	}
}

func pdftotext(t *testing.T, data []byte, args ...string) string {
	t.Helper()
	bin := testutil.RequireTool(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(append([]string{"-enc", "UTF-8"}, args...), f, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

func pageCount(t *testing.T, data []byte) int {
	t.Helper()
	bin := testutil.RequireTool(t, "qpdf")
	f := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(f, data, 0o644)
	out, err := exec.Command(bin, "--show-npages", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

func qpdfCheck(t *testing.T, data []byte, args ...string) (string, error) {
	t.Helper()
	bin := testutil.RequireTool(t, "qpdf")
	f := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(f, data, 0o644)
	out, err := exec.Command(bin, append(args, "--check", f)...).CombinedOutput()
	return string(out), err
}

func renderPDF(t testing.TB, cat *controls.Catalog, k Kind, opts Options) []byte {
	t.Helper()
	data, _, err := Render(context.Background(), cat, k, PDF, opts, "")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestPDFGolden compares each document's extracted text and page count
// with testdata/golden/<kind>.txt (-update rewrites them). It uses the test
// catalog, so that edits of the default catalog do not move the goldens.
func TestPDFGolden(t *testing.T) {
	cat := lumen(t)
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			data := renderPDF(t, cat, k, testOptions())
			got := "pages: " + strconv.Itoa(pageCount(t, data)) + "\n" + pdftotext(t, data)
			golden := filepath.Join("testdata", "golden", string(k)+".txt")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("golden file missing (run go test ./dpa -run TestPDFGolden -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s (run with -update after checking the change)\n--- got (first 800 bytes)\n%.800s", k, golden, got)
			}
		})
	}
}

func TestPDFReadsBack(t *testing.T) {
	cat := kora(t)
	opts := testOptions()
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			data := renderPDF(t, cat, k, opts)
			text := pdftotext(t, data)
			if !strings.Contains(text, testCustomer) {
				t.Errorf("%s: customer name %q does not read back", k, testCustomer)
			}
			if out, err := qpdfCheck(t, data); err != nil || !strings.Contains(out, "No syntax or stream encoding errors") {
				t.Errorf("qpdf --check: %v\n%s", err, out)
			}
			again := renderPDF(t, cat, k, opts)
			if sha256.Sum256(data) != sha256.Sum256(again) {
				t.Errorf("%s: two renders with the same date differ", k)
			}
			if k != KindDPA && k != KindSubprocessors {
				return
			}
			raw := normalize(pdftotext(t, data, "-raw"))
			if k == KindDPA {
				for _, c := range cat.Controls {
					if _, measure := measureGroup(c); measure && !strings.Contains(raw, normalize(c.Title)) {
						t.Errorf("Annex II lacks the measure %s %q", c.ID, c.Title)
					}
				}
			}
			for _, s := range cat.Subprocessors.Entries {
				if !strings.Contains(raw, normalize(s.DisplayName())) {
					t.Errorf("%s lacks subprocessor %q", k, s.DisplayName())
				}
			}
		})
	}
	// Metadata, as pdfinfo reads it.
	bin := testutil.RequireTool(t, "pdfinfo")
	f := filepath.Join(t.TempDir(), "dpa.pdf")
	os.WriteFile(f, renderPDF(t, cat, KindDPA, opts), 0o644)
	out, err := exec.Command(bin, f).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, re := range []string{`(?m)^Title:\s+Data Processing Addendum$`, `(?m)^Author:\s+Kora Studio$`, `(?m)^Creator:\s+vouch$`,
		`(?m)^Subject:\s+Data Processing Addendum between Kora Studio and ` + testCustomer + `$`, `(?m)^CreationDate:.*2026`} {
		if !regexp.MustCompile(re).Match(out) {
			t.Errorf("pdfinfo lacks %s:\n%s", re, out)
		}
	}
}

func TestPDFWatermarkAndEncryption(t *testing.T) {
	cat := kora(t)
	opts := testOptions()
	opts.Watermark = "Confidential — prepared for " + testCustomer
	data, _, err := Render(context.Background(), cat, KindNDA, PDF, opts, "s3cret pass")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := qpdfCheck(t, data); err == nil {
		t.Errorf("qpdf --check opened the encrypted PDF without its password:\n%s", out)
	}
	if out, err := qpdfCheck(t, data, "--password=wrong"); err == nil {
		t.Errorf("qpdf opened it with a wrong password:\n%s", out)
	}
	if out, err := qpdfCheck(t, data, "--password=s3cret pass"); err != nil {
		t.Errorf("qpdf --check with the password: %v\n%s", err, out)
	} else if !strings.Contains(out, "256-bit AES") && !strings.Contains(out, "R = 6") {
		t.Logf("qpdf output: %s", out)
	}
	bin := testutil.RequireTool(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "enc.pdf")
	os.WriteFile(f, data, 0o644)
	if out, err := exec.Command(bin, f, "-").CombinedOutput(); err == nil {
		t.Errorf("pdftotext read the encrypted PDF without its password:\n%.200s", out)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-upw", "s3cret pass", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -upw: %v", err)
	}
	text := string(out)
	pages := strings.Count(text, "\f")
	if got := strings.Count(text, opts.Watermark); got < pages || pages == 0 {
		t.Errorf("the watermark reads back on %d of %d pages", got, pages)
	}
	// The diagonal stamp is there too, one glyph per line in raw order.
	raw, _ := exec.Command(bin, "-enc", "UTF-8", "-raw", "-upw", "s3cret pass", f, "-").Output()
	if !strings.Contains(strings.Join(strings.Fields(string(raw)), ""), strings.ReplaceAll(opts.Watermark, " ", "")) {
		t.Error("the diagonal watermark does not read back")
	}
	if _, err := Encrypt(data, ""); err == nil {
		t.Error("an empty password was accepted")
	}
}

func TestCheckPrintable(t *testing.T) {
	for _, ok := range []string{testCustomer, "Łódź “quotes” — Jürgen ß", "Ωmega Δelta", "Crème brûlée", "東京 KK"} {
		if err := CheckPrintable("--customer", ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"❤️ Love", "👩‍💻 Co"} {
		err := CheckPrintable("--customer", bad)
		if err == nil || !strings.Contains(err.Error(), "emoji sequence") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// The renderer refuses what no font can draw rather than dropping it,
	// and names the script.
	cat := kora(t)
	opts := testOptions()
	for name, script := range map[string]string{"Rocket 🚀 Ltd": "emoji or symbol", "東京 KK": "Han"} {
		opts.Customer.Name = name
		_, _, err := Render(context.Background(), cat, KindSubprocessors, PDF, opts, "")
		var mg *MissingGlyphsError
		if !errors.As(err, &mg) || mg.Script != script || !strings.Contains(mg.Text, name) {
			t.Errorf("%q without a font: %v", name, err)
		}
		if _, _, err := Render(context.Background(), cat, KindSubprocessors, XLSX, opts, ""); err != nil {
			t.Errorf("XLSX keeps any name: %v", err)
		}
	}
}

// TestLongNamePDF draws a 300-character name (wrapped, in the header and
// watermark too) and checks it reads back whole.
func TestLongNamePDF(t *testing.T) {
	cat := kora(t)
	opts := testOptions()
	opts.Customer.Name = strings.TrimSpace(strings.Repeat("Société Générale Müller ", 13))[:300]
	opts.Watermark = "Confidential — prepared for " + opts.Customer.Name
	data := renderPDF(t, cat, KindSubprocessors, opts)
	if !strings.Contains(normalize(pdftotext(t, data, "-raw")), normalize(opts.Customer.Name)) {
		t.Error("the long name does not read back")
	}
	if out, err := qpdfCheck(t, data); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// TestXLSX reads the workbook back with excelize and converts the clauses
// sheet with LibreOffice: both give the document's content.
func TestXLSX(t *testing.T) {
	cat := kora(t)
	opts := testOptions()
	opts.Customer.Name = "=Acme, \"Quotes\" & Société"
	data, doc, err := Render(context.Background(), cat, KindDPA, XLSX, opts, "")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	want := []string{"Clauses", "Signatures", "Categories of personal data"}
	for _, w := range want {
		if !slices.Contains(sheets, w) {
			t.Errorf("sheets %q lack %q", sheets, w)
		}
	}
	tables := 0
	for _, b := range doc.Blocks {
		if b.Type == BlockTable {
			tables++
		}
	}
	if len(sheets) != tables+1 {
		t.Errorf("%d sheets for %d tables", len(sheets), tables)
	}
	rows, err := f.GetRows("Clauses")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Section" || rows[1][0] != "Data Processing Addendum" {
		t.Errorf("clauses start %q", rows[:2])
	}
	joined := ""
	for _, r := range rows {
		joined += strings.Join(r, "\t") + "\n"
	}
	if !strings.Contains(joined, opts.Customer.Name) {
		t.Error("the customer name is not in the clauses sheet as given")
	}
	if p, err := f.GetPanes("Clauses"); err != nil || !p.Freeze || p.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", p, err)
	}
	if w, _ := f.GetColWidth("Clauses", "B"); w < 100 {
		t.Errorf("column B width %v", w)
	}
	props, _ := f.GetDocProps()
	if props.Title != "Data Processing Addendum" || props.Created != "2026-12-01T00:00:00Z" {
		t.Errorf("doc props %+v", props)
	}
	// Annex III as a sheet: every subprocessor.
	sub, _ := f.GetRows("Annex III — Subprocessors")
	if len(sub) != len(cat.Subprocessors.Entries)+1 {
		t.Errorf("Annex III sheet has %d rows", len(sub))
	}

	// LibreOffice opens it and gives the same cells.
	path := filepath.Join(t.TempDir(), "dpa.xlsx")
	os.WriteFile(path, data, 0o644)
	csvData := testutil.SofficeToCSV(t, path, 0)
	got, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("LibreOffice sees %d rows, excelize %d", len(got), len(rows))
	}
	for i := range rows {
		for j := range rows[i] {
			if j >= len(got[i]) || got[i][j] != rows[i][j] {
				t.Errorf("row %d col %d: LibreOffice %q, excelize %q", i+1, j+1, got[i], rows[i])
				break
			}
		}
	}
}

func TestPacketWriteVerify(t *testing.T) {
	cat := kora(t)
	for _, zipped := range []bool{false, true} {
		t.Run("zip="+strconv.FormatBool(zipped), func(t *testing.T) {
			dir := t.TempDir()
			opts := PacketOptions{Options: testOptions(), Dir: dir, Zip: zipped, Docs: []Kind{KindSubprocessors, KindNDA}, Generator: "vouch test"}
			m, err := WritePacket(context.Background(), cat, opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, "societe-generale-muller-gmbh"); m.Path != want+map[bool]string{true: ".zip"}[zipped] {
				t.Errorf("path %s", m.Path)
			}
			if len(m.Files) != 2 || m.Files[0].Name != "subprocessors.pdf" || m.Documents[1].Title != "Mutual Non-Disclosure Agreement" || m.Catalog.Revision != cat.Revision {
				t.Errorf("manifest %+v", m)
			}
			res, err := Verify(context.Background(), m.Path)
			if err != nil || !res.OK || len(res.Files) != 2 {
				t.Fatalf("fresh packet: %+v %v", res, err)
			}
			// Nothing left behind but the packet.
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("dir holds %v", entries)
			}
			// An existing packet is kept without Force.
			if _, err := WritePacket(context.Background(), cat, opts); !errors.Is(err, ErrExists) {
				t.Errorf("second write: %v", err)
			}
			opts.Force = true
			if _, err := WritePacket(context.Background(), cat, opts); err != nil {
				t.Errorf("--force: %v", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("after --force dir holds %v", entries)
			}
			if zipped {
				// Change one byte inside the zip.
				zr, _ := zip.OpenReader(m.Path)
				var buf bytes.Buffer
				zw := zip.NewWriter(&buf)
				for _, f := range zr.File {
					rc, _ := f.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					if f.Name == "nda.pdf" {
						b[len(b)/2] ^= 1
					}
					w, _ := zw.Create(f.Name)
					w.Write(b)
				}
				zw.Close()
				zr.Close()
				os.WriteFile(m.Path, buf.Bytes(), 0o644)
				res, err := Verify(context.Background(), m.Path)
				if err != nil || res.OK || res.Files[1].Status != StatusChanged || res.Files[0].Status != StatusOK {
					t.Errorf("changed zip: %+v %v", res, err)
				}
				return
			}
			changed := filepath.Join(m.Path, "nda.pdf")
			b, _ := os.ReadFile(changed)
			b[len(b)/2] ^= 1
			os.WriteFile(changed, b, 0o644)
			os.Remove(filepath.Join(m.Path, "subprocessors.pdf"))
			os.WriteFile(filepath.Join(m.Path, "notes.txt"), []byte("x"), 0o644)
			res, err = Verify(context.Background(), m.Path)
			if err != nil || res.OK {
				t.Fatalf("tampered packet verified: %+v %v", res, err)
			}
			got := map[string]string{}
			for _, f := range res.Files {
				got[f.Name] = f.Status
			}
			if got["nda.pdf"] != StatusChanged || got["subprocessors.pdf"] != StatusMissing || got["notes.txt"] != StatusExtra {
				t.Errorf("statuses %v", got)
			}
		})
	}
	if _, err := Verify(context.Background(), filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("verify of a missing packet passed")
	}
}

func TestWritePacketFailureLeavesNothing(t *testing.T) {
	cat := kora(t)
	dir := t.TempDir()
	opts := PacketOptions{Options: testOptions(), Dir: dir, Docs: []Kind{KindSubprocessors, KindNDA}}
	opts.Law = "" // the NDA fails after the subprocessor list was rendered
	if _, err := WritePacket(context.Background(), cat, opts); !errors.Is(err, ErrNoLaw) {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// BenchmarkPacketPDF writes a full 4-document PDF packet for the default
// catalog.
func BenchmarkPacketPDF(b *testing.B) {
	cat := kora(b)
	dir := b.TempDir()
	opts := PacketOptions{Options: testOptions(), Dir: dir, Force: true, Generator: "vouch bench"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := WritePacket(context.Background(), cat, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLongTables draws a table that runs over pages (its header row repeats
// on each) and a cell longer than a page (split across pages).
func TestLongTables(t *testing.T) {
	cat := lumen(t)
	for i := 0; i < 40; i++ {
		cat.Controls = append(cat.Controls, controls.Control{
			ID: fmt.Sprintf("LOG-%02d", i), Title: fmt.Sprintf("Logging measure %d", i), Domain: "logging",
			Status: controls.Implemented, Statement: "Security events are logged and kept for review by the security team.",
		})
	}
	huge := strings.TrimSpace(strings.Repeat("This statement is very long and keeps going. ", 400))
	cat.Controls = append(cat.Controls, controls.Control{ID: "ZZZ-99", Title: "Huge", Domain: "network", Status: controls.Partial, Statement: huge, Caveat: "Short caveat."})
	data := renderPDF(t, cat, KindDPA, testOptions())
	if out, err := qpdfCheck(t, data); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	pages := strings.Split(pdftotext(t, data, "-raw"), "\f")
	const head = "Ref Measure Description Limitation"
	headed := 0
	for _, p := range pages {
		if !strings.Contains(p, "LOG-") {
			continue
		}
		if strings.Contains(normalize(p), head) {
			headed++
		} else {
			t.Errorf("a page of the logging table has no header row:\n%.300s", p)
		}
	}
	if headed < 2 {
		t.Errorf("the logging table spans %d pages, want 2 or more", headed)
	}
	// The page-long cell is split over pages, not cut: nearly every
	// sentence reads back (a page break may fall inside a few).
	if n := strings.Count(normalize(strings.Join(pages, " ")), "This statement is very long and keeps going."); n < 390 {
		t.Errorf("the page-long cell reads back %d of 400 sentences", n)
	}
}

// TestXLSXGolden compares every sheet's cell grid (TSV) of the test
// catalog's workbooks with testdata/golden/<kind>.xlsx.tsv.
func TestXLSXGolden(t *testing.T) {
	cat := lumen(t)
	for _, k := range []Kind{KindDPA, KindSubprocessors} {
		t.Run(string(k), func(t *testing.T) {
			data, _, err := Render(context.Background(), cat, k, XLSX, testOptions(), "")
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var b strings.Builder
			for _, sh := range f.GetSheetList() {
				rows, err := f.GetRows(sh)
				if err != nil {
					t.Fatal(err)
				}
				b.WriteString("== " + sh + "\n")
				for _, r := range rows {
					b.WriteString(strings.Join(r, "\t") + "\n")
				}
			}
			golden := filepath.Join("testdata", "golden", string(k)+".xlsx.tsv")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("golden file missing (run go test ./dpa -run TestXLSXGolden -update): %v", err)
			}
			if b.String() != string(want) {
				t.Errorf("%s differs from %s (run with -update after checking the change)", k, golden)
			}
		})
	}
}
