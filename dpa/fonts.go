package dpa

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The embedded fonts: the Go fonts, with the hyphen drawn as a hyphen.
//
// The Go fonts draw U+002D as wide as the minus sign and at its height
// ("IAM−01"); their own hyphen shape sits at U+00AD. goFonts copies that
// glyph (outline and advance) into U+002D's slot, so that ASCII "-" prints
// as a hyphen and still reads back as "-".
var (
	goFontsOnce sync.Once
	goFontsErr  error
	goFonts     map[string]*embFont // by style: "", "B", "I", "BI", and "mono"
)

type embFont struct {
	ttf []byte
	sf  *sfnt.Font
}

func loadGoFonts() (map[string]*embFont, error) {
	goFontsOnce.Do(func() {
		goFonts = map[string]*embFont{}
		for style, ttf := range map[string][]byte{"": goregular.TTF, "B": gobold.TTF, "I": goitalic.TTF, "BI": gobolditalic.TTF, "mono": gomono.TTF} {
			if style != "mono" {
				var err error
				if ttf, err = hyphenAsHyphen(ttf); err != nil {
					goFontsErr = fmt.Errorf("prepare the Go font %q: %w", style, err)
					return
				}
			}
			sf, err := sfnt.Parse(ttf)
			if err != nil {
				goFontsErr = fmt.Errorf("parse the Go font %q: %w", style, err)
				return
			}
			goFonts[style] = &embFont{ttf: ttf, sf: sf}
		}
	})
	return goFonts, goFontsErr
}

// sfntTables returns the table directory: tag -> (offset, length).
func sfntTables(b []byte) (map[string][2]uint32, error) {
	if len(b) < 12 {
		return nil, errors.New("too short for a font")
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return nil, errors.New("truncated table directory")
	}
	m := make(map[string][2]uint32, n)
	for i := 0; i < n; i++ {
		r := b[12+16*i:]
		off, ln := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		if uint64(off)+uint64(ln) > uint64(len(b)) {
			return nil, fmt.Errorf("table %q runs past the end of the file", r[:4])
		}
		m[string(r[:4])] = [2]uint32{off, ln}
	}
	return m, nil
}

// hyphenAsHyphen returns a copy of a TrueType font whose U+002D glyph is
// replaced by its U+00AD glyph (outline into the same glyf slot, advance and
// side bearing in hmtx). It fails when the soft hyphen's outline does not
// fit the hyphen's slot.
func hyphenAsHyphen(ttf []byte) ([]byte, error) {
	sf, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	hy, err1 := sf.GlyphIndex(&buf, '-')
	shy, err2 := sf.GlyphIndex(&buf, 0xAD)
	if err1 != nil || err2 != nil || hy == 0 || shy == 0 {
		return nil, errors.New("the font has no hyphen or soft hyphen glyph")
	}
	t, err := sfntTables(ttf)
	if err != nil {
		return nil, err
	}
	out := bytes.Clone(ttf)
	head, loca, glyf, hhea, hmtx := t["head"][0], t["loca"][0], t["glyf"][0], t["hhea"][0], t["hmtx"][0]
	long := binary.BigEndian.Uint16(ttf[head+50:]) == 1
	offset := func(g sfnt.GlyphIndex) uint32 {
		if long {
			return binary.BigEndian.Uint32(ttf[loca+4*uint32(g):])
		}
		return 2 * uint32(binary.BigEndian.Uint16(ttf[loca+2*uint32(g):]))
	}
	hyOff, hyEnd := offset(hy), offset(hy+1)
	shyOff, shyEnd := offset(shy), offset(shy+1)
	if shyEnd-shyOff > hyEnd-hyOff {
		return nil, errors.New("the soft hyphen's outline is larger than the hyphen's")
	}
	slot := out[glyf+hyOff : glyf+hyEnd]
	clear(slot)
	copy(slot, ttf[glyf+shyOff:glyf+shyEnd])
	nh := uint32(binary.BigEndian.Uint16(ttf[hhea+34:]))
	if uint32(hy) >= nh || uint32(shy) >= nh {
		return nil, errors.New("the hyphens have no full horizontal metrics")
	}
	copy(out[hmtx+4*uint32(hy):hmtx+4*uint32(hy)+4], ttf[hmtx+4*uint32(shy):hmtx+4*uint32(shy)+4])
	return out, nil
}

