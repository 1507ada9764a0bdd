package controls

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/examples"
	"github.com/vouchcli/vouch/templates"
)

// bothCatalogs are the two example catalogs the golden edit tests run on.
func bothCatalogs() map[string]fs.FS {
	return map[string]fs.FS{"kora": templates.DefaultCatalog(), "proto": examples.ProtoStudio()}
}

func copyCatalog(t *testing.T, fsys fs.FS) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "catalog")
	if err := os.CopyFS(dir, fsys); err != nil {
		t.Fatal(err)
	}
	// os.CopyFS keeps the embedded files' read-only mode; a catalog in git is writable.
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			mode := os.FileMode(0o644)
			if d.IsDir() {
				mode = 0o755
			}
			return os.Chmod(p, mode)
		}
		return err
	})
	return dir
}

// lineDiff returns the lines only in a and only in b, by longest common
// subsequence (what `git diff` counts as - and +).
func lineDiff(a, b string) (removed, added []string) {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			removed = append(removed, x[i])
			i++
		default:
			added = append(added, y[j])
			j++
		}
	}
	return append(removed, x[i:]...), append(added, y[j:]...)
}

func readString(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every controls file of both catalogs: one owner change is a diff of one
// line; evidence added is only added lines; replaced, it changes only its
// own lines; removed again, the file is byte-identical to the original.
func TestSetMinimalDiffEveryControlsFile(t *testing.T) {
	ctx := context.Background()
	for name, fsys := range bothCatalogs() {
		dir := copyCatalog(t, fsys)
		cat, err := Load(ctx, os.DirFS(dir), dir)
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]Control{}
		for _, c := range cat.Controls {
			files[c.File] = append(files[c.File], c)
		}
		if len(files) < 5 {
			t.Fatalf("%s: only %d controls files", name, len(files))
		}
		for file, list := range files {
			t.Run(name+"/"+file, func(t *testing.T) {
				p := filepath.Join(dir, file)
				orig := readString(t, p)
				others := map[string]string{}
				for other := range files {
					others[other] = readString(t, filepath.Join(dir, other))
				}
				first, last := list[0], list[len(list)-1]

				owner := "Head of Security (" + file + ")"
				if _, err := Set(ctx, dir, first.ID, Change{Owner: &owner}); err != nil {
					t.Fatal(err)
				}
				afterOwner := readString(t, p)
				rm, add := lineDiff(orig, afterOwner)
				if len(add) != 1 || !strings.HasSuffix(add[0], "owner: "+owner) || len(rm) > 1 {
					t.Fatalf("owner change: -%q +%q", rm, add)
				}

				ev, _ := ParseEvidence("name=KMS config,kind=config,ref=evidence/kms.png,collected=2025-11-01,expires=2026-11-01")
				if _, err := Set(ctx, dir, last.ID, Change{Evidence: []Evidence{ev}}); err != nil {
					t.Fatal(err)
				}
				afterAdd := readString(t, p)
				rm, add = lineDiff(afterOwner, afterAdd)
				if len(rm) != 0 || len(add) != 6 || strings.TrimSpace(add[0]) != "evidence:" || strings.TrimSpace(add[1]) != "- name: KMS config" {
					t.Fatalf("evidence add: -%q +%q", rm, add)
				}

				newer, _ := ParseEvidence("name=KMS config,kind=config,ref=evidence/kms-2026.png,collected=2026-11-01,expires=2027-11-01")
				if _, err := Set(ctx, dir, last.ID, Change{ReplaceEvidence: []EvidenceReplacement{{Ref: EvidenceRef{Name: "kms config"}, New: newer}}}); err != nil {
					t.Fatal(err)
				}
				afterReplace := readString(t, p)
				rm, add = lineDiff(afterAdd, afterReplace)
				if len(rm) != 3 || len(add) != 3 || !strings.Contains(strings.Join(add, "\n"), "kms-2026.png") {
					t.Fatalf("evidence replace: -%q +%q", rm, add)
				}

				if _, err := Set(ctx, dir, last.ID, Change{RemoveEvidence: []EvidenceRef{{Name: "KMS config"}}}); err != nil {
					t.Fatal(err)
				}
				if got := readString(t, p); got != afterOwner {
					rm, add = lineDiff(afterOwner, got)
					t.Fatalf("evidence rm did not restore the file: -%q +%q", rm, add)
				}
				// The other controls files were not touched.
				for other, want := range others {
					if other != file && readString(t, filepath.Join(dir, other)) != want {
						t.Errorf("%s changed", other)
					}
				}
				// And the catalog loads with the change.
				cat, err := Load(ctx, os.DirFS(dir), dir)
				if err != nil {
					t.Fatal(err)
				}
				if c, _ := cat.Control(first.ID); c.Owner != owner {
					t.Errorf("owner = %q", c.Owner)
				}
			})
		}
	}
}

