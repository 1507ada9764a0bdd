package controls

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/internal/atomicfile"
)

// Change is an edit of one control. Nil/empty fields are left as they are.
type Change struct {
	Status      Status
	Reviewed    *Date
	ReviewEvery *Period
	Owner       *string
	Caveat      *string
	Evidence    []Evidence // appended
}

// Empty reports whether the change changes nothing.
func (ch Change) Empty() bool {
	return ch.Status == "" && ch.Reviewed == nil && ch.ReviewEvery == nil && ch.Owner == nil && ch.Caveat == nil && len(ch.Evidence) == 0
}

// Set applies a change to control id in the catalog directory dir. It edits the
// YAML through yaml.v3 nodes so that comments and key order survive, checks
// that the catalog is valid before and after, and replaces the file atomically.
// On any error nothing is written. It returns the file it changed.
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
	info, err := os.Stat(file)
	if err != nil {
		return "", err
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	node := findControlNode(&doc, ct.ID)
	if node == nil {
		return "", fmt.Errorf("%s: control %s not found in the file", file, ct.ID)
	}
	if ch.Status != "" {
		setScalar(node, "status", string(ch.Status))
	}
	if ch.Reviewed != nil {
		setScalar(node, "reviewed", ch.Reviewed.String())
	}
	if ch.ReviewEvery != nil {
		setScalar(node, "review_every", ch.ReviewEvery.String())
	}
	if ch.Owner != nil {
		setScalar(node, "owner", *ch.Owner)
	}
	if ch.Caveat != nil {
		setScalar(node, "caveat", *ch.Caveat)
	}
	if len(ch.Evidence) > 0 {
		seq := mapValue(node, "evidence")
		if seq == nil {
			node.Content = append(node.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "evidence"},
				&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"})
			seq = node.Content[len(node.Content)-1]
		}
		for _, e := range ch.Evidence {
			var en yaml.Node
			if err := en.Encode(e); err != nil {
				return "", err
			}
			seq.Content = append(seq.Content, &en)
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(indentOf(src))
	if err := enc.Encode(&doc); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}

	// Check the edited catalog before touching the disk: an overlay of the one file.
	overlay := overlayFS{base: os.DirFS(dir), name: filepath.ToSlash(ct.File), data: buf.Bytes()}
	if _, err := Load(ctx, overlay, dir); err != nil {
		return "", fmt.Errorf("the change would make the catalog invalid: %w", err)
	}
	if err := atomicfile.WriteFile(file, buf.Bytes(), info.Mode().Perm(), true); err != nil {
		return "", err
	}
	return file, nil
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

func setScalar(m *yaml.Node, key, value string) {
	if v := mapValue(m, key); v != nil {
		v.Kind, v.Tag, v.Value, v.Style, v.Content = yaml.ScalarNode, "!!str", value, 0, nil
		return
	}
	m.Content = append(m.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value})
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
