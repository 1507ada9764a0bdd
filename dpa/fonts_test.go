package dpa

import (
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/vouchcli/vouch/internal/testutil"
)

const cjkCustomer = "株式会社サンプル"

// systemCJK returns a system font for the CJK name, found by fc-match; CI
// installs fonts-ipafont-gothic, so there it must be found.
func systemCJK(t *testing.T) *Font {
	t.Helper()
	testutil.RequireTool(t, "fc-match")
	f, err := SystemFonts().FontFor(context.Background(), []rune(cjkCustomer))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no system font for %s: %v (.ci/run installs fonts-ipafont-gothic)", cjkCustomer, err)
		}
		t.Skipf("no TrueType CJK font installed (fonts-ipafont-gothic): %v", err)
	}
	return f
}

// TestCJKNamePrints: a Japanese registered name prints in every document,
// from a system TrueType font, and reads back.
func TestCJKNamePrints(t *testing.T) {
	font := systemCJK(t)
	t.Logf("font: %s", font.Name)
	cat := kora(t)
	opts := testOptions()
	opts.Customer.Name = cjkCustomer
	opts.Customer.Address = "東京都千代田区丸の内1-1-1"
	opts.Watermark = "Confidential — prepared for " + cjkCustomer
	opts.Fonts = SystemFonts()
	for _, k := range Kinds {
		data := renderPDF(t, cat, k, opts)
		text := pdftotext(t, data)
		if !strings.Contains(text, cjkCustomer) {
			t.Errorf("%s: %s does not read back", k, cjkCustomer)
		}
		if k == KindDPA && !strings.Contains(normalize(text), "東京都千代田区丸の内1-1-1") {
			t.Errorf("the Japanese address does not read back")
		}
		if out, err := qpdfCheck(t, data); err != nil {
			t.Errorf("%s: qpdf --check: %v\n%s", k, err, out)
		}
		if again := renderPDF(t, cat, k, opts); string(again) != string(data) {
			t.Errorf("%s: two renders differ", k)
		}
	}
	// The same font given as a file (--font).
	opts.Fonts = FontFile(font.Name)
	if !strings.Contains(pdftotext(t, renderPDF(t, cat, KindNDA, opts)), cjkCustomer) {
		t.Error("--font: the name does not read back")
	}
}

// TestFontErrors: a font that cannot be embedded, or that lacks the
// characters, is a clear error naming the file and the script.
func TestFontErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	cff := write("a.otf", append([]byte("OTTO"), make([]byte, 64)...))
	ttc := write("a.ttc", append([]byte("ttcf"), make([]byte, 64)...))
	junk := write("a.ttf", []byte("not a font at all"))
	latin := write("go.ttf", goregular.TTF)
	tests := map[string]struct {
		path string
		want []string
	}{
		"cff":        {cff, []string{cff, "CFF", "TrueType"}},
		"collection": {ttc, []string{ttc, "collection"}},
		"junk":       {junk, []string{junk, "not a TrueType font"}},
		"missing":    {filepath.Join(dir, "none.ttf"), []string{"none.ttf", "no such file"}},
		"lacks them": {latin, []string{"Han", "lacks them"}},
	}
	cat := kora(t)
	opts := testOptions()
	opts.Customer.Name = cjkCustomer
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			opts.Fonts = FontFile(tt.path)
			_, _, err := Render(context.Background(), cat, KindNDA, PDF, opts, "")
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
	// No font at all: the error names the script and the text.
	opts.Fonts = nil
	_, _, err := Render(context.Background(), cat, KindNDA, PDF, opts, "")
	var mg *MissingGlyphsError
	if !errors.As(err, &mg) || mg.Script != "Han" || !strings.Contains(err.Error(), cjkCustomer) {
		t.Errorf("no font: %v", err)
	}
}

// TestHyphenGlyph: the embedded fonts draw "-" with the narrow hyphen
// glyph, not the minus-wide one the Go fonts put at U+002D, and it still
// reads back as "-".
func TestHyphenGlyph(t *testing.T) {
	fonts, err := loadGoFonts()
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := sfnt.Parse(goregular.TTF)
	var buf sfnt.Buffer
	for style, f := range fonts {
		if style == "mono" {
			continue
		}
		hy, minus := advance(f.sf, &buf, '-'), advance(f.sf, &buf, 0x2212)
		if hy >= 0.75*minus {
			t.Errorf("style %q: hyphen %v wide, minus %v: the hyphen is drawn as a minus", style, hy, minus)
		}
	}
	if a, m := advance(orig, &buf, '-'), advance(orig, &buf, 0x2212); a != m {
		t.Logf("the Go font's own hyphen is %v, minus %v", a, m)
	}
	opts := testOptions()
	opts.Customer.Name = "Jean‐Pierre Co-op" // U+2010 and ASCII
	text := pdftotext(t, renderPDF(t, kora(t), KindNDA, opts))
	if !strings.Contains(text, "Jean-Pierre Co-op") || strings.Contains(text, "−") {
		t.Errorf("hyphens do not read back as \"-\":\n%.300s", text)
	}
}

// TestHyphenPrintsNarrow renders a line of 60 hyphens and measures its ink
// with pdftoppm: drawn as hyphens (a third of an em) it is about 70 mm
// long; drawn with the Go fonts' minus-wide "-" it was about 123 mm.
func TestHyphenPrintsNarrow(t *testing.T) {
	bin := testutil.RequireTool(t, "pdftoppm")
	c := *kora(t)
	c.Templates = fstest.MapFS{"subprocessors.md": {Data: []byte("# T\n\n|" + strings.Repeat("-", 60) + "|\n")}}
	data := renderPDF(t, &c, KindSubprocessors, testOptions())
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "h.pdf"), data, 0o644)
	const dpi = 100
	if out, err := exec.Command(bin, "-r", strconv.Itoa(dpi), "-gray", "-png", "-f", "1", "-l", "1", filepath.Join(dir, "h.pdf"), filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	f, _ := os.Open(pages[0])
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// The paragraph's row band: below the title, above the footer.
	px := func(mm float64) int { return int(mm / 25.4 * dpi) }
	minX, maxX := img.Bounds().Max.X, 0
	for y := px(marginT + 12); y < px(marginT+22); y++ {
		for x := 0; x < img.Bounds().Max.X; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				minX, maxX = min(minX, x), max(maxX, x)
			}
		}
	}
	width := float64(maxX-minX) * 25.4 / dpi
	t.Logf("60 hyphens and two bars: %.1f mm", width)
	if maxX == 0 || width > 95 {
		t.Errorf("60 hyphens print %.1f mm wide: drawn as minus signs", width)
	}
}

// TestLayoutScriptsRefused: right-to-left and shaped scripts are refused
// with their name, not printed left to right and unjoined.
func TestLayoutScriptsRefused(t *testing.T) {
	cat := kora(t)
	for name, script := range map[string]string{"شركة المثال": "Arabic", "חברה בע״מ": "Hebrew", "कंपनी लिमिटेड": "Devanagari"} {
		opts := testOptions()
		opts.Customer.Name = name
		opts.Fonts = SystemFonts()
		_, _, err := Render(context.Background(), cat, KindNDA, PDF, opts, "")
		var us *UnsupportedScriptError
		if !errors.As(err, &us) || us.Script != script {
			t.Errorf("%s: %v", name, err)
		}
		if _, _, err := Render(context.Background(), cat, KindNDA, XLSX, opts, ""); err != nil {
			t.Errorf("%s as XLSX: %v", name, err)
		}
	}
}