// Font is a TrueType font that the PDF embeds for the characters the Go
// fonts lack (Japanese, Chinese, Korean, Arabic, Hebrew, Devanagari ...).
type Font struct {
	// Name says where the font came from, for messages (its file).
	Name string
	ttf  []byte
	sf   *sfnt.Font
}

// FontSource finds a font that has glyphs for the given characters.
type FontSource interface {
	FontFor(ctx context.Context, missing []rune) (*Font, error)
}

// MissingGlyphsError is text that needs characters no available font has.
type MissingGlyphsError struct {
	Text   string // the text holding the character
	Rune   rune
	Script string // its Unicode script ("Han", "Arabic"), or "emoji or symbol"
	Reason string // why no font has it
}

func (e *MissingGlyphsError) Error() string {
	return fmt.Sprintf("%q needs %s characters (%q, %U) that the embedded PDF fonts lack, and %s", clip(e.Text), e.Script, e.Rune, e.Rune, e.Reason)
}

// UnsupportedScriptError is text in a script the PDF writer cannot lay out:
// right-to-left scripts (Arabic, Hebrew) and scripts whose letters change
// shape or join (Devanagari, Bengali, Tamil, Thai-like Khmer ...). Drawing
// their characters one after another, left to right, would print a name
// that reads wrong, so such text is refused rather than garbled.
type UnsupportedScriptError struct {
	Text   string
	Rune   rune
	Script string
}

func (e *UnsupportedScriptError) Error() string {
	return fmt.Sprintf("%q is in %s script (%q, %U), which the PDF writer cannot lay out yet (right-to-left or shaped text): it would print wrong", clip(e.Text), e.Script, e.Rune, e.Rune)
}

// layoutScripts are the scripts that need bidirectional layout or shaping.
var layoutScripts = []string{"Arabic", "Hebrew", "Syriac", "Thaana", "Nko", "Samaritan", "Mandaic", "Devanagari", "Bengali",
	"Gurmukhi", "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Khmer", "Myanmar", "Tibetan", "Mongolian"}

// needsLayout returns the script of r when it is one of layoutScripts.
func needsLayout(r rune) (string, bool) {
	for _, n := range layoutScripts {
		if t := unicode.Scripts[n]; t != nil && unicode.Is(t, r) {
			return n, true
		}
	}
	return "", false
}

// maxFontSize bounds a font file read.
const maxFontSize = 64 << 20

// FontFile is a FontSource of one font file (--font FILE).
func FontFile(path string) FontSource { return fontFile(path) }

type fontFile string

func (f fontFile) FontFor(ctx context.Context, missing []rune) (*Font, error) {
	ft, err := readFont(string(f))
	if err != nil {
		return nil, err
	}
	if r, ok := firstUncovered(ft.sf, missing); ok {
		return nil, &MissingGlyphsError{Rune: r, Script: scriptOf(r), Reason: "the font " + string(f) + " lacks them too"}
	}
	return ft, nil
}

// SystemFonts is a FontSource that asks fontconfig (fc-match) for the fonts
// that best cover the characters, and takes the first TrueType one that has
// them all. It remembers what it found: the documents of one packet ask
// for the same characters.
func SystemFonts() FontSource { return &systemFonts{found: map[string]*Font{}} }

type systemFonts struct {
	mu    sync.Mutex
	found map[string]*Font // by the characters asked for
}

// maxFontCandidates bounds how many of fc-match's sorted answers are opened.
const maxFontCandidates = 40

func (sf *systemFonts) FontFor(ctx context.Context, missing []rune) (*Font, error) {
	sf.mu.Lock()
	defer sf.mu.Unlock()
	key := string(missing)
	if f, ok := sf.found[key]; ok {
		return f, nil
	}
	f, err := findSystemFont(ctx, missing)
	if err == nil {
		sf.found[key] = f
	}
	return f, err
}

