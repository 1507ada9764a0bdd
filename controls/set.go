package controls

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/internal/atomicfile"
)

// EvidenceRef picks an evidence item of a control: by name (case-insensitive)
// and, when several items share the name, by the date it was collected.
type EvidenceRef struct {
	Name      string
	Collected *Date
}

func (r EvidenceRef) String() string {
	if r.Collected != nil {
		return fmt.Sprintf("%q collected %s", r.Name, r.Collected)
	}
	return fmt.Sprintf("%q", r.Name)
}

// EvidenceReplacement replaces the item Ref picks with New. With Merge, the
// fields New leaves empty keep the old item's values.
type EvidenceReplacement struct {
	Ref   EvidenceRef
	New   Evidence
	Merge bool
}

// Change is an edit of one control. Nil/empty fields are left as they are.
type Change struct {
	Status      Status
	Reviewed    *Date
	ReviewEvery *Period
	Owner       *string
	Caveat      *string    // "" removes the caveat
	Evidence    []Evidence // appended
	// RemoveEvidence and ReplaceEvidence pick items of the control's evidence
	// as it is before the change.
	RemoveEvidence  []EvidenceRef
	ReplaceEvidence []EvidenceReplacement
}

// Empty reports whether the change changes nothing.
func (ch Change) Empty() bool {
	return ch.Status == "" && ch.Reviewed == nil && ch.ReviewEvery == nil && ch.Owner == nil && ch.Caveat == nil &&
		len(ch.Evidence) == 0 && len(ch.RemoveEvidence) == 0 && len(ch.ReplaceEvidence) == 0
}

// controlKeys is the order of a control's keys as the catalogs write them; a
// key that Set adds goes after the keys that come before it here.
var controlKeys = []string{"id", "title", "domain", "status", "statement", "caveat", "owner", "keywords", "frameworks", "evidence", "reviewed", "review_every", "source"}

// Set applies a change to control id in the catalog directory dir. Only the
// lines of the fields it changes are rewritten: comments, folded strings,
// quoting, key order and blank lines elsewhere stay byte-identical. It checks
// that the catalog is valid before and after, and replaces the file
// atomically (through a symlink, the file it points to). On any error nothing
// is written. It returns the file it changed.
func Set(ctx context.Context, dir, id string, ch Change) (string, error) {
	if ch.Empty() {
		return "", fmt.Errorf("nothing to change for %s", id)
	}
	if ch.Status != "" {
		if _, err := ParseStatus(string(ch.Status)); err != nil {
			return "", err
		}
	}
	cat, err := Load(ctx, os.DirFS(dir), dir)
	if err != nil {
		return "", err
	}
	ct, ok := cat.Control(id)
	if !ok {
		return "", fmt.Errorf("%s: no control %s", dir, id)
	}
	file := filepath.Join(dir, filepath.FromSlash(ct.File))
	src, err := readFile(file)
	if err != nil {
		return "", err
	}
	e, err := newYAMLEdit(src)
	if err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	node := findControlNode(&e.doc, ct.ID)
	if node == nil {
		return "", fmt.Errorf("%s: control %s not found in the file", file, ct.ID)
	}
	if err := applyChange(e, node, ct, ch); err != nil {
		return "", err
	}
	out, err := e.Bytes()
	if err != nil {
		return "", err
	}
	// Check the edited catalog before touching the disk: an overlay of the one file.
	overlay := overlayFS{base: os.DirFS(dir), name: filepath.ToSlash(ct.File), data: out}
	if _, err := Load(ctx, overlay, dir); err != nil {
		return "", fmt.Errorf("the change would make the catalog invalid: %w", err)
	}
	if err := writeThrough(file, out); err != nil {
		return "", err
	}
	return file, nil
}

