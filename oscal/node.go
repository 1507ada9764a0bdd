package oscal

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Item is something of the input that the import could not map into the
// catalog, or mapped with a loss, said at its JSON path.
type Item struct {
	Path string `json:"path" yaml:"path"`
	Note string `json:"note" yaml:"note"`
}

// node is one JSON object being mapped. Each field is taken as it is
// mapped; what is left at the end is listed as not mapped (rest), so that
// nothing is dropped silently.
type node struct {
	m    map[string]any
	path string
	out  *[]Item
}

func (n node) note(key, format string, args ...any) {
	p := n.path
	if key != "" {
		p += "." + key
	}
	*n.out = append(*n.out, Item{Path: p, Note: fmt.Sprintf(format, args...)})
}

// str takes a text field ("" when absent).
func (n node) str(key string) string {
	v, ok := n.m[key]
	if !ok {
		return ""
	}
	delete(n.m, key)
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	}
	n.note(key, "not mapped: %s, want text", kind(v))
	return ""
}

// obj takes an object field.
func (n node) obj(key string) (node, bool) {
	v, ok := n.m[key]
	if !ok {
		return node{}, false
	}
	delete(n.m, key)
	m, ok := v.(map[string]any)
	if !ok {
		n.note(key, "not mapped: %s, want an object", kind(v))
		return node{}, false
	}
	return node{m: m, path: n.path + "." + key, out: n.out}, true
}

// array takes a list field.
func (n node) array(key string) []any {
	v, ok := n.m[key]
	if !ok {
		return nil
	}
	delete(n.m, key)
	a, ok := v.([]any)
	if !ok {
		n.note(key, "not mapped: %s, want a list", kind(v))
	}
	return a
}

// list takes a list of objects.
func (n node) list(key string) []node {
	a := n.array(key)
	var out []node
	for i, e := range a {
		p := fmt.Sprintf("%s.%s[%d]", n.path, key, i)
		m, ok := e.(map[string]any)
		if !ok {
			*n.out = append(*n.out, Item{Path: p, Note: fmt.Sprintf("not mapped: %s, want an object", kind(e))})
			continue
		}
		out = append(out, node{m: m, path: p, out: n.out})
	}
	return out
}

// strs takes a list of text values.
func (n node) strs(key string) []string {
	var out []string
	for i, e := range n.array(key) {
		s, ok := e.(string)
		if !ok {
			n.note(fmt.Sprintf("%s[%d]", key, i), "not mapped: %s, want text", kind(e))
			continue
		}
		out = append(out, s)
	}
	return out
}

// drop takes a field that the catalog does not need (document bookkeeping
// that vouch writes anew on export).
func (n node) drop(keys ...string) {
	for _, k := range keys {
		delete(n.m, k)
	}
}

// rest lists every field not taken, with what it holds.
func (n node) rest() {
	keys := make([]string, 0, len(n.m))
	for k := range n.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		n.note(k, "not mapped (%s)", summary(n.m[k]))
		delete(n.m, k)
	}
}

func summary(v any) string {
	switch t := v.(type) {
	case string:
		s := oneLine(t)
		if r := []rune(s); len(r) > 60 {
			s = string(r[:57]) + "..."
		}
		return strconv.Quote(s)
	case []any:
		if len(t) == 1 {
			return "1 item"
		}
		return fmt.Sprintf("%d items", len(t))
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return "an object with " + strings.Join(keys, ", ")
	case json.Number:
		return t.String()
	}
	return kind(v)
}

// nistNS is OSCAL's own namespace: a prop in it is the same as one without ns.
const nistNS = "http://csrc.nist.gov/ns/oscal"

// prop is one OSCAL property as read.
type prop struct {
	name, ns, value, class, group string
}

// props takes the props of n: vouch's own (by name, in order), OSCAL's
// implementation-status, and lists any other.
func (n node) props() (vouch map[string][]prop, status string) {
	vouch = map[string][]prop{}
	for _, p := range n.list("props") {
		pr := prop{name: p.str("name"), ns: p.str("ns"), value: p.str("value"), class: p.str("class"), group: p.str("group")}
		switch {
		case pr.ns == NS:
			vouch[pr.name] = append(vouch[pr.name], pr)
			p.rest()
		case (pr.ns == "" || pr.ns == nistNS) && pr.name == "implementation-status" && status != "":
			p.note("", "not mapped: prop implementation-status=%q (a second one; the first, %q, is kept)", pr.value, status)
			p.rest()
		case (pr.ns == "" || pr.ns == nistNS) && pr.name == "implementation-status":
			status = pr.value
			p.rest()
		default:
			p.note("", "not mapped: prop %s=%q%s", pr.name, pr.value, nsNote(pr.ns))
			p.drop("uuid", "remarks")
			p.rest()
		}
	}
	return vouch, status
}

func nsNote(ns string) string {
	if ns == "" {
		return ""
	}
	return " (ns " + ns + ")"
}

// first returns the value of the first vouch prop of the name, or "".
func first(ps map[string][]prop, name string) string {
	if v := ps[name]; len(v) > 0 {
		return v[0].value
	}
	return ""
}

func values(ps map[string][]prop, name string) []string {
	var out []string
	for _, p := range ps[name] {
		out = append(out, p.value)
	}
	return out
}

// walkUUIDs calls fn with every "uuid" text field of v and its path, in a
// stable order.
func walkUUIDs(v any, path string, fn func(uuid, path string)) {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s, ok := t[k].(string); ok && k == "uuid" {
				fn(s, path)
				continue
			}
			walkUUIDs(t[k], path+"."+k, fn)
		}
	case []any:
		for i, e := range t {
			walkUUIDs(e, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}
