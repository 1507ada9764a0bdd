package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// inputFormats are the questionnaire formats vouch reads, by extension
// (.xls is left to the reader, which says what to do with one).
var inputFormats = map[string]bool{".xlsx": true, ".xlsm": true, ".xls": true, ".csv": true, ".tsv": true, ".txt": true}

// formatNames names the kinds of file some users mistake for a spreadsheet vouch reads.
var formatNames = map[string]string{".ods": "OpenDocument spreadsheet", ".numbers": "Apple Numbers", ".docx": "Word document", ".pdf": "PDF", ".json": "JSON", ".xml": "XML"}

// checkInput refuses a questionnaire whose extension names a format vouch
// does not read, naming the ones it reads. A file without an extension is
// left to the reader, which looks at its content.
func checkInput(path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == "" || inputFormats[ext] {
		return nil
	}
	what := ext
	if n := formatNames[ext]; n != "" {
		what += " (" + n + ")"
	}
	return fmt.Errorf("%s: a %s file: vouch reads questionnaires in .xlsx, .xlsm and .csv (also .tsv and tab- or comma-separated .txt): save it as .xlsx and try again", path, what)
}

// checkOutDir says which folder is missing when an output's folder does not
// exist, before anything is rendered.
func checkOutDir(path string) error {
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: the output folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("%s: %w", path, err)
	case !info.IsDir():
		return fmt.Errorf("%s: %s is not a folder", path, dir)
	}
	return nil
}

// renamedError shows an error about a temporary file under the name the
// user gave, keeping what it wraps (context.Canceled, ...).
type renamedError struct {
	err        error
	tmp, final string
}

func (e *renamedError) Error() string { return strings.ReplaceAll(e.err.Error(), e.tmp, e.final) }
func (e *renamedError) Unwrap() error { return e.err }

func renamed(err error, tmp, final string) error {
	if err == nil {
		return nil
	}
	return &renamedError{err, tmp, final}
}
