package xlsx

// Byte-level helpers for patching SpreadsheetML parts in place: find a start
// tag, read and change its attributes, splice bytes. Patching rather than
// decoding and re-encoding a part keeps every byte vouch does not mean to
// change (unknown elements, extension lists, namespaces, formatting), and
// it is an order of magnitude faster on large sheets.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// unpatchableError says the package holds something the patcher does not
// handle; the caller then writes the workbook another way (excelize).
type unpatchableError struct{ why string }

// IsUnpatchable says whether err says that the package cannot be patched.
func IsUnpatchable(err error) bool {
	var u *unpatchableError
	return errors.As(err, &u)
}

// Unpatchable returns an unpatchable error, for callers that stop patching
// for a reason of their own (a panic recovered).
func Unpatchable(format string, args ...any) error { return unpatchable(format, args...) }

func (e *unpatchableError) Error() string { return "cannot patch the workbook in place: " + e.why }

func unpatchable(format string, args ...any) error {
	return &unpatchableError{why: fmt.Sprintf(format, args...)}
}

// textWriter is where parts are written: a bytes.Buffer for parts held in
// memory, a bufio.Writer into the zip for large generated ones. Write
// errors are the writer's to keep (bufio.Writer reports them on Flush).
type textWriter interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
}

// attr is one attribute of a start tag: its name and raw (escaped) value.
type attr struct{ name, value string }

