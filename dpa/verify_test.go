package dpa

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeRawZip writes a zip whose one entry's header claims size bytes while
// its data is the deflated body: the shape of a lying or bombed packet.
func writeRawZip(t *testing.T, name string, body []byte, size uint64) string {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(body)
	fw.Close()
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(body),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	p := filepath.Join(t.TempDir(), "packet.zip")
	if err := os.WriteFile(p, zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestVerifyBoundedReads: a zip whose directory claims a 1 TiB manifest, a
// manifest that inflates past the bound, and a packet file that is a
// symlink to /dev/zero each end in a clear result, not an out-of-memory
// crash or a read that never ends.
func TestVerifyBoundedReads(t *testing.T) {
	t.Run("1 TiB manifest", func(t *testing.T) {
		p := writeRawZip(t, ManifestFile, []byte(`{"files":[]}`), 1<<40)
		if fi, _ := os.Stat(p); fi.Size() > 400 {
			t.Logf("zip is %d bytes", fi.Size())
		}
		_, err := Verify(context.Background(), p)
		if err == nil || !strings.Contains(err.Error(), "manifest.json") || !strings.Contains(err.Error(), "1099511627776 bytes") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("zip-bombed manifest", func(t *testing.T) {
		body := bytes.Repeat([]byte(" "), 64<<20) // 64 MiB of spaces, about 64 KiB deflated
		p := writeRawZip(t, ManifestFile, body, uint64(len(body)))
		_, err := Verify(context.Background(), p)
		if err == nil || !strings.Contains(err.Error(), "more than the 1048576 expected") {
			t.Errorf("err = %v", err)
		}
		// The same bomb with a header that lies small: the read stops at the bound.
		p = writeRawZip(t, ManifestFile, body, 100)
		_, err = Verify(context.Background(), p)
		if err == nil || !strings.Contains(err.Error(), "inflates past the size it states") {
			t.Errorf("lying header: err = %v", err)
		}
	})
	t.Run("file is /dev/zero", func(t *testing.T) {
		if _, err := os.Stat("/dev/zero"); err != nil {
			t.Skip("no /dev/zero")
		}
		dir := t.TempDir()
		m := Manifest{Files: []ManifestEntry{{Name: "dpa.pdf", Size: 10, SHA256: strings.Repeat("a", 64)}}}
		b, _ := json.Marshal(m)
		os.WriteFile(filepath.Join(dir, ManifestFile), b, 0o644)
		os.Symlink("/dev/zero", filepath.Join(dir, "dpa.pdf"))
		res, err := Verify(context.Background(), dir)
		if err == nil && (res.OK || res.Files[0].Status == StatusOK) {
			t.Errorf("a device verified: %+v", res)
		}
	})
}

// TestVerifyManifestShape: a manifest that lists nothing verifies nothing
// and must not pass; nor may one with a duplicate, a bad digest or a
// document that is not among its files.
func TestVerifyManifestShape(t *testing.T) {
	sum := strings.Repeat("0", 64)
	tests := map[string]struct {
		manifest string
		want     string
	}{
		"no files":       {`{"files":[]}`, "lists no files"},
		"files absent":   {`{"generator":"x"}`, "lists no files"},
		"duplicate":      {`{"files":[{"name":"a.pdf","size":1,"sha256":"` + sum + `"},{"name":"a.pdf","size":1,"sha256":"` + sum + `"}]}`, "twice"},
		"bad digest":     {`{"files":[{"name":"a.pdf","size":1,"sha256":"xyz"}]}`, "not a SHA-256"},
		"negative size":  {`{"files":[{"name":"a.pdf","size":-1,"sha256":"` + sum + `"}]}`, "outside"},
		"unsafe name":    {`{"files":[{"name":"../a.pdf","size":1,"sha256":"` + sum + `"}]}`, "unsafe"},
		"stray document": {`{"documents":[{"kind":"dpa","title":"DPA","file":"dpa.pdf"}],"files":[{"name":"a.pdf","size":1,"sha256":"` + sum + `"}]}`, "not among the files"},
		"two values":     {`{"files":[{"name":"a.pdf","size":1,"sha256":"` + sum + `"}]} {}`, "more than one"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, ManifestFile), []byte(tt.manifest), 0o644)
			os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("x"), 0o644)
			res, err := Verify(context.Background(), dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Verify = %+v, %v; want an error with %q", res, err, tt.want)
			}
		})
	}
}

// TestZipEntryDates: every zip entry vouch writes, in a packet zip and
// inside an XLSX document, carries the document date, so that the same
// inputs give the same bytes and no entry reads as "1980-00-00".
func TestZipEntryDates(t *testing.T) {
	cat := kora(t)
	opts := testOptions()
	data, _, err := Render(context.Background(), cat, KindDPA, XLSX, opts, "")
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, b []byte) {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if !f.Modified.Equal(opts.Date) {
				t.Errorf("%s: %s is dated %v, want %v", what, f.Name, f.Modified, opts.Date)
			}
		}
	}
	check("dpa.xlsx", data)
	m, err := WritePacket(context.Background(), cat, PacketOptions{Options: opts, Dir: t.TempDir(), Zip: true, Format: XLSX, Docs: []Kind{KindDPA}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(m.Path)
	check("packet zip", b)
}

// FuzzVerify feeds packet verify arbitrary zips and manifests: it returns a
// result or an error, never panics, and reads within its bounds.
func FuzzVerify(f *testing.F) {
	dir := f.TempDir()
	m, err := WritePacket(context.Background(), kora(f), PacketOptions{Options: testOptions(), Dir: dir, Zip: true, Docs: []Kind{KindSubprocessors}})
	if err != nil {
		f.Fatal(err)
	}
	good, _ := os.ReadFile(m.Path)
	f.Add(good, []byte(nil))
	f.Add([]byte(nil), []byte(`{"files":[{"name":"a.pdf","size":1,"sha256":"`+strings.Repeat("0", 64)+`"}]}`))
	f.Add([]byte(nil), []byte(`{"files":[]}`))
	f.Add([]byte(nil), []byte(`{"files":[{"name":"../x","size":-1,"sha256":""}],"documents":[{"file":"y"}]}`))
	f.Fuzz(func(t *testing.T, zipBytes, manifest []byte) {
		dir := t.TempDir()
		var path string
		if len(zipBytes) > 0 {
			path = filepath.Join(dir, "p.zip")
			os.WriteFile(path, zipBytes, 0o644)
		} else {
			path = dir
			os.WriteFile(filepath.Join(dir, ManifestFile), manifest, 0o644)
			os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("x"), 0o644)
		}
		res, err := Verify(context.Background(), path)
		if err == nil && res == nil {
			t.Fatal("no result and no error")
		}
		if err == nil && res.OK && len(res.Files) == 0 {
			t.Fatal("a packet with no files verified")
		}
	})
}