// The edit engine on the other catalog files of both catalogs: one scalar
// changed is one line changed (a folded string: its lines, once).
func TestYAMLEditOneFieldEveryOtherFile(t *testing.T) {
	for name, fsys := range bothCatalogs() {
		for _, file := range []string{CompanyFile, CertificationsFile, SubprocessorsFile, ProcessingFile} {
			t.Run(name+"/"+file, func(t *testing.T) {
				src, err := fs.ReadFile(fsys, file)
				if err != nil {
					t.Fatal(err)
				}
				e, err := newYAMLEdit(src)
				if err != nil {
					t.Fatal(err)
				}
				m, key, old := lastScalarPair(e.root())
				if m == nil {
					// An empty list (certifications: []): add an item to it.
					root := e.root()
					item := &yaml.Node{}
					_ = item.Encode(map[string]string{"id": "soc2", "name": "SOC 2", "status": "not-held"})
					e.appendItems(root, root.Content[0].Value, nil, item)
					out, err := e.Bytes()
					if err != nil {
						t.Fatal(err)
					}
					rm, add := lineDiff(string(src), string(out))
					if len(rm) != 1 || !strings.HasSuffix(rm[0], ": []") || len(add) != 4 {
						t.Fatalf("item added: -%q +%q", rm, add)
					}
					return
				}
				e.setValue(m, key, scalar("changed by the test"), nil)
				out, err := e.Bytes()
				if err != nil {
					t.Fatal(err)
				}
				rm, add := lineDiff(string(src), string(out))
				wantRm := strings.Count(strings.TrimRight(old, "\n"), "\n") + 1
				if old == "" || len(add) != 1 || !strings.HasSuffix(add[0], key+": changed by the test") || len(rm) > wantRm+1 || len(rm) == 0 {
					t.Fatalf("%s: -%q +%q", key, rm, add)
				}
				var got map[string]any
				if err := yaml.Unmarshal(out, &got); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// lastScalarPair finds the last key whose value is a non-empty scalar, at
// any depth (so that nested items are edited too).
func lastScalarPair(n *yaml.Node) (m *yaml.Node, key, value string) {
	if n == nil {
		return nil, "", ""
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			v := n.Content[i+1]
			if v.Kind == yaml.ScalarNode && v.Value != "" {
				m, key, value = n, n.Content[i].Value, v.Value
			} else if mm, k, val := lastScalarPair(v); mm != nil {
				m, key, value = mm, k, val
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if mm, k, val := lastScalarPair(c); mm != nil {
				m, key, value = mm, k, val
			}
		}
	}
	return m, key, value
}

// learn's write: one entry changed and one added leave every other line of
// library.yaml as it was (its comment header included).
func TestSaveLibraryMinimalDiff(t *testing.T) {
	ctx := context.Background()
	for name, fsys := range bothCatalogs() {
		t.Run(name, func(t *testing.T) {
			dir := copyCatalog(t, fsys)
			p := filepath.Join(dir, LibraryFile)
			orig := readString(t, p)
			cat, err := Load(ctx, os.DirFS(dir), dir)
			if err != nil {
				t.Fatal(err)
			}
			ctl := cat.Controls[0].ID
			var lib []Answer
			for i := 1; i <= 3; i++ {
				lib = append(lib, Answer{ID: fmt.Sprintf("LIB-%04d", i), Question: fmt.Sprintf("Question %d?", i), Verdict: "yes", Answer: "Yes", Control: ctl})
			}
			if err := SaveLibrary(ctx, dir, lib); err != nil {
				t.Fatal(err)
			}
			first := readString(t, p)
			if rm, _ := lineDiff(orig, first); len(rm) != 1 || !strings.Contains(rm[0], "answers:") {
				t.Errorf("first save removed %q", rm)
			}
			lib[1].Narrative = "A narrative added later."
			lib = append(lib, Answer{ID: "LIB-0004", Question: "Question 4?", Verdict: "no", Answer: "No"})
			if err := SaveLibrary(ctx, dir, lib); err != nil {
				t.Fatal(err)
			}
			rm, add := lineDiff(first, readString(t, p))
			if len(rm) != 0 || len(add) != 5 || !strings.Contains(add[0], "narrative: A narrative added later.") {
				t.Errorf("second save: -%q +%q", rm, add)
			}
		})
	}
}

// A controls file or library.yaml that is a symlink stays one: the change
// goes to the file it points to (defect 17.17).
func TestSetAndSaveLibraryWriteThroughSymlinks(t *testing.T) {
	ctx := context.Background()
	dir := writeCatalog(t, nil)
	shared := t.TempDir()
	for _, name := range []string{"controls/encryption.yaml", LibraryFile} {
		target := filepath.Join(shared, filepath.Base(name))
		if err := os.Rename(filepath.Join(dir, name), target); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	owner := "CISO"
	if _, err := Set(ctx, dir, "ENC-01", Change{Owner: &owner}); err != nil {
		t.Fatal(err)
	}
	if err := SaveLibrary(ctx, dir, []Answer{{ID: "LIB-0001", Question: "Q?", Control: "ENC-01"}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"controls/encryption.yaml", LibraryFile} {
		info, err := os.Lstat(filepath.Join(dir, name))
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symlink (%v)", name, err)
		}
	}
	if s := readString(t, filepath.Join(shared, "encryption.yaml")); !strings.Contains(s, "owner: CISO") {
		t.Errorf("the shared controls file did not get the change:\n%s", s)
	}
	if s := readString(t, filepath.Join(shared, LibraryFile)); !strings.Contains(s, "LIB-0001") {
		t.Errorf("the shared library did not get the change:\n%s", s)
	}
}

func TestSetEvidenceErrors(t *testing.T) {
	ctx := context.Background()
	dir := writeCatalog(t, nil)
	ev, _ := ParseEvidence("name=KMS config,collected=2027-01-01,expires=2028-01-01")
	if _, err := Set(ctx, dir, "ENC-02", Change{Evidence: []Evidence{ev}}); err != nil {
		t.Fatal(err)
	}
	before := readString(t, filepath.Join(dir, "controls/encryption.yaml"))
	for _, tc := range []struct {
		ch   Change
		want string
	}{
		{Change{RemoveEvidence: []EvidenceRef{{Name: "KMS config"}}}, "2 evidence items named \"KMS config\" (collected 2026-01-01, 2027-01-01): pick one with --collected"},
		{Change{RemoveEvidence: []EvidenceRef{{Name: "TLS scan"}}}, `ENC-02 has no evidence "TLS scan" (it has "KMS config", "KMS config")`},
		{Change{ReplaceEvidence: []EvidenceReplacement{{Ref: EvidenceRef{Name: "x"}, New: ev}}}, `no evidence "x"`},
	} {
		if _, err := Set(ctx, dir, "ENC-02", tc.ch); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", err, tc.want)
		}
	}
	if _, err := Set(ctx, dir, "ENC-01", Change{RemoveEvidence: []EvidenceRef{{Name: "x"}}}); err == nil || !strings.Contains(err.Error(), "ENC-01 has no evidence") {
		t.Errorf("err = %v", err)
	}
	if readString(t, filepath.Join(dir, "controls/encryption.yaml")) != before {
		t.Error("a refused edit changed the file")
	}
	d, _ := ParseDate("2026-01-01")
	if _, err := Set(ctx, dir, "ENC-02", Change{RemoveEvidence: []EvidenceRef{{Name: "KMS config", Collected: &d}}}); err != nil {
		t.Fatal(err)
	}
	cat, _ := Load(ctx, os.DirFS(dir), dir)
	if c, _ := cat.Control("ENC-02"); len(c.Evidence) != 1 || c.Evidence[0].Collected.String() != "2027-01-01" {
		t.Errorf("evidence after rm --collected = %+v", c.Evidence)
	}
}

// evidence replace with Merge keeps the fields the new item leaves empty.
func TestReplaceEvidenceMerge(t *testing.T) {
	ctx := context.Background()
	dir := writeCatalog(t, nil)
	ev, _ := ParseEvidence("name=TLS scan,kind=scan,ref=evidence/tls-2025.pdf,collected=2025-11-01,expires=2026-11-01")
	if _, err := Set(ctx, dir, "ENC-01", Change{Evidence: []Evidence{ev}}); err != nil {
		t.Fatal(err)
	}
	newer, _ := ParseEvidence("name=TLS scan,ref=evidence/tls-2026.pdf,collected=2026-11-20,expires=2027-11-20")
	if _, err := Set(ctx, dir, "ENC-01", Change{ReplaceEvidence: []EvidenceReplacement{{Ref: EvidenceRef{Name: "TLS scan"}, New: newer, Merge: true}}}); err != nil {
		t.Fatal(err)
	}
	cat, _ := Load(ctx, os.DirFS(dir), dir)
	c, _ := cat.Control("ENC-01")
	if len(c.Evidence) != 1 || c.Evidence[0].Kind != "scan" || c.Evidence[0].Ref != "evidence/tls-2026.pdf" || c.Evidence[0].Collected.String() != "2026-11-20" {
		t.Errorf("after replace: %+v", c.Evidence)
	}
	if _, err := Set(ctx, dir, "ENC-01", Change{ReplaceEvidence: []EvidenceReplacement{{Ref: EvidenceRef{Name: "TLS scan"}, New: Evidence{Name: "TLS scan", Ref: "x.pdf"}}}}); err != nil {
		t.Fatal(err)
	}
	cat, _ = Load(ctx, os.DirFS(dir), dir)
	if c, _ := cat.Control("ENC-01"); c.Evidence[0].Kind != "" || !c.Evidence[0].Expires.IsZero() {
		t.Errorf("without Merge the item is replaced whole: %+v", c.Evidence)
	}
}
