package cmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/internal/testutil"
)

// TestMakeInstall: `make install` puts a working vouch in BINDIR, and a
// shell with BINDIR on its PATH runs it by name.
func TestMakeInstall(t *testing.T) {
	mk := testutil.RequireTool(t, "make")
	testutil.RequireTool(t, "go")
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bindir := filepath.Join(tmp, "bin")
	out, err := exec.Command(mk, "-C", root, "install", "BINDIR="+bindir, "BIN="+filepath.Join(tmp, "build", "vouch")).CombinedOutput()
	if err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "installed "+filepath.Join(bindir, "vouch")) || !strings.Contains(string(out), "is not on your PATH") {
		t.Errorf("make install says:\n%s", out)
	}
	sh := exec.Command("sh", "-c", "cd \"$1\" && vouch --version && vouch controls list -o json", "sh", tmp)
	sh.Env = append(os.Environ(), "PATH="+bindir+":"+os.Getenv("PATH"), "VOUCH_CATALOG=", "XDG_CONFIG_HOME="+tmp)
	got, err := sh.CombinedOutput()
	if err != nil || !strings.HasPrefix(string(got), "vouch ") || !strings.Contains(string(got), `"id": "ENC-02"`) {
		t.Errorf("vouch from PATH: %v\n%.300s", err, got)
	}
}
