package dpa

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/internal/testutil"
)

// TestEncryptRevision6 asks qpdf how an encrypted packet PDF is protected:
// AES-256 through revision 6 of the standard security handler, and an owner
// password that is not the user's (the user password does not lift the
// no-copy restriction).
func TestEncryptRevision6(t *testing.T) {
	bin := testutil.RequireTool(t, "qpdf")
	data, _, err := Render(context.Background(), kora(t), KindNDA, PDF, testOptions(), "user pass")
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "enc.pdf")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--password=user pass", "--show-encryption", f).CombinedOutput()
	if err != nil {
		t.Fatalf("qpdf --show-encryption: %v\n%s", err, out)
	}
	s := string(out)
	for _, re := range []string{`(?m)^R = 6$`, `AESv3`, `(?m)^extract for any purpose: not allowed$`, `(?m)^print high resolution: allowed$`} {
		if !regexp.MustCompile(re).MatchString(s) {
			t.Errorf("qpdf --show-encryption lacks %s:\n%s", re, s)
		}
	}
	// qpdf says which password opened the file: the user's is not the owner's.
	if strings.Contains(s, "Supplied password is owner password") || !strings.Contains(s, "Supplied password is user password") {
		t.Errorf("the user password is also the owner password:\n%s", s)
	}
	if out, err := qpdfCheck(t, data, "--password=user pass"); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	// Two encryptions use two owner passwords (and salts): different bytes.
	again, _, err := Render(context.Background(), kora(t), KindNDA, PDF, testOptions(), "user pass")
	if err != nil {
		t.Fatal(err)
	}
	if string(again) == string(data) {
		t.Error("two encryptions gave the same bytes: the owner password is not random")
	}
	if _, err := encrypt(data, "same", "same"); err == nil {
		t.Error("an owner password equal to the user password was accepted")
	}
}
