package xlsx

import "strconv"

// writeEditCell writes an edited cell's value: a number as <v>, text as
// an inline string.
func writeEditCell(buf textWriter, ref string, style int, e *CellEdit) {
	if _, err := strconv.ParseFloat(e.Value, 64); !e.Number || err != nil {
		writeStringCell(buf, ref, style, e.Value)
		return
	}
	buf.WriteString(`<c r="` + ref + `"`)
	if style != 0 {
		buf.WriteString(` s="` + strconv.Itoa(style) + `"`)
	}
	buf.WriteString(`><v>` + e.Value + `</v></c>`)
}
