package controls

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlEdit edits a YAML file so that a reviewer's diff shows only what
// changed: every edit is made twice, once on the yaml.v3 node tree (the
// intended result) and once as a splice of the source bytes that touches only
// the lines of the edited node. Everything else (comments, folded strings,
// quoting, key order, blank lines) stays byte for byte. Bytes checks that the
// spliced text decodes to the same data as the edited tree; where it would
// not (a layout the splicer does not know), it falls back to encoding the
// whole tree, which is correct but rewrites the file.
type yamlEdit struct {
	src       []byte
	doc       yaml.Node
	lineStart []int // byte offset of each line (0-based)
	ends      map[*yaml.Node]int
	indent    int
	splices   []splice
	broken    bool // an edit the splicer cannot express: encode the tree
}

type splice struct {
	from, to int
	text     string
	seq      int
}

// errNoSplice marks an edit that cannot be made as a splice.
var errNoSplice = errors.New("no splice")

func newYAMLEdit(src []byte) (*yamlEdit, error) {
	e := &yamlEdit{src: src, indent: indentOf(src), ends: map[*yaml.Node]int{}}
	if err := yaml.Unmarshal(src, &e.doc); err != nil {
		return nil, err
	}
	e.lineStart = []int{0}
	for i, b := range src {
		if b == '\n' {
			e.lineStart = append(e.lineStart, i+1)
		}
	}
	if len(e.doc.Content) == 1 {
		e.measure(e.doc.Content[0], len(src))
	}
	return e, nil
}

// root is the top-level mapping, or nil.
func (e *yamlEdit) root() *yaml.Node {
	if e.doc.Kind != yaml.DocumentNode || len(e.doc.Content) != 1 || e.doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	return e.doc.Content[0]
}

// measure records for each node the byte offset where what follows it in the
// document begins (the next sibling's line, or its parent's end).
func (e *yamlEdit) measure(n *yaml.Node, end int) {
	e.ends[n] = end
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			next := end
			if i+2 < len(n.Content) {
				next = e.lineOffset(n.Content[i+2].Line)
			}
			e.ends[n.Content[i]] = next
			e.measure(n.Content[i+1], next)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			next := end
			if i+1 < len(n.Content) {
				next = e.lineOffset(n.Content[i+1].Line)
			}
			e.measure(c, next)
		}
	}
}

func (e *yamlEdit) lineOffset(line int) int {
	if line-1 < len(e.lineStart) && line >= 1 {
		return e.lineStart[line-1]
	}
	return len(e.src)
}

func (e *yamlEdit) offset(n *yaml.Node) int { return e.lineOffset(n.Line) + n.Column - 1 }

// trimEnd moves end back over whole blank and comment-only lines after from:
// they belong to what follows (its head comment) or are separators.
func (e *yamlEdit) trimEnd(from, end int) int {
	for end > from {
		prev := bytes.LastIndexByte(e.src[:end-1], '\n') + 1 // start of the line that ends at end
		if prev <= from {
			break
		}
		if line := strings.TrimSpace(string(e.src[prev:end])); line != "" && !strings.HasPrefix(line, "#") {
			break
		}
		end = prev
	}
	return end
}

// prefix is what precedes node n on its line: its indentation, and "- "
// for the first key of a sequence item.
func (e *yamlEdit) prefix(n *yaml.Node) string {
	start := e.lineOffset(n.Line)
	off := e.offset(n)
	if off < start || off > len(e.src) {
		return "\x00"
	}
	return string(e.src[start:off])
}

func (e *yamlEdit) add(from, to int, text string) {
	e.splices = append(e.splices, splice{from: from, to: to, text: text, seq: len(e.splices)})
}

// encode renders n as block YAML whose first line starts at the current
// position and whose other lines are indented by col spaces.
func (e *yamlEdit) encode(n *yaml.Node, col int) (string, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(e.indent)
	if err := enc.Encode(n); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	pad := strings.Repeat(" ", col)
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			lines[i] = pad + lines[i]
		}
	}
	return strings.Join(lines, ""), nil
}

