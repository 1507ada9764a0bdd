package dpa

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/testutil"
)

// proto is the second catalog, examples/proto-studio.
func proto(t testing.TB) *controls.Catalog {
	t.Helper()
	cat, err := controls.Load(context.Background(), os.DirFS(filepath.Join("..", "examples", "proto-studio")), "examples/proto-studio")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// packetVariants are the documents of the Kora and Proto packets, mutual
// and one-way.
func packetVariants(t *testing.T) map[string]*controls.Catalog {
	return map[string]*controls.Catalog{"kora": kora(t), "proto": proto(t)}
}

const fillDPI = 24

// pageFills renders every page of a PDF with pdftoppm and returns, for each,
// the share of the text area (between the header rule and the footer) that
// holds ink: from its top to the lowest dark pixel row.
func pageFills(t *testing.T, data []byte) []float64 {
	t.Helper()
	bin := testutil.RequireTool(t, "pdftoppm")
	dir := t.TempDir()
	pdf := filepath.Join(dir, "doc.pdf")
	os.WriteFile(pdf, data, 0o644)
	if out, err := exec.Command(bin, "-r", fmt.Sprint(fillDPI), "-gray", "-png", pdf, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	if len(pages) == 0 {
		t.Fatal("pdftoppm wrote no page")
	}
	var fills []float64
	for _, p := range pages { // p-01.png ... sort as names: zero-padded
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		fills = append(fills, inkFill(img))
	}
	return fills
}

func inkFill(img image.Image) float64 {
	b := img.Bounds()
	px := func(mm float64) int { return b.Min.Y + int(mm/25.4*fillDPI) }
	_, ph := 210.0, 297.0
	top, bottom := px(marginT), px(ph-marginB)
	lowest := top
	for y := top; y < bottom; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x9000 {
				lowest = y
				break
			}
		}
	}
	return float64(lowest-top) / float64(bottom-top)
}

// TestPageFill renders every page of the Kora and Proto packets (mutual
// and one-way) and checks that no page but a document's last is more than
// two-thirds empty; each document also passes qpdf --check and reads back
// with pdftotext.
func TestPageFill(t *testing.T) {
	for name, cat := range packetVariants(t) {
		for _, oneWay := range []bool{false, true} {
			opts := testOptions()
			opts.OneWay = oneWay
			for _, k := range Kinds {
				if oneWay && k != KindNDA {
					continue
				}
				t.Run(fmt.Sprintf("%s/%s/one-way=%v", name, k, oneWay), func(t *testing.T) {
					data := renderPDF(t, cat, k, opts)
					if out, err := qpdfCheck(t, data); err != nil || !strings.Contains(out, "No syntax or stream encoding errors") {
						t.Errorf("qpdf --check: %v\n%s", err, out)
					}
					if text := normalize(pdftotext(t, data)); !strings.Contains(text, testCustomer) || !strings.Contains(text, normalize(cat.Company.Name)) {
						t.Errorf("the parties do not read back")
					}
					fills := pageFills(t, data)
					for i, f := range fills[:len(fills)-1] {
						if f < 1.0/3 {
							t.Errorf("page %d of %d is %.0f%% full: more than two-thirds empty", i+1, len(fills), 100*f)
						}
					}
					t.Logf("%d pages, fill %.2f", len(fills), fills)
				})
			}
		}
	}
}

// TestHeadingsKeepWithNext reads each page of the packets back and fails on
// a heading that ends a page or is followed on its page by fewer than two
// lines.
func TestHeadingsKeepWithNext(t *testing.T) {
	for name, cat := range packetVariants(t) {
		for _, k := range Kinds {
			t.Run(name+"/"+string(k), func(t *testing.T) {
				doc, err := Build(cat, k, testOptions())
				if err != nil {
					t.Fatal(err)
				}
				headings := map[string]bool{}
				for _, b := range doc.Blocks {
					if b.Type == BlockHeading {
						headings[normalize(runsText(b.Runs))] = true
					}
				}
				pages := strings.Split(pdftotext(t, renderPDF(t, cat, k, testOptions())), "\f")
				for pi, page := range pages {
					var lines []string
					for _, l := range strings.Split(page, "\n") {
						if l = normalize(l); l != "" && !strings.HasPrefix(l, "Page ") && !strings.Contains(l, " — "+doc.Title) {
							lines = append(lines, l)
						}
					}
					for i, l := range lines {
						if headings[l] && len(lines)-i-1 < 2 {
							t.Errorf("page %d: heading %q is followed by %d lines on its page", pi+1, l, len(lines)-i-1)
						}
					}
				}
			})
		}
	}
}

// TestLongTextLinear: the time to set a paragraph grows with its length,
// not with its square (fpdf's Write took 6.8 s for a 40,000-character
// governing law). A 4x longer text may take at most 8x the time.
func TestLongTextLinear(t *testing.T) {
	cat := kora(t)
	timeFor := func(n int) time.Duration {
		c := *cat
		c.Company.Description = strings.Repeat("Lorem ipsum dolor sit amet, consectetur. ", n/40)
		best := time.Hour
		for i := 0; i < 3; i++ {
			start := time.Now()
			renderPDF(t, &c, KindOverview, testOptions())
			best = min(best, time.Since(start))
		}
		return best
	}
	timeFor(1000) // warm up
	small, large := timeFor(25000), timeFor(100000)
	t.Logf("25k characters: %v, 100k: %v", small, large)
	if large > 8*small {
		t.Errorf("100k characters took %v, 25k %v: more than linear", large, small)
	}
	if large > 5*time.Second {
		t.Errorf("100k characters took %v", large)
	}
}

// TestHugeTableHeader: a table whose header row is taller than a page
// (a template override) still renders, without looping on page breaks.
func TestHugeTableHeader(t *testing.T) {
	c := *kora(t)
	huge := strings.TrimSpace(strings.Repeat("header words ", 3000))
	c.Templates = fstest.MapFS{"subprocessors.md": {Data: []byte("# T\n\n| " + huge + " | b |\n|---|---|\n| x | y |\n| z | w |\n")}}
	done := make(chan []byte, 1)
	go func() { done <- renderPDF(t, &c, KindSubprocessors, testOptions()) }()
	select {
	case data := <-done:
		if out, err := qpdfCheck(t, data); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("rendering a page-tall table header did not end")
	}
}
