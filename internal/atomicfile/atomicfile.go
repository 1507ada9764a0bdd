// Package atomicfile writes files so that a reader never sees half of one:
// the content goes to a temporary file in the same folder, is synced, and
// is then moved into place. Every command that writes an output uses it.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists reports an output that exists and may not be replaced.
var ErrExists = errors.New("already exists")

// Write streams write's output into path. With overwrite false an existing
// path is refused with ErrExists (checked again at the final step, by a hard
// link that fails if the name was taken meanwhile); with overwrite true it is
// replaced by a rename. On any error the temporary file is removed and path
// is left as it was.
func Write(path string, perm fs.FileMode, overwrite bool, write func(io.Writer) error) error {
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s %w", path, ErrExists)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // after a rename or link this finds nothing or only the extra name
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, perm)
	}
	if err != nil {
		return err
	}
	if overwrite {
		return os.Rename(name, path)
	}
	if err := os.Link(name, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s %w", path, ErrExists)
		}
		// No hard links on this file system: check, then rename.
		if _, serr := os.Lstat(path); serr == nil {
			return fmt.Errorf("%s %w", path, ErrExists)
		}
		return os.Rename(name, path)
	}
	return nil
}

// WriteFile writes data to path like Write.
func WriteFile(path string, data []byte, perm fs.FileMode, overwrite bool) error {
	return Write(path, perm, overwrite, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