func pairNode(k, v *yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{k, v}}
}

// inFlow reports whether a node is written in flow style ({...} or [...]),
// where line-based splices do not apply.
func inFlow(n *yaml.Node) bool { return n.Style&yaml.FlowStyle != 0 }

// replacePair splices the key/value pair at index i (key index) of m with
// its current (edited) nodes.
func (e *yamlEdit) replacePair(m *yaml.Node, i int) error {
	k := m.Content[i]
	end, ok := e.ends[k]
	if !ok || inFlow(m) {
		return errNoSplice
	}
	from := e.offset(k)
	to := e.trimEnd(from, end)
	text, err := e.encode(pairNode(k, m.Content[i+1]), k.Column-1)
	if err != nil {
		return err
	}
	e.add(from, to, text)
	return nil
}

// insertPair adds key/value to m after the last of the keys that come before
// key in order (or at the end), as a splice and in the tree.
func (e *yamlEdit) insertPair(m *yaml.Node, k, v *yaml.Node, order []string) error {
	if len(m.Content) == 0 || inFlow(m) {
		return errNoSplice
	}
	at := len(m.Content) // tree position
	if rank := slices.Index(order, k.Value); rank >= 0 {
		at = 2 // never before the first key: it may carry the item's dash
		for i := 0; i+1 < len(m.Content); i += 2 {
			if r := slices.Index(order, m.Content[i].Value); r >= 0 && r < rank {
				at = i + 2
			}
		}
	}
	prev := m.Content[at-2]
	if strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(e.prefix(m.Content[0])), "-")) != "" {
		return errNoSplice
	}
	from := e.offset(prev)
	pos := e.trimEnd(from, e.ends[prev])
	if pos == len(e.src) && len(e.src) > 0 && e.src[len(e.src)-1] != '\n' {
		return errNoSplice
	}
	col := m.Content[0].Column - 1
	text, err := e.encode(pairNode(k, v), col)
	if err != nil {
		return err
	}
	e.add(pos, pos, strings.Repeat(" ", col)+text)
	m.Content = slices.Insert(m.Content, at, k, v)
	return nil
}

// setValue sets key in mapping m to v (replacing or inserting the pair).
func (e *yamlEdit) setValue(m *yaml.Node, key string, v *yaml.Node, order []string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			if e.replacePair(m, i) != nil {
				e.broken = true
			}
			return
		}
	}
	k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
	if err := e.insertPair(m, k, v, order); err != nil {
		e.broken = true
		m.Content = append(m.Content, k, v)
	}
}

// deleteKey removes key from m, if present.
func (e *yamlEdit) deleteKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Value != key {
			continue
		}
		end, ok := e.ends[k]
		if !ok || inFlow(m) || i == 0 || strings.TrimSpace(e.prefix(k)) != "" {
			e.broken = true
		} else {
			from := e.lineOffset(k.Line)
			e.add(from, e.trimEnd(from, end), "")
		}
		m.Content = slices.Delete(m.Content, i, i+2)
		return
	}
}

// itemSpan is the span of item i of a block sequence, from its dash.
func (e *yamlEdit) itemSpan(seq *yaml.Node, i int) (dash, from, to int, err error) {
	item := seq.Content[i]
	end, ok := e.ends[item]
	if !ok || inFlow(seq) {
		return 0, 0, 0, errNoSplice
	}
	p := e.prefix(item)
	j := strings.LastIndex(p, "-")
	if j < 0 || strings.TrimSpace(p[:j]) != "" || strings.TrimSpace(p[j+1:]) != "" {
		return 0, 0, 0, errNoSplice
	}
	from = e.lineOffset(item.Line)
	return j, from, e.trimEnd(from, end), nil
}

func seqOf(item *yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{item}}
}

