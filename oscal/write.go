package oscal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/controls"
)

// ImportOptions are the options of Import.
type ImportOptions struct {
	// Force writes into a non-empty directory (files of the same name are replaced).
	Force bool
	// MaxSize is the largest input read; 0 means MaxSize.
	MaxSize int64
}

// ImportResult says what an import wrote and what it could not map.
type ImportResult struct {
	Input          string   `json:"input" yaml:"input"`
	Dir            string   `json:"dir" yaml:"dir"`
	Controls       int      `json:"controls" yaml:"controls"`
	Certifications int      `json:"certifications" yaml:"certifications"`
	Subprocessors  int      `json:"subprocessors" yaml:"subprocessors"`
	Documents      int      `json:"documents" yaml:"documents"`
	Files          []string `json:"files" yaml:"files"`
	// Valid is false when the catalog written does not pass validation;
	// the error returned with the result names the lines to fix.
	Valid    bool   `json:"valid" yaml:"valid"`
	Unmapped []Item `json:"unmapped" yaml:"unmapped"`
}

// Import reads the OSCAL component definition at file into a new catalog
// directory dir. It refuses a non-empty dir unless opts.Force. The catalog is
// validated as written; when it does not pass, the files stay (so that they
// can be fixed) and the returned error is a *controls.ValidationError naming
// each line, returned together with the result.
func Import(ctx context.Context, file, dir string, opts ImportOptions) (*ImportResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	model, m, err := Read(file, opts.MaxSize)
	if err != nil {
		return nil, err
	}
	cat, items, err := Decode(file, model, m)
	if err != nil {
		return nil, err
	}
	src, err := catalogFiles(cat, file)
	if err != nil {
		return nil, err
	}
	files, err := controls.Init(ctx, src, dir, controls.InitOptions{Force: opts.Force, KeepInvalid: true})
	var ve *controls.ValidationError
	if err != nil && !errors.As(err, &ve) {
		return nil, err
	}
	res := &ImportResult{
		Input: file, Dir: dir, Controls: len(cat.Controls), Certifications: len(cat.Certifications),
		Subprocessors: len(cat.Subprocessors.Entries), Documents: len(cat.Company.Documents),
		Files: files, Valid: err == nil, Unmapped: items,
	}
	if res.Unmapped == nil {
		res.Unmapped = []Item{}
	}
	if err != nil {
		return res, fmt.Errorf("%s: imported into %s, but the catalog does not validate; fix: %w", file, dir, err)
	}
	return res, nil
}

// catalogFiles lays the catalog out as the files of a catalog directory.
func catalogFiles(cat *controls.Catalog, from string) (fs.FS, error) {
	header := "# Imported by `vouch oscal import` from " + path.Base(from) + ".\n# Review every claim before answering a questionnaire from it.\n\n"
	out := fstest.MapFS{}
	put := func(name string, v any) error {
		var buf bytes.Buffer
		buf.WriteString(header)
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := enc.Close(); err != nil {
			return err
		}
		out[name] = &fstest.MapFile{Data: buf.Bytes(), Mode: 0o644}
		return nil
	}
	if err := put(controls.CompanyFile, cat.Company); err != nil {
		return nil, err
	}
	byDomain := map[string][]controls.Control{}
	var order []string
	for _, ct := range cat.Controls {
		f := path.Join(controls.ControlsDir, domainOf(ct.Domain)+".yaml")
		if _, ok := byDomain[f]; !ok {
			order = append(order, f)
		}
		byDomain[f] = append(byDomain[f], ct)
	}
	for _, f := range order {
		if err := put(f, struct {
			Controls []controls.Control `yaml:"controls"`
		}{byDomain[f]}); err != nil {
			return nil, err
		}
	}
	if len(order) == 0 {
		out[controls.ControlsDir] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
	}
	certs := cat.Certifications
	if certs == nil {
		certs = []controls.Certification{}
	}
	if err := put(controls.CertificationsFile, struct {
		Certifications []controls.Certification `yaml:"certifications"`
	}{certs}); err != nil {
		return nil, err
	}
	sp := cat.Subprocessors
	if sp.Entries == nil {
		sp.Entries = []controls.Subprocessor{}
	}
	if err := put(controls.SubprocessorsFile, sp); err != nil {
		return nil, err
	}
	if err := put(controls.LibraryFile, struct {
		Answers []controls.Answer `yaml:"answers"`
	}{[]controls.Answer{}}); err != nil {
		return nil, err
	}
	return out, nil
}