func findSystemFont(ctx context.Context, missing []rune) (*Font, error) {
	bin, err := exec.LookPath("fc-match")
	if err != nil {
		return nil, &MissingGlyphsError{Rune: missing[0], Script: scriptOf(missing[0]), Reason: "fontconfig (fc-match) is not installed to find a system font that has them"}
	}
	var cs []string
	for _, r := range missing {
		cs = append(cs, strconv.FormatInt(int64(r), 16))
	}
	pattern := ":charset=" + strings.Join(cs, " ") + ":fontformat=TrueType"
	out, err := exec.CommandContext(ctx, bin, "-s", "-f", "%{file}\n", pattern).Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("fc-match: %w", err)
	}
	var reasons []string
	for i, file := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if i >= maxFontCandidates || file == "" {
			break
		}
		ft, err := readFont(file)
		if err != nil {
			reasons = append(reasons, err.Error())
			continue
		}
		if _, ok := firstUncovered(ft.sf, missing); !ok {
			return ft, nil
		}
	}
	r, _ := firstUncovered(nil, missing)
	reason := "no installed TrueType font has them"
	if len(reasons) > 0 {
		reason += " (" + reasons[0] + ")"
	}
	return nil, &MissingGlyphsError{Rune: r, Script: scriptOf(r), Reason: reason}
}

// readFont reads a font file and checks that the PDF writer can embed it:
// one TrueType font with glyf outlines, which fpdf subsets.
func readFont(path string) (*Font, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, fmt.Errorf("font %s: not a regular file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxFontSize+1))
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	if len(b) > maxFontSize {
		return nil, fmt.Errorf("font %s: larger than %d MiB", path, maxFontSize>>20)
	}
	if err := checkTrueType(b); err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	sf, err := sfnt.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	return &Font{Name: path, ttf: b, sf: sf}, nil
}

// checkTrueType refuses what fpdf cannot embed: CFF (PostScript) outlines,
// font collections, anything without the TrueType tables.
func checkTrueType(b []byte) error {
	if len(b) < 12 {
		return errors.New("not a font file")
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return errors.New("has CFF (PostScript) outlines, and the PDF writer embeds TrueType (glyf) outlines only: use a .ttf font")
	case "ttcf":
		return errors.New("is a font collection (.ttc), and the PDF writer embeds one TrueType font: use a .ttf font")
	default:
		return errors.New("not a TrueType font")
	}
	t, err := sfntTables(b)
	if err != nil {
		return err
	}
	for _, tag := range []string{"cmap", "glyf", "loca", "head", "hhea", "hmtx", "maxp"} {
		if _, ok := t[tag]; !ok {
			return fmt.Errorf("has no %s table, which the PDF writer needs", tag)
		}
	}
	return nil
}

// hasGlyph says whether sf draws r.
func hasGlyph(sf *sfnt.Font, buf *sfnt.Buffer, r rune) bool {
	gi, err := sf.GlyphIndex(buf, r)
	return err == nil && gi != 0
}

// firstUncovered returns the first rune sf has no glyph for (all of them
// when sf is nil).
func firstUncovered(sf *sfnt.Font, runes []rune) (rune, bool) {
	var buf sfnt.Buffer
	for _, r := range runes {
		if sf == nil || !hasGlyph(sf, &buf, r) {
			return r, true
		}
	}
	return 0, false
}

// scriptOf names the Unicode script of r ("Han", "Arabic"), or says it is
// an emoji or symbol.
func scriptOf(r rune) string {
	names := make([]string, 0, len(unicode.Scripts))
	for n := range unicode.Scripts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if n != "Common" && n != "Inherited" && unicode.Is(unicode.Scripts[n], r) {
			return n
		}
	}
	return "emoji or symbol"
}

// advance is the advance width of r in sf, in thousandths of the font size,
// rounded as fpdf rounds its width tables.
func advance(sf *sfnt.Font, buf *sfnt.Buffer, r rune) float64 {
	gi, err := sf.GlyphIndex(buf, r)
	if err != nil {
		return 0
	}
	upem := sf.UnitsPerEm()
	a, err := sf.GlyphAdvance(buf, gi, fixed.Int26_6(upem)<<6, font.HintingNone)
	if err != nil {
		return 0
	}
	units := float64(a) / 64
	return float64(int(units*1000/float64(upem) + 0.5))
}