// appendItems adds items to the sequence under key in m, creating the key.
func (e *yamlEdit) appendItems(m *yaml.Node, key string, order []string, items ...*yaml.Node) {
	if len(items) == 0 {
		return
	}
	seq := mapValue(m, key)
	if seq == nil || seq.Kind != yaml.SequenceNode || len(seq.Content) == 0 {
		e.setValue(m, key, &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}, order)
		return
	}
	last := len(seq.Content) - 1
	dash, _, to, err := e.itemSpan(seq, last)
	seq.Content = append(seq.Content, items...)
	if err != nil {
		e.replaceKey(m, key)
		return
	}
	var text strings.Builder
	for _, item := range items {
		t, err := e.encode(seqOf(item), dash)
		if err != nil {
			e.broken = true
			return
		}
		text.WriteString(strings.Repeat(" ", dash) + t)
	}
	e.add(to, to, text.String())
}

// replaceItem puts item in place of item i of the sequence under key.
func (e *yamlEdit) replaceItem(m *yaml.Node, key string, i int, item *yaml.Node) {
	seq := mapValue(m, key)
	dash, from, to, err := e.itemSpan(seq, i)
	seq.Content[i] = item
	if err != nil {
		e.replaceKey(m, key)
		return
	}
	text, err := e.encode(seqOf(item), dash)
	if err != nil {
		e.broken = true
		return
	}
	e.add(from+dash, to, text)
}

// deleteItem removes item i of the sequence under key, and the key with its
// last item.
func (e *yamlEdit) deleteItem(m *yaml.Node, key string, i int) {
	seq := mapValue(m, key)
	if len(seq.Content) == 1 {
		e.deleteKey(m, key)
		return
	}
	_, from, to, err := e.itemSpan(seq, i)
	seq.Content = slices.Delete(seq.Content, i, i+1)
	if err != nil {
		e.replaceKey(m, key)
		return
	}
	e.add(from, to, "")
}

// replaceKey re-encodes the whole pair of key in m (after a tree edit).
func (e *yamlEdit) replaceKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			if e.replacePair(m, i) != nil {
				e.broken = true
			}
			return
		}
	}
	e.broken = true
}

// Bytes returns the edited file: the source with the splices applied when
// that decodes to the edited tree, else the whole tree encoded.
func (e *yamlEdit) Bytes() ([]byte, error) {
	if !e.broken {
		if out, ok := e.spliced(); ok {
			return out, nil
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(e.indent)
	if err := enc.Encode(&e.doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (e *yamlEdit) spliced() ([]byte, bool) {
	sp := slices.Clone(e.splices)
	sort.SliceStable(sp, func(i, j int) bool {
		if sp[i].from != sp[j].from {
			return sp[i].from < sp[j].from
		}
		if sp[i].to != sp[j].to {
			return sp[i].to < sp[j].to // an insertion before a replacement that starts there
		}
		return sp[i].seq < sp[j].seq
	})
	var out bytes.Buffer
	pos := 0
	for _, s := range sp {
		if s.from < pos || s.to < s.from || s.to > len(e.src) {
			return nil, false
		}
		out.Write(e.src[pos:s.from])
		out.WriteString(s.text)
		pos = s.to
	}
	out.Write(e.src[pos:])
	var got, want any
	if err := yaml.Unmarshal(out.Bytes(), &got); err != nil {
		return nil, false
	}
	if err := e.doc.Decode(&want); err != nil {
		return nil, false
	}
	if !reflect.DeepEqual(got, want) {
		return nil, false
	}
	return out.Bytes(), true
}

// scalar is a plain scalar node for value, quoted only where YAML needs it.
func scalar(value string) *yaml.Node {
	var n yaml.Node
	_ = n.Encode(value) // a string always encodes
	return &n
}

// plainScalar is an unquoted scalar (dates, periods), read back as text by
// the catalog's own types.
func plainScalar(value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: value}
}

// textScalar is value in the style old was written in (folded, literal,
// quoted), or plain.
func textScalar(value string, old *yaml.Node) *yaml.Node {
	n := scalar(value)
	if old != nil && old.Kind == yaml.ScalarNode && value != "" && !strings.Contains(value, "\n") {
		switch {
		case old.Style&(yaml.FoldedStyle|yaml.LiteralStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
			n.Style = old.Style
		}
	}
	return n
}
