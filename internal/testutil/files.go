package testutil

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// WriteSheet writes a one-sheet workbook ("Sheet1") holding rows as text.
func WriteSheet(t testing.TB, path string, rows [][]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// ListDir returns the names in dir, sorted (as os.ReadDir gives them).
func ListDir(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// PatchZip rewrites one part of a zip package in place (a test fixture).
func PatchZip(t testing.TB, path, part string, fn func([]byte) []byte) {
	t.Helper()
	found := false
	RewriteZip(t, path, func(h *zip.FileHeader, b []byte) []byte {
		if h.Name != part {
			return b
		}
		found = true
		return fn(b)
	})
	if !found {
		t.Fatalf("%s has no part %s", path, part)
	}
}

// RewriteZip rewrites every entry of a zip package in place: fn may change
// its header (name, time) and returns its content.
func RewriteZip(t testing.TB, path string, fn func(h *zip.FileHeader, b []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate}
		b = fn(h, b)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
