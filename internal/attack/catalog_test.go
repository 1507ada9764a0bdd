package attack

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// catalog writes the Kora example catalog to dir/cat with the built binary.
func catalog(t *testing.T, dir string) string {
	t.Helper()
	cat := filepath.Join(dir, "cat")
	if out, err := exec.Command(vouch, "init", cat, "--example", "kora").CombinedOutput(); err != nil {
		t.Fatalf("vouch init: %v\n%s", err, out)
	}
	return cat
}

// firstControl is the path of one controls file of the catalog.
func firstControl(t *testing.T, cat string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(cat, "controls", "*.yaml"))
	if len(m) == 0 {
		t.Fatal("no controls file")
	}
	return m[0]
}

func TestCatalogs(t *testing.T) {
	validate := []string{"controls", "validate", "--catalog", "cat"}
	edit := func(fn func(t *testing.T, cat string) []string) func(t *testing.T, dir string) ([]string, []string, string) {
		return func(t *testing.T, dir string) ([]string, []string, string) {
			cat := catalog(t, dir)
			var inputs []string
			for _, p := range fn(t, cat) {
				rel, _ := filepath.Rel(dir, p)
				inputs = append(inputs, rel)
			}
			return validate, inputs, ""
		}
	}
	replace := func(old, new string) func(t *testing.T, dir string) ([]string, []string, string) {
		return edit(func(t *testing.T, cat string) []string {
			p := firstControl(t, cat)
			b := read(t, p)
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("%s has no %q", p, old)
			}
			write(t, p, bytes.Replace(b, []byte(old), []byte(new), 1))
			return []string{p}
		})
	}
	runCases(t, []hostile{
		{name: "the example catalog is valid", code: 0, setup: edit(func(t *testing.T, cat string) []string { return nil })},
		{name: "controls file links to /dev/zero (#12)", code: 1, setup: edit(func(t *testing.T, cat string) []string {
			os.Symlink("/dev/zero", filepath.Join(cat, "controls", "zero.yaml"))
			return nil
		})},
		{name: "controls file is a FIFO (#12)", code: 1, setup: edit(func(t *testing.T, cat string) []string {
			if err := syscall.Mkfifo(filepath.Join(cat, "controls", "fifo.yaml"), 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			return nil
		})},
		{name: "controls is a regular file (#18)", code: 1, setup: edit(func(t *testing.T, cat string) []string {
			os.RemoveAll(filepath.Join(cat, "controls"))
			write(t, filepath.Join(cat, "controls"), []byte("not a folder\n"))
			return nil
		})},
		{name: "controls is a link to itself (#18)", code: 1, setup: edit(func(t *testing.T, cat string) []string {
			os.RemoveAll(filepath.Join(cat, "controls"))
			os.Symlink("controls", filepath.Join(cat, "controls"))
			return nil
		})},
		{name: "misspelt key names no Go type (#19)", code: 1, setup: edit(func(t *testing.T, cat string) []string {
			p := filepath.Join(cat, "company.yaml")
			write(t, p, append([]byte("legal_nmae: typo\n"), read(t, p)...))
			return []string{p}
		}), check: func(t *testing.T, dir string, r result) {
			if strings.Contains(r.stderr, "struct") || strings.Contains(r.stderr, "controls.") {
				t.Errorf("the error shows a Go type: %s", r.stderr)
			}
		}},
		{name: "review_every overflows (#16)", code: 1, msg: "100 years", setup: replace("review_every: 12m", "review_every: 999999999999y")},
		{name: "a date that is not one", code: 1, setup: replace("review_every: 12m", "review_every: 12m\n    reviewed: 2026-13-45")},
		{name: "YAML alias bomb", code: 1, lines: true, setup: edit(func(t *testing.T, cat string) []string {
			var b strings.Builder
			b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
			for i := 1; i < 12; i++ {
				b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
				for j := 0; j < 10; j++ {
					if j > 0 {
						b.WriteString(", ")
					}
					b.WriteString("*a" + itoa(i-1))
				}
				b.WriteString("]\n")
			}
			p := filepath.Join(cat, "controls", "bomb.yaml")
			write(t, p, []byte(b.String()))
			return []string{p}
		})},
		{name: "a controls file of binary bytes", code: 1, setup: edit(func(t *testing.T, cat string) []string {
			p := filepath.Join(cat, "controls", "bin.yaml")
			write(t, p, []byte("\x00\x01\x02\xff\xfe"))
			return []string{p}
		})},
		{name: "a duplicate control ID", code: 1, lines: true, msg: "duplicate control id", setup: edit(func(t *testing.T, cat string) []string {
			p := firstControl(t, cat)
			write(t, filepath.Join(cat, "controls", "zz-copy.yaml"), read(t, p))
			return []string{p}
		})},
		{name: "catalog is missing", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) { return validate, nil, "" }},
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

// packetZip writes a zip with a manifest and the files given.
func packetZip(t *testing.T, path string, manifest []byte, manifestSize uint64, files map[string][]byte) {
	t.Helper()
	ps := []part{{name: "manifest.json", data: manifest, size: manifestSize}}
	for n, b := range files {
		ps = append(ps, part{name: n, data: b})
	}
	writeZip(t, path, ps)
}

func TestPackets(t *testing.T) {
	verify := func(p string) []string { return []string{"packet", "verify", p} }
	made := func(fn func(t *testing.T, zip string)) func(t *testing.T, dir string) ([]string, []string, string) {
		return func(t *testing.T, dir string) ([]string, []string, string) {
			cat := catalog(t, dir)
			if out, err := exec.Command(vouch, "packet", "--customer", "Acme GmbH", "--catalog", cat, "--date", "2026-12-01", "--zip", "--out", filepath.Join(dir, "pk")).CombinedOutput(); err != nil {
				t.Fatalf("vouch packet: %v\n%s", err, out)
			}
			z := filepath.Join(dir, "pk", "acme-gmbh.zip")
			if fn != nil {
				fn(t, z)
			}
			return verify("pk/acme-gmbh.zip"), []string{"pk/acme-gmbh.zip"}, ""
		}
	}
	runCases(t, []hostile{
		{name: "a packet vouch made verifies", code: 0, setup: made(nil)},
		{name: "a packet with a changed file fails", code: 1, setup: made(func(t *testing.T, z string) {
			rewriteZip(t, z, func(name string, b []byte) []byte {
				if name == "nda.pdf" {
					return append(b, '\n')
				}
				return b
			})
		})},
		{name: "manifest header claims 1 TiB (#11)", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			packetZip(t, filepath.Join(dir, "p.zip"), []byte(`{"files":[]}`), 1<<40, nil)
			return verify("p.zip"), []string{"p.zip"}, ""
		}},
		{name: "manifest deflate bomb (#11)", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			p := filepath.Join(dir, "p.zip")
			f, _ := os.Create(p)
			zw := zip.NewWriter(f)
			zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
			w, _ := zw.Create("manifest.json")
			w.Write([]byte(`{"files":[{"name":"`))
			pad := bytes.Repeat([]byte("a"), 1<<20)
			for i := 0; i < 256; i++ {
				w.Write(pad)
			}
			w.Write([]byte(`"}]}`))
			zw.Close()
			f.Close()
			return verify("p.zip"), []string{"p.zip"}, ""
		}},
		{name: "manifest with no files (#18)", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			packetZip(t, filepath.Join(dir, "p.zip"), []byte(`{"generator":"vouch","date":"2026-12-01","files":[]}`), 0, nil)
			return verify("p.zip"), []string{"p.zip"}, ""
		}},
		{name: "manifest is not JSON", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			packetZip(t, filepath.Join(dir, "p.zip"), []byte("{{{{"), 0, nil)
			return verify("p.zip"), []string{"p.zip"}, ""
		}},
		{name: "packet folder file links to /dev/zero (#14)", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			pd := filepath.Join(dir, "pk")
			os.MkdirAll(pd, 0o755)
			write(t, filepath.Join(pd, "manifest.json"), []byte(`{"generator":"vouch","date":"2026-12-01","files":[{"name":"dpa.pdf","size":5,"sha256":"`+strings.Repeat("0", 64)+`"}]}`))
			os.Symlink("/dev/zero", filepath.Join(pd, "dpa.pdf"))
			return verify("pk"), []string{"pk/manifest.json"}, ""
		}},
		{name: "packet is a FIFO", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "p.zip"), 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			return verify("p.zip"), nil, ""
		}},
		{name: "packet zip with two manifests", code: 1, setup: func(t *testing.T, dir string) ([]string, []string, string) {
			writeZip(t, filepath.Join(dir, "p.zip"), []part{{name: "manifest.json", data: []byte(`{"files":[]}`)}, {name: "manifest.json", data: []byte(`{"files":[]}`)}})
			return verify("p.zip"), []string{"p.zip"}, ""
		}},
	})
}

// rewriteZip rewrites a zip's entries through fn.
func rewriteZip(t *testing.T, path string, fn func(name string, b []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var ps []part
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		ps = append(ps, part{name: f.Name, data: fn(f.Name, b)})
	}
	zr.Close()
	writeZip(t, path, ps)
}
