// Package output is vouch's one encoder: every command prints its data
// through Write, as a table, JSON, YAML, CSV or Markdown.
package output

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/internal/term"
	"github.com/vouchcli/vouch/internal/ui"
)

// Format is an output format.
type Format string

// The output formats.
const (
	Table    Format = "table"
	JSON     Format = "json"
	YAML     Format = "yaml"
	CSV      Format = "csv"
	Markdown Format = "markdown"
)

// Formats are the formats every command accepts with -o.
var Formats = []Format{Table, JSON, YAML, CSV}

// ParseFormat checks s against the allowed formats.
func ParseFormat(s string, allowed []Format) (Format, error) {
	names := make([]string, len(allowed))
	for i, f := range allowed {
		if string(f) == strings.ToLower(s) {
			return f, nil
		}
		names[i] = string(f)
	}
	return "", fmt.Errorf("invalid output format %q: want one of %s", s, strings.Join(names, ", "))
}

// Grid is data seen as a table.
type Grid struct {
	Header []string
	Rows   [][]string
	// StatusCol is the column whose words are colored by status on a
	// terminal, or -1.
	StatusCol int
	// Wrap wraps long cells on a terminal instead of truncating them.
	Wrap bool
}

// Tabler is data that can be shown as a table (table, csv, markdown).
type Tabler interface {
	Grid() Grid
}

// Write prints v in the format. json and yaml encode v itself; table, csv
// and markdown need v to be a Tabler.
func Write(ios *term.IOStreams, f Format, v any) error {
	switch f {
	case JSON:
		return EncodeJSON(ios.Out, v)
	case YAML:
		enc := yaml.NewEncoder(ios.Out)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			return err
		}
		return enc.Close()
	}
	t, ok := v.(Tabler)
	if !ok {
		return fmt.Errorf("output format %s is not available here", f)
	}
	g := t.Grid()
	switch f {
	case CSV:
		return WriteCSV(ios.Out, g)
	case Markdown:
		return WriteMarkdown(ios.Out, g)
	default:
		return writeTable(ios, g)
	}
}

// EncodeJSON writes v as indented JSON with a final newline, HTML left unescaped.
func EncodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// SafeCell neutralises a value that a spreadsheet would run as a formula
// (starting with =, +, -, @, tab or carriage return) by prefixing a quote.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes the grid as CSV, neutralising formula-like cells.
func WriteCSV(w io.Writer, g Grid) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(g.Header); err != nil {
		return err
	}
	for _, r := range g.Rows {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = SafeCell(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteMarkdown writes the grid as a GitHub-flavoured Markdown table.
func WriteMarkdown(w io.Writer, g Grid) error {
	esc := func(s string) string {
		s = strings.ReplaceAll(s, "|", `\|`)
		return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "<br>"), "\n", "<br>")
	}
	var b strings.Builder
	b.WriteString("|")
	for _, h := range g.Header {
		b.WriteString(" " + esc(h) + " |")
	}
	b.WriteString("\n|")
	for range g.Header {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for _, r := range g.Rows {
		b.WriteString("|")
		for i := range g.Header {
			c := ""
			if i < len(r) {
				c = r[i]
			}
			b.WriteString(" " + esc(c) + " |")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTable(ios *term.IOStreams, g Grid) error {
	if !ios.IsStdoutTTY() {
		// A pipe gets tab-separated rows, no truncation, no color.
		var b strings.Builder
		b.WriteString(strings.Join(g.Header, "\t") + "\n")
		for _, r := range g.Rows {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ").Replace(c)
			}
			b.WriteString(strings.Join(cells, "\t") + "\n")
		}
		_, err := io.WriteString(ios.Out, b.String())
		return err
	}
	st := ui.New(ios)
	header := make([]string, len(g.Header))
	for i, h := range g.Header {
		header[i] = strings.ToUpper(h)
	}
	t := table.New().
		Headers(header...).
		Rows(g.Rows...).
		Border(lipgloss.HiddenBorder()).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		BorderColumn(false).BorderHeader(false).
		Width(ios.TerminalWidth()).
		Wrap(g.Wrap).
		StyleFunc(func(row, col int) lipgloss.Style {
			if row == table.HeaderRow {
				return st.Header
			}
			if col == g.StatusCol && row >= 0 && row < len(g.Rows) && col < len(g.Rows[row]) {
				return st.ForStatus(g.Rows[row][col]).PaddingRight(1)
			}
			return st.Cell
		})
	_, err := lipgloss.Fprintln(ios.Out, t.Render())
	return err
}
