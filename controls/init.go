package controls

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// InitOptions are the options of Init.
type InitOptions struct {
	// Force allows writing into a non-empty directory (existing files are replaced).
	Force bool
	// KeepInvalid writes the catalog even when it does not validate, and
	// then returns its *ValidationError with the files written, so that the
	// user can fix the lines it names (an import from another format).
	KeepInvalid bool
}

// Init copies the catalog in src (an example catalog as it is, or a
// Starter) into the directory dir, as an editable starting point. Names are
// never rewritten: a copied example keeps its company's name and claims. It refuses a non-empty dir unless opts.Force is set, and
// writes into a temporary sibling first so that a failure leaves nothing
// half-written. It returns the files written, relative to dir.
func Init(ctx context.Context, src fs.FS, dir string, opts InitOptions) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 && !opts.Force {
		return nil, fmt.Errorf("%s: directory is not empty (use --force to write into it)", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	defer os.RemoveAll(tmp)

	var files []string
	err = fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(tmp, filepath.FromSlash(p)), 0o755)
		}
		b, err := readBounded(src, p)
		if err != nil {
			return err
		}
		files = append(files, p)
		return os.WriteFile(filepath.Join(tmp, filepath.FromSlash(p)), b, 0o644)
	})
	if err != nil {
		return nil, fmt.Errorf("init %s: %w", dir, err)
	}
	// Check that what was written is a valid catalog before it appears.
	var invalid error
	if _, err := Load(ctx, os.DirFS(tmp), dir); err != nil {
		var ve *ValidationError
		if !opts.KeepInvalid || !errors.As(err, &ve) {
			return nil, fmt.Errorf("init %s: the new catalog would be invalid: %w", dir, err)
		}
		invalid = ve
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		// --force into an existing folder: move the files over one by one.
		for _, p := range files {
			target := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return nil, err
			}
			if err := os.Rename(filepath.Join(tmp, filepath.FromSlash(p)), target); err != nil {
				return nil, fmt.Errorf("init %s: %w", dir, err)
			}
		}
		return files, invalid
	}
	os.Remove(dir) // an empty existing folder
	if err := os.Rename(tmp, dir); err != nil {
		return nil, fmt.Errorf("init %s: %w", dir, err)
	}
	return files, invalid
}
