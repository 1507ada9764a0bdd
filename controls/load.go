package controls

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Problem is one thing wrong with a catalog, at a file and line.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Msg  string `json:"message"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// ValidationError holds every problem found in one load.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].String()
	}
	return fmt.Sprintf("%s (and %d more problems)", e.Problems[0].String(), len(e.Problems)-1)
}

// Catalog file names.
const (
	CompanyFile        = "company.yaml"
	ControlsDir        = "controls"
	CertificationsFile = "certifications.yaml"
	SubprocessorsFile  = "subprocessors.yaml"
	ProcessingFile     = "processing.yaml"
	LibraryFile        = "library.yaml"
	TemplatesDir       = "templates"
)

// ErrNotCatalog marks a directory that holds no catalog at all.
var ErrNotCatalog = errors.New("not a vouch catalog")

// Load reads and validates a catalog from fsys (its root is the catalog
// directory). name is how the catalog is called in messages ("embedded
// default" or a path); file names in problems are relative to it. Every
// problem of the catalog is reported at once in a *ValidationError.
func Load(ctx context.Context, fsys fs.FS, name string) (*Catalog, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l := &loader{fsys: fsys, prefix: name, hash: sha256.New()}
	cat := &Catalog{Source: name}

	if _, err := fs.Stat(fsys, CompanyFile); err != nil {
		if _, err2 := fs.Stat(fsys, ControlsDir); err2 != nil {
			return nil, fmt.Errorf("%s: %w (no %s and no %s/)", name, ErrNotCatalog, CompanyFile, ControlsDir)
		}
	}

	l.decodeFile(CompanyFile, &cat.Company, true)

	for _, f := range l.controlFiles() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var doc struct {
			Controls []Control `yaml:"controls"`
		}
		root := l.decodeFile(f, &doc, true)
		seq := mapValue(root, "controls")
		for i := range doc.Controls {
			doc.Controls[i].File = f
			doc.Controls[i].Line = itemLine(seq, i)
		}
		cat.Controls = append(cat.Controls, doc.Controls...)
	}

	cat.Certifications = decodeList(l, CertificationsFile, "certifications", func(c *Certification, line int) { c.Line = line })
	if root := l.decodeFile(SubprocessorsFile, &cat.Subprocessors, false); root != nil {
		seq := mapValue(root, "subprocessors")
		for i := range cat.Subprocessors.Entries {
			cat.Subprocessors.Entries[i].Line = itemLine(seq, i)
		}
	}
	l.decodeFile(ProcessingFile, &cat.Processing, false)
	cat.Library = decodeList(l, LibraryFile, "answers", func(a *Answer, line int) { a.Line = line })
	cat.Waivers = decodeList(l, WaiversFile, "waivers", func(w *Waiver, line int) { w.Line = line })

	if sub, err := fs.Sub(fsys, TemplatesDir); err == nil {
		if _, err := fs.Stat(fsys, TemplatesDir); err == nil {
			cat.Templates = sub
			l.hashDir(TemplatesDir)
		}
	}

	l.problems = append(l.problems, Validate(cat)...)
	sort.SliceStable(l.problems, func(i, j int) bool {
		if l.problems[i].File != l.problems[j].File {
			return l.problems[i].File < l.problems[j].File
		}
		return l.problems[i].Line < l.problems[j].Line
	})
	for i := range l.problems {
		l.problems[i].File = l.display(l.problems[i].File)
	}
	if len(l.problems) > 0 {
		return cat, &ValidationError{Problems: l.problems}
	}
	sort.SliceStable(cat.Controls, func(i, j int) bool { return lessID(cat.Controls[i].ID, cat.Controls[j].ID) })
	cat.Revision = "sha256:" + hex.EncodeToString(l.hash.Sum(nil))[:16]
	return cat, nil
}

type loader struct {
	fsys     fs.FS
	prefix   string
	problems []Problem
	hash     hash.Hash
}

func (l *loader) display(file string) string {
	if l.prefix == "" || strings.HasPrefix(l.prefix, "embedded") {
		return file
	}
	return path.Join(strings.TrimSuffix(l.prefix, "/"), file)
}

func (l *loader) add(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) hashDir(dir string) {
	_ = fs.WalkDir(l.fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := readBounded(l.fsys, p)
		if err != nil {
			l.add(p, 0, "%v", err)
			return nil
		}
		fmt.Fprintf(l.hash, "%s\x00%d\x00", p, len(b))
		l.hash.Write(b)
		return nil
	})
}

// controlFiles lists controls/*.yaml and *.yml, sorted. A controls that is
// not a directory, or cannot be read, is a problem.
func (l *loader) controlFiles() []string {
	info, err := fs.Stat(l.fsys, ControlsDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		l.add(ControlsDir, 0, "cannot read the controls folder: %v", errText(err))
		return nil
	}
	if !info.IsDir() {
		l.add(ControlsDir, 0, "must be a folder of *.yaml files, not %s", describeMode(info.Mode()))
		return nil
	}
	entries, err := fs.ReadDir(l.fsys, ControlsDir)
	if err != nil {
		l.add(ControlsDir, 0, "cannot read the controls folder: %v", errText(err))
		return nil
	}
	var files []string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") {
			files = append(files, path.Join(ControlsDir, n))
		}
	}
	sort.Strings(files)
	return files
}

// MaxFileSize bounds every catalog file that is read: a catalog file is
// text of a few kilobytes, and a link to /dev/zero must not fill the memory.
const MaxFileSize = 16 << 20

// readBounded reads a regular file of at most MaxFileSize bytes. Anything
// else (a FIFO, a device, a folder) is refused before it is opened, so that
// a FIFO cannot block the load.
func readBounded(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s)", describeMode(info.Mode()))
	}
	if info.Size() > MaxFileSize {
		return nil, fmt.Errorf("too large: %d bytes, a catalog file may have at most %d MiB", info.Size(), MaxFileSize>>20)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("too large: more than %d MiB", MaxFileSize>>20)
	}
	return b, nil
}

// readFile reads a file of the disk like readBounded.
func readFile(name string) ([]byte, error) {
	b, err := readBounded(os.DirFS(filepath.Dir(name)), filepath.Base(name))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, errText(err))
	}
	return b, nil
}

// errText drops the "stat controls: " of a *fs.PathError: messages name the
// file themselves.
func errText(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsRegular():
		return "a file"
	}
	return "not a file"
}

// decodeList decodes an optional file that holds one list under key, and
// gives each item its line.
func decodeList[T any](l *loader, file, key string, setLine func(*T, int)) []T {
	doc := map[string][]T{}
	root := l.decodeFile(file, &doc, false)
	list := doc[key]
	if root != nil {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k := root.Content[i]; k.Value != key {
				l.add(file, k.Line, "unknown field %q (want %s:)", k.Value, key)
			}
		}
		seq := mapValue(root, key)
		for i := range list {
			setLine(&list[i], itemLine(seq, i))
		}
	}
	return list
}

var lineRe = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// decodeFile strictly decodes one YAML file into v and returns its root node
// (nil when the file is absent or unreadable). Problems are recorded.
func (l *loader) decodeFile(name string, v any, required bool) *yaml.Node {
	b, err := readBounded(l.fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if required {
				l.add(name, 0, "missing")
			}
			return nil
		}
		l.add(name, 0, "%v", errText(err))
		return nil
	}
	fmt.Fprintf(l.hash, "%s\x00%d\x00", name, len(b))
	l.hash.Write(b)
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		l.addYAMLError(name, err)
		return nil
	}
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 && root.Content[0].Kind != yaml.MappingNode {
		l.add(name, root.Content[0].Line, "the top level must be a mapping of fields")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		l.addYAMLError(name, err)
	}
	if len(root.Content) == 1 {
		return root.Content[0]
	}
	return nil
}

func (l *loader) addYAMLError(name string, err error) {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			l.addLineMsg(name, e)
		}
		return
	}
	l.addLineMsg(name, err.Error())
}

func (l *loader) addLineMsg(name, msg string) {
	msg = strings.TrimSpace(msg)
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		l.add(name, n, "%s", friendlyYAML(m[2]))
		return
	}
	l.add(name, 0, "%s", friendlyYAML(strings.TrimPrefix(msg, "yaml: ")))
}

var (
	fieldNotFoundRe = regexp.MustCompile(`^field (\S+) not found in type .+$`)
	cannotUnmarshal = regexp.MustCompile(`^cannot unmarshal !!(\w+) (.*?) ?into (\S+)$`)
)

// friendlyYAML rewrites yaml.v3's Go-flavoured messages in catalog terms.
func friendlyYAML(msg string) string {
	if m := fieldNotFoundRe.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown field %q", m[1])
	}
	if m := cannotUnmarshal.FindStringSubmatch(msg); m != nil {
		want := m[3]
		switch {
		case strings.HasPrefix(want, "[]"):
			want = "a list"
		case strings.HasPrefix(want, "map") || strings.HasPrefix(want, "controls."):
			want = "a mapping"
		case want == "string":
			want = "text"
		case want == "bool":
			want = "true or false"
		case want == "int":
			want = "a whole number"
		}
		kind := map[string]string{"seq": "a list", "map": "a mapping", "str": "text", "int": "a number", "bool": "a boolean", "float": "a number"}[m[1]]
		if kind == "" {
			kind = m[1]
		}
		if v := strings.TrimSpace(m[2]); v != "" {
			kind += " " + v
		}
		return fmt.Sprintf("wrong type: found %s, want %s", kind, want)
	}
	if strings.Contains(msg, "found character that cannot start any token") {
		return msg + " (tabs are not allowed for indentation in YAML)"
	}
	return msg
}

// mapValue returns the value node of key in a mapping node, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func itemLine(seq *yaml.Node, i int) int {
	if seq == nil || seq.Kind != yaml.SequenceNode || i >= len(seq.Content) {
		return 0
	}
	return seq.Content[i].Line
}

var idNumRe = regexp.MustCompile(`^(.*?)(\d+)$`)

// lessID orders IDs by prefix, then numerically: IAM-2 before IAM-10.
func lessID(a, b string) bool {
	ma, mb := idNumRe.FindStringSubmatch(a), idNumRe.FindStringSubmatch(b)
	if ma != nil && mb != nil && ma[1] == mb[1] {
		na, _ := strconv.Atoi(ma[2])
		nb, _ := strconv.Atoi(mb[2])
		if na != nb {
			return na < nb
		}
	}
	return a < b
}