// tagAt parses the start tag beginning at b[i] ('<'): its name, attributes,
// where it ends (index after '>') and whether it closes itself.
func tagAt(b []byte, i int) (name string, attrs []attr, end int, selfClosing bool, err error) {
	j := i + 1
	for j < len(b) && !isSpace(b[j]) && b[j] != '>' && b[j] != '/' {
		j++
	}
	name = string(b[i+1 : j])
	for {
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j >= len(b) {
			return "", nil, 0, false, fmt.Errorf("unterminated <%s> tag", name)
		}
		switch b[j] {
		case '>':
			return name, attrs, j + 1, false, nil
		case '/':
			if j+1 < len(b) && b[j+1] == '>' {
				return name, attrs, j + 2, true, nil
			}
			return "", nil, 0, false, fmt.Errorf("bad <%s> tag", name)
		}
		k := j
		for k < len(b) && b[k] != '=' && !isSpace(b[k]) && b[k] != '>' {
			k++
		}
		an := string(b[j:k])
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k >= len(b) || b[k] != '=' {
			return "", nil, 0, false, fmt.Errorf("bad attribute %q in <%s>", an, name)
		}
		k++
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k >= len(b) || (b[k] != '"' && b[k] != '\'') {
			return "", nil, 0, false, fmt.Errorf("bad attribute %q in <%s>", an, name)
		}
		q := b[k]
		e := bytes.IndexByte(b[k+1:], q)
		if e < 0 {
			return "", nil, 0, false, fmt.Errorf("unterminated attribute %q in <%s>", an, name)
		}
		attrs = append(attrs, attr{an, string(b[k+1 : k+1+e])})
		j = k + 1 + e + 1
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func attrValue(attrs []attr, name string) (string, bool) {
	for _, a := range attrs {
		if a.name == name {
			return a.value, true
		}
	}
	return "", false
}

// setAttr sets (or adds) an attribute; an empty value with remove drops it.
func setAttr(attrs []attr, name, value string) []attr {
	for i := range attrs {
		if attrs[i].name == name {
			attrs[i].value = value
			return attrs
		}
	}
	return append(attrs, attr{name, value})
}

func dropAttr(attrs []attr, names ...string) []attr {
	out := attrs[:0:0]
	for _, a := range attrs {
		keep := true
		for _, n := range names {
			if a.name == n {
				keep = false
			}
		}
		if keep {
			out = append(out, a)
		}
	}
	return out
}

// writeTag writes a start tag; values are written as they are (raw).
func writeTag(buf textWriter, name string, attrs []attr, selfClosing bool) {
	buf.WriteByte('<')
	buf.WriteString(name)
	for _, a := range attrs {
		buf.WriteByte(' ')
		buf.WriteString(a.name)
		buf.WriteString(`="`)
		buf.WriteString(strings.ReplaceAll(a.value, `"`, "&quot;")) // a value once in single quotes
		buf.WriteByte('"')
	}
	if selfClosing {
		buf.WriteString("/>")
	} else {
		buf.WriteByte('>')
	}
}

// findTag returns the index of the next start tag named name at or after
// from (the name must be followed by a space, '>' or '/'), or -1.
func findTag(b []byte, from int, name string) int {
	pat := "<" + name
	for from < len(b) {
		k := bytes.Index(b[from:], []byte(pat))
		if k < 0 {
			return -1
		}
		i := from + k
		if e := i + len(pat); e < len(b) && (isSpace(b[e]) || b[e] == '>' || b[e] == '/') {
			return i
		}
		from = i + len(pat)
	}
	return -1
}

// rootTag returns the document element's start tag: the first tag that is
// not a declaration, processing instruction or comment.
func rootTag(b []byte) (name string, attrs []attr, start, end int, err error) {
	i := 0
	for {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			return "", nil, 0, 0, fmt.Errorf("no root element")
		}
		i += k
		switch {
		case bytes.HasPrefix(b[i:], []byte("<?")):
			e := bytes.Index(b[i:], []byte("?>"))
			if e < 0 {
				return "", nil, 0, 0, fmt.Errorf("unterminated declaration")
			}
			i += e + 2
		case bytes.HasPrefix(b[i:], []byte("<!--")):
			e := bytes.Index(b[i:], []byte("-->"))
			if e < 0 {
				return "", nil, 0, 0, fmt.Errorf("unterminated comment")
			}
			i += e + 3
		default:
			name, attrs, end, _, err = tagAt(b, i)
			return name, attrs, i, end, err
		}
	}
}

const nsRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

// relNamespace returns the prefix a root element's attributes bind to the
// relationships namespace (declared); when none does, a prefix free to
// declare: r, or r2, r3, ... when r means something else.
func relNamespace(attrs []attr) (prefix string, declared bool) {
	for _, a := range attrs {
		if strings.HasPrefix(a.name, "xmlns:") && a.value == nsRelationships {
			return strings.TrimPrefix(a.name, "xmlns:"), true
		}
	}
	prefix = "r"
	for n := 2; ; n++ {
		if _, taken := attrValue(attrs, "xmlns:"+prefix); !taken {
			return prefix, false
		}
		prefix = "r" + strconv.Itoa(n)
	}
}

// relPrefix returns the prefix the root binds to the relationships
// namespace; when none does, it declares one and returns the patched part.
func relPrefix(b []byte) (string, []byte, error) {
	name, attrs, start, end, err := rootTag(b)
	if err != nil {
		return "", nil, err
	}
	prefix, declared := relNamespace(attrs)
	if declared {
		return prefix, b, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(b) + 80)
	buf.Write(b[:start])
	writeTag(&buf, name, append(attrs, attr{"xmlns:" + prefix, nsRelationships}), false)
	buf.Write(b[end:])
	return prefix, buf.Bytes(), nil
}

// insertBeforeClose inserts add before the last </name> of b. A
// self-closing <name/> is opened up first. ok is false when neither is found.
func insertBeforeClose(b []byte, name string, add []byte) ([]byte, bool) {
	closing := []byte("</" + name + ">")
	if i := bytes.LastIndex(b, closing); i >= 0 {
		return splice(b, i, i, add), true
	}
	if i := findTag(b, 0, name); i >= 0 {
		tn, attrs, end, self, err := tagAt(b, i)
		if err != nil || !self {
			return b, false
		}
		var buf bytes.Buffer
		writeTag(&buf, tn, attrs, false)
		buf.Write(add)
		buf.Write(closing)
		return splice(b, i, end, buf.Bytes()), true
	}
	return b, false
}

// splice replaces b[i:j] with add, in a new slice.
func splice(b []byte, i, j int, add []byte) []byte {
	out := make([]byte, 0, len(b)-(j-i)+len(add))
	out = append(out, b[:i]...)
	out = append(out, add...)
	return append(out, b[j:]...)
}

// setCount rewrites the count attribute of the first <name> start tag to n
// (when it has one: the attribute is optional).
func setCount(b []byte, name string, n int) []byte {
	i := findTag(b, 0, name)
	if i < 0 {
		return b
	}
	tn, attrs, end, self, err := tagAt(b, i)
	if err != nil {
		return b
	}
	if _, ok := attrValue(attrs, "count"); !ok {
		return b
	}
	var buf bytes.Buffer
	writeTag(&buf, tn, setAttr(attrs, "count", strconv.Itoa(n)), self)
	return splice(b, i, end, buf.Bytes())
}

// children returns the spans of the direct child elements named child
// inside the first <parent> element of b, and the span of the parent's content.
func children(b []byte, parent, child string) (spans [][2]int, content [2]int, ok bool) {
	i := findTag(b, 0, parent)
	if i < 0 {
		return nil, [2]int{}, false
	}
	_, _, end, self, err := tagAt(b, i)
	if err != nil {
		return nil, [2]int{}, false
	}
	if self {
		return nil, [2]int{end, end}, true
	}
	stop := bytes.Index(b[end:], []byte("</"+parent+">"))
	if stop < 0 {
		return nil, [2]int{}, false
	}
	stop += end
	for p := end; ; {
		k := findTag(b[:stop], p, child)
		if k < 0 {
			break
		}
		_, _, e, self, err := tagAt(b, k)
		if err != nil {
			return nil, [2]int{}, false
		}
		if !self {
			c := bytes.Index(b[e:stop], []byte("</"+child+">"))
			if c < 0 {
				return nil, [2]int{}, false
			}
			e += c + len("</"+child+">")
		}
		spans = append(spans, [2]int{k, e})
		p = e
	}
	return spans, [2]int{end, stop}, true
}

// escapeText escapes s for element content or a double-quoted attribute;
// characters XML 1.0 cannot hold become U+FFFD.
func escapeText(s string) string {
	var buf bytes.Buffer
	writeEscaped(&buf, s)
	return buf.String()
}

// writeEscaped writes s escaped as xml.EscapeText does, without its
// copies: runs of plain text are written as they are.
func writeEscaped(buf textWriter, s string) {
	last := 0
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		var esc string
		switch {
		case r == '"':
			esc = "&#34;"
		case r == '\'':
			esc = "&#39;"
		case r == '&':
			esc = "&amp;"
		case r == '<':
			esc = "&lt;"
		case r == '>':
			esc = "&gt;"
		case r == '\t':
			esc = "&#x9;"
		case r == '\n':
			esc = "&#xA;"
		case r == '\r':
			esc = "&#xD;"
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r == utf8.RuneError && size == 1):
			esc = "\uFFFD" // not a character XML 1.0 can hold
		default:
			i += size
			continue
		}
		buf.WriteString(s[last:i])
		buf.WriteString(esc)
		i += size
		last = i
	}
	buf.WriteString(s[last:])
}

// maxCellChars is what a cell holds at most (Excel's limit, in characters).
const maxCellChars = 32767

func truncateChars(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// ParseRef reads "C12" as column 3, row 12; ok is false for anything else.
func ParseRef(s string) (col, row int, ok bool) {
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		col = col*26 + int(s[i]-'A'+1)
		i++
		if col > 16384 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(s) {
		return 0, 0, false
	}
	for j := i; j < len(s); j++ {
		if s[j] < '0' || s[j] > '9' {
			return 0, 0, false
		}
		row = row*10 + int(s[j]-'0')
		if row > 1<<20 {
			return 0, 0, false
		}
	}
	return col, row, row > 0
}

// RefName writes column col, row row (1-based) as "C12".
func RefName(col, row int) string {
	return ColName(col-1) + strconv.Itoa(row)
}

// xmlUnmarshal decodes a part leniently (not strict, any declared charset).
func xmlUnmarshal(b []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	return d.Decode(v)
}

// ColName turns a 0-based column index into letters ("" when out of range).
func ColName(i int) string {
	s, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return ""
	}
	return s
}