// applyChange makes the edits in the order of controlKeys, so that keys
// added at the same place come out in that order.
func applyChange(e *yamlEdit, node *yaml.Node, ct *Control, ch Change) error {
	if ch.Status != "" {
		e.setValue(node, "status", scalar(string(ch.Status)), controlKeys)
	}
	if ch.Caveat != nil {
		if strings.TrimSpace(*ch.Caveat) == "" {
			e.deleteKey(node, "caveat")
		} else {
			e.setValue(node, "caveat", textScalar(*ch.Caveat, mapValue(node, "caveat")), controlKeys)
		}
	}
	if ch.Owner != nil {
		e.setValue(node, "owner", textScalar(*ch.Owner, mapValue(node, "owner")), controlKeys)
	}
	// Replacements and removals name items as they are now; removals go last
	// to first so that the indices stay true.
	var remove []int
	for _, r := range ch.ReplaceEvidence {
		i, err := pickEvidence(ct, r.Ref)
		if err != nil {
			return err
		}
		n := r.New
		if r.Merge {
			old := ct.Evidence[i]
			n.Name = cmp.Or(n.Name, old.Name)
			n.Kind = cmp.Or(n.Kind, old.Kind)
			n.Ref = cmp.Or(n.Ref, old.Ref)
			n.Collected = cmp.Or(n.Collected, old.Collected)
			n.Expires = cmp.Or(n.Expires, old.Expires)
		}
		e.replaceItem(node, "evidence", i, evidenceNode(n))
	}
	for _, r := range ch.RemoveEvidence {
		i, err := pickEvidence(ct, r)
		if err != nil {
			return err
		}
		if slices.Contains(remove, i) {
			return fmt.Errorf("%s: evidence %s named twice", ct.ID, r)
		}
		remove = append(remove, i)
	}
	slices.Sort(remove)
	for j := len(remove) - 1; j >= 0; j-- {
		e.deleteItem(node, "evidence", remove[j])
	}
	var add []*yaml.Node
	for _, ev := range ch.Evidence {
		add = append(add, evidenceNode(ev))
	}
	e.appendItems(node, "evidence", controlKeys, add...)
	if ch.Reviewed != nil {
		e.setValue(node, "reviewed", plainScalar(ch.Reviewed.String()), controlKeys)
	}
	if ch.ReviewEvery != nil {
		e.setValue(node, "review_every", plainScalar(ch.ReviewEvery.String()), controlKeys)
	}
	return nil
}

// pickEvidence returns the index of the one evidence item r names.
func pickEvidence(ct *Control, r EvidenceRef) (int, error) {
	var hits []int
	for i, ev := range ct.Evidence {
		if strings.EqualFold(strings.TrimSpace(ev.Name), strings.TrimSpace(r.Name)) && (r.Collected == nil || ev.Collected == *r.Collected) {
			hits = append(hits, i)
		}
	}
	switch {
	case len(hits) == 1:
		return hits[0], nil
	case len(hits) == 0:
		var names []string
		for _, ev := range ct.Evidence {
			names = append(names, fmt.Sprintf("%q", ev.Name))
		}
		if len(names) == 0 {
			return 0, fmt.Errorf("%s has no evidence, so none named %s", ct.ID, r)
		}
		return 0, fmt.Errorf("%s has no evidence %s (it has %s)", ct.ID, r, strings.Join(names, ", "))
	}
	var dates []string
	for _, i := range hits {
		dates = append(dates, ct.Evidence[i].Collected.String())
	}
	return 0, fmt.Errorf("%s has %d evidence items named %q (collected %s): pick one with --collected YYYY-MM-DD", ct.ID, len(hits), r.Name, strings.Join(dates, ", "))
}

// evidenceNode is an evidence item as YAML, dates unquoted.
func evidenceNode(ev Evidence) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	add := func(k string, v *yaml.Node) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, v)
	}
	add("name", scalar(ev.Name))
	if ev.Kind != "" {
		add("kind", scalar(ev.Kind))
	}
	if ev.Ref != "" {
		add("ref", scalar(ev.Ref))
	}
	if !ev.Collected.IsZero() {
		add("collected", plainScalar(ev.Collected.String()))
	}
	if !ev.Expires.IsZero() {
		add("expires", plainScalar(ev.Expires.String()))
	}
	return m
}

// writeThrough replaces file atomically with data, keeping its permissions.
// When file is a symlink, the file it points to is replaced, so that every
// catalog sharing the target sees the change and the link stays a link.
func writeThrough(file string, data []byte) error {
	target, err := filepath.EvalSymlinks(file)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	info, err := os.Stat(target)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(target, data, info.Mode().Perm(), true)
}

func findControlNode(doc *yaml.Node, id string) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	seq := mapValue(doc.Content[0], "controls")
	if seq == nil {
		return nil
	}
	for _, item := range seq.Content {
		if v := mapValue(item, "id"); v != nil && strings.EqualFold(v.Value, id) {
			return item
		}
	}
	return nil
}

// indentOf guesses the indentation step of a YAML file (2 or 4).
func indentOf(src []byte) int {
	for _, line := range strings.Split(string(src), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		n := len(line) - len(trimmed)
		if n > 0 && trimmed != "" && !strings.HasPrefix(trimmed, "#") {
			if n >= 4 && !strings.HasPrefix(trimmed, "- ") {
				return 4
			}
			return 2
		}
	}
	return 2
}
