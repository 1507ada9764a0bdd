package trust

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/internal/atomicfile"
	"github.com/vouchcli/vouch/templates"
)

// The files of the site, beside index.html.
const (
	IndexFile = "index.html"
	JSONFile  = "trust.json"
	fontsDir  = "fonts"
)

// File is one file written.
type File struct {
	Name string `json:"name" yaml:"name"` // relative to the site folder, with /
	Size int    `json:"size" yaml:"size"`
}

// Result is what Write wrote.
type Result struct {
	Dir      string `json:"dir" yaml:"dir"`
	Files    []File `json:"files" yaml:"files"`
	Controls int    `json:"controls" yaml:"controls"`
	Caveats  int    `json:"caveats" yaml:"caveats"`
	Page     *Page  `json:"-" yaml:"-"`
}

// Site builds the page and returns every file of the site, by name, in
// the order they are written (index.html last).
func Site(ctx context.Context, cat *controls.Catalog, opts Options) (*Page, []string, map[string][]byte, error) {
	p, err := Build(cat, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	css, _, err := asset(cat, StyleSheet)
	if err != nil {
		return nil, nil, nil, err
	}
	license, err := fs.ReadFile(templates.Trust(), "fonts/LICENSE")
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read embedded font licence: %w", err)
	}
	files := map[string][]byte{
		StyleSheet:                   css,
		fontsDir + "/go-regular.ttf": goregular.TTF,
		fontsDir + "/go-bold.ttf":    gobold.TTF,
		fontsDir + "/LICENSE":        license,
	}
	names := []string{StyleSheet, fontsDir + "/go-regular.ttf", fontsDir + "/go-bold.ttf", fontsDir + "/LICENSE"}
	if p.Logo != nil {
		files[p.Logo.File] = p.Logo.data
		names = append(names, p.Logo.File)
	}
	if opts.JSON {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(p); err != nil {
			return nil, nil, nil, err
		}
		files[JSONFile] = b.Bytes()
		names = append(names, JSONFile)
	}
	var html bytes.Buffer
	if err := Render(ctx, &html, cat, p); err != nil {
		return nil, nil, nil, err
	}
	files[IndexFile] = html.Bytes()
	names = append(names, IndexFile)
	return p, names, files, nil
}

// Write writes the site into dir (created if missing): index.html, the
// stylesheet, the fonts and their licence, the logo and trust.json when
// asked for. Every file is written atomically, index.html last, so that a
// reader never sees a page without its stylesheet. Without overwrite, an
// existing file of the site is refused before anything is written.
func Write(ctx context.Context, cat *controls.Catalog, dir string, opts Options, overwrite bool) (*Result, error) {
	p, names, files, err := Site(ctx, cat, opts)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	if !overwrite {
		for _, n := range names {
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(n))); err == nil {
				return nil, fmt.Errorf("%s %w (use --force to replace the site)", filepath.Join(dir, filepath.FromSlash(n)), atomicfile.ErrExists)
			}
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, fontsDir), 0o755); err != nil {
		return nil, err
	}
	res := &Result{Dir: dir, Page: p}
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		target := filepath.Join(dir, filepath.FromSlash(n))
		if err := atomicfile.WriteFile(target, files[n], 0o644, overwrite); err != nil {
			if errors.Is(err, atomicfile.ErrExists) {
				return nil, fmt.Errorf("%w (use --force to replace the site)", err)
			}
			return nil, fmt.Errorf("write %s: %w", target, err)
		}
		res.Files = append(res.Files, File{Name: n, Size: len(files[n])})
	}
	for _, d := range p.Domains {
		for _, c := range d.Controls {
			res.Controls++
			if c.Caveat != "" {
				res.Caveats++
			}
		}
	}
	return res, nil
}
