package questionnaire

// What the formulas of a formula-driven workbook (HECVAT 4, SIG) say about
// its layout: where a formula-fed answer is given, which sheets a sheet's
// formulas read, and whether a sheet computes scores.

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/vouchcli/vouch/questionnaire/xlsx"
)

var (
	// reSheetRef finds the sheet of a reference: 'START HERE'!A1 or Questions!A1.
	reSheetRef = regexp.MustCompile(`(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!`)
	// reCellRef is a whole reference: an optional sheet, then $A$1.
	reCellRef = regexp.MustCompile(`^(?:(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!)?\$?([A-Z]{1,3})\$?([0-9]+)$`)
	// reRangeRef is a range with an optional sheet: 'START HERE'!$A$13:$C$21.
	reRangeRef = regexp.MustCompile(`^(?:(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!)?\$?([A-Z]{1,3})\$?([0-9]+):\$?([A-Z]{1,3})\$?([0-9]+)$`)
	// reScoring are the functions that score or count answers.
	reScoring = regexp.MustCompile(`(?i)\b(IF|IFS|SUM|SUMIF|SUMIFS|SUMPRODUCT|COUNTIF|COUNTIFS|COUNTA|AVERAGE|AVERAGEIF)\(`)
)

// refSheet is the sheet named by the quoted or plain group of a match.
func refSheet(quoted, plain string) string {
	if quoted != "" {
		return strings.ReplaceAll(quoted, "''", "'")
	}
	return plain
}

// formulaSheets lists the sheets a formula reads, in order, once each.
func formulaSheets(f string) []string {
	var out []string
	for _, m := range reSheetRef.FindAllStringSubmatch(stripStrings(f), -1) {
		if s := refSheet(m[1], m[2]); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// stripStrings blanks the string literals of a formula ("a!b" is no reference).
func stripStrings(f string) string {
	var b strings.Builder
	in := false
	for _, r := range f {
		if r == '"' {
			in = !in
			b.WriteRune(r)
			continue
		}
		if in {
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitArgs splits a function's arguments at the commas of its own level.
func splitArgs(s string) []string {
	var out []string
	depth, in, start := 0, false, 0
	for i, r := range s {
		switch {
		case r == '"':
			in = !in
		case in:
		case r == '(':
			depth++
		case r == ')':
			depth--
		case r == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// copyOf strips what turns a copied value into text: ="" & x, x & "",
// T(x), TRIM(x).
func copyOf(f string) string {
	f = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(f), "="))
	for {
		g := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(f, `""&`), `&""`))
		for _, fn := range []string{"T(", "TRIM(", "_xlfn.T("} {
			if strings.HasPrefix(strings.ToUpper(g), strings.ToUpper(fn)) && strings.HasSuffix(g, ")") {
				g = g[len(fn) : len(g)-1]
			}
		}
		if g == f {
			return f
		}
		f = g
	}
}

// answerSource says where a formula-fed answer is given ("START HERE!C13"):
// the cell a plain reference copies, or the one a VLOOKUP whose key is a
// value finds. "" when the formula does something else. gridOf returns a
// sheet's grid (nil when there is none).
func answerSource(sheet string, g *grid, formula string, gridOf func(string) *grid) string {
	f := copyOf(formula)
	if m := reCellRef.FindStringSubmatch(f); m != nil {
		s := refSheet(m[1], m[2])
		if s == "" {
			s = sheet
		}
		return s + "!" + m[3] + m[4]
	}
	upper := strings.ToUpper(f)
	name := "VLOOKUP("
	if strings.HasPrefix(upper, "_XLFN.") {
		upper, f = upper[len("_XLFN."):], f[len("_xlfn."):]
	}
	if !strings.HasPrefix(upper, name) || !strings.HasSuffix(f, ")") {
		return ""
	}
	args := splitArgs(f[len(name) : len(f)-1])
	if len(args) < 3 {
		return ""
	}
	key := ""
	if m := reCellRef.FindStringSubmatch(args[0]); m != nil && m[1] == "" && m[2] == "" {
		c, r, ok := xlsx.ParseRef(m[3] + m[4])
		if !ok {
			return ""
		}
		key = g.cell(r-1, c-1)
	} else if strings.HasPrefix(args[0], `"`) && strings.HasSuffix(args[0], `"`) && len(args[0]) >= 2 {
		key = strings.ReplaceAll(args[0][1:len(args[0])-1], `""`, `"`)
	}
	rm := reRangeRef.FindStringSubmatch(args[1])
	n, err := strconv.Atoi(args[2])
	if key == "" || rm == nil || err != nil || n < 1 {
		return ""
	}
	target := refSheet(rm[1], rm[2])
	if target == "" {
		target = sheet
	}
	c1, r1, ok1 := xlsx.ParseRef(rm[3] + rm[4])
	_, r2, ok2 := xlsx.ParseRef(rm[5] + rm[6])
	tg := gridOf(target)
	if !ok1 || !ok2 || tg == nil {
		return ""
	}
	for r := r1; r <= r2 && r <= len(tg.rows); r++ {
		if strings.EqualFold(tg.cell(r-1, c1-1), strings.TrimSpace(key)) {
			return target + "!" + xlsx.RefName(c1+n-1, r)
		}
	}
	return ""
}

// scores lists the scoring functions (IF, SUM, COUNTIF, ...) the formulas
// of a grid use outside its answer column, sorted.
func scores(g *grid, answerCol int) []string {
	var out []string
	for k, f := range g.formulas {
		if k[1] == answerCol {
			continue
		}
		for _, m := range reScoring.FindAllStringSubmatch(f.Text, -1) {
			if fn := strings.ToUpper(m[1]); !slices.Contains(out, fn) {
				out = append(out, fn)
			}
		}
	}
	slices.Sort(out)
	return out
}
