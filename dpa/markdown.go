package dpa

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension"
	xast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// BlockType is the kind of a document block.
type BlockType int

// Block types.
const (
	BlockHeading BlockType = iota
	BlockParagraph
	BlockList
	BlockTable
)

// Run is a piece of inline text with one style.
type Run struct {
	Text         string
	Bold, Italic bool
	Code         bool
}

// Block is one heading, paragraph, list or table of a document.
type Block struct {
	Type  BlockType
	Level int   // heading level
	Runs  []Run // heading and paragraph text
	// Lists: Ordered with Start; each item is its runs.
	Ordered bool
	Start   int
	Items   [][]Run
	// Tables: the header cells and the rows; Caption is the heading the
	// table sits under.
	Header  [][]Run
	Rows    [][][]Run
	Caption string
}

var md = goldmark.New(goldmark.WithExtensions(east.Table))

// parseMarkdown turns the template output into blocks, and returns the
// text of the first first-level heading as the title.
func parseMarkdown(src []byte) ([]Block, string) {
	root := md.Parser().Parse(text.NewReader(src))
	var blocks []Block
	var title, lastHeading, annex string
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *gast.Heading:
			runs := inlineRuns(n, src, Run{})
			t := runsText(runs)
			if n.Level == 1 && title == "" {
				title = t
			}
			lastHeading = t
			// Tables under an annex's sections are captioned "Annex II — Access".
			if n.Level == 1 {
				annex = ""
				if label, _, ok := strings.Cut(t, " — "); ok && strings.HasPrefix(label, "Annex ") {
					annex = label
				}
			} else if annex != "" {
				lastHeading = annex + " — " + t
			}
			blocks = append(blocks, Block{Type: BlockHeading, Level: n.Level, Runs: runs})
		case *gast.Paragraph, *gast.TextBlock:
			blocks = append(blocks, Block{Type: BlockParagraph, Runs: inlineRuns(n, src, Run{})})
		case *gast.List:
			b := Block{Type: BlockList, Ordered: n.IsOrdered(), Start: n.Start}
			for it := n.FirstChild(); it != nil; it = it.NextSibling() {
				var runs []Run
				for c := it.FirstChild(); c != nil; c = c.NextSibling() {
					if len(runs) > 0 {
						runs = append(runs, Run{Text: " "})
					}
					runs = append(runs, inlineRuns(c, src, Run{})...)
				}
				b.Items = append(b.Items, runs)
			}
			blocks = append(blocks, b)
		case *xast.Table:
			b := Block{Type: BlockTable, Caption: lastHeading}
			for r := n.FirstChild(); r != nil; r = r.NextSibling() {
				var cells [][]Run
				for c := r.FirstChild(); c != nil; c = c.NextSibling() {
					cells = append(cells, inlineRuns(c, src, Run{}))
				}
				if _, ok := r.(*xast.TableHeader); ok {
					b.Header = cells
				} else {
					b.Rows = append(b.Rows, cells)
				}
			}
			blocks = append(blocks, b)
		case *gast.ThematicBreak:
			// ignored: the PDF draws its own rules
		default:
			if runs := inlineRuns(n, src, Run{}); len(runs) > 0 {
				blocks = append(blocks, Block{Type: BlockParagraph, Runs: runs})
			}
		}
	}
	return blocks, title
}

// inlineRuns flattens the inline children of n into styled runs.
func inlineRuns(n gast.Node, src []byte, style Run) []Run {
	var out []Run
	add := func(s string, st Run) {
		if s == "" {
			return
		}
		if k := len(out); k > 0 && out[k-1].Bold == st.Bold && out[k-1].Italic == st.Italic && out[k-1].Code == st.Code {
			out[k-1].Text += s
			return
		}
		st.Text = s
		out = append(out, st)
	}
	var walk func(n gast.Node, st Run)
	walk = func(n gast.Node, st Run) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *gast.Text:
				v := c.Value(src)
				if !c.IsRaw() && !st.Code {
					v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
				}
				add(string(v), st)
				if c.SoftLineBreak() || c.HardLineBreak() {
					add(" ", st)
				}
			case *gast.String:
				add(string(c.Value), st)
			case *gast.Emphasis:
				s := st
				if c.Level >= 2 {
					s.Bold = true
				} else {
					s.Italic = true
				}
				walk(c, s)
			case *gast.CodeSpan:
				s := st
				s.Code = true
				walk(c, s)
			case *gast.AutoLink:
				add(string(c.Label(src)), st)
			default:
				walk(c, st)
			}
		}
	}
	walk(n, style)
	// Trim the outer spaces of the whole run list.
	if len(out) > 0 {
		out[0].Text = strings.TrimLeft(out[0].Text, " ")
		out[len(out)-1].Text = strings.TrimRight(out[len(out)-1].Text, " ")
	}
	return out
}

// runsText is the plain text of runs.
func runsText(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// Text returns the document as plain text, one block a paragraph, table
// rows with cells separated by " | " (for tests and previews).
func (d *Document) Text() string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		switch bl.Type {
		case BlockHeading, BlockParagraph:
			b.WriteString(runsText(bl.Runs) + "\n\n")
		case BlockList:
			for i, it := range bl.Items {
				if bl.Ordered {
					b.WriteString(strconv.Itoa(bl.Start+i) + ". ")
				} else {
					b.WriteString("- ")
				}
				b.WriteString(runsText(it) + "\n")
			}
			b.WriteString("\n")
		case BlockTable:
			for _, row := range append([][][]Run{bl.Header}, bl.Rows...) {
				cells := make([]string, len(row))
				for i, c := range row {
					cells[i] = runsText(c)
				}
				b.WriteString(strings.Join(cells, " | ") + "\n")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
