package dpa

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vouchcli/vouch/internal/testutil"
)

// sshKey makes a key pair with ssh-keygen and returns the private key path.
func sshKey(t *testing.T, typ string) string {
	t.Helper()
	bin := testutil.RequireTool(t, "ssh-keygen")
	p := filepath.Join(t.TempDir(), "id_"+typ)
	args := []string{"-q", "-t", typ, "-N", "", "-C", "vendor@example", "-f", p}
	if typ == "rsa" {
		args = append(args, "-b", "2048")
	}
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return p
}

// sshkeygenVerify runs ssh-keygen -Y verify on a message and signature, as
// a prospect would, with the public key as the one allowed signer.
func sshkeygenVerify(t *testing.T, pub string, message, sig []byte) (string, error) {
	t.Helper()
	bin := testutil.RequireTool(t, "ssh-keygen")
	dir := t.TempDir()
	allowed := filepath.Join(dir, "allowed_signers")
	pb, _ := os.ReadFile(pub)
	os.WriteFile(allowed, []byte("vendor "+string(pb)), 0o644)
	sigFile := filepath.Join(dir, "manifest.json.sig")
	os.WriteFile(sigFile, sig, 0o644)
	cmd := exec.Command(bin, "-Y", "verify", "-f", allowed, "-I", "vendor", "-n", SignatureNamespace, "-s", sigFile)
	cmd.Stdin = bytes.NewReader(message)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestPacketSSHSignature signs a packet's manifest with ed25519, RSA and
// ECDSA keys; ssh-keygen -Y verify accepts each signature and rejects the
// manifest with one byte changed; packet verify --key agrees, and accepts a
// signature ssh-keygen made itself.
func TestPacketSSHSignature(t *testing.T) {
	cat := kora(t)
	for _, typ := range []string{"ed25519", "rsa", "ecdsa"} {
		t.Run(typ, func(t *testing.T) {
			keyFile := sshKey(t, typ)
			pem, _ := os.ReadFile(keyFile)
			signer, err := ParseSigner(pem, nil)
			if err != nil {
				t.Fatal(err)
			}
			pubBytes, _ := os.ReadFile(keyFile + ".pub")
			pub, err := ParsePublicKey(pubBytes)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			m, err := WritePacket(context.Background(), cat, PacketOptions{Options: testOptions(), Dir: dir, Docs: []Kind{KindSubprocessors}, Signer: signer, Generator: "vouch test"})
			if err != nil {
				t.Fatal(err)
			}
			manifest, _ := os.ReadFile(filepath.Join(m.Path, ManifestFile))
			sig, err := os.ReadFile(filepath.Join(m.Path, SignatureFile))
			if err != nil {
				t.Fatal(err)
			}
			if out, err := sshkeygenVerify(t, keyFile+".pub", manifest, sig); err != nil || !strings.Contains(out, "Good \"vouch-packet\" signature for vendor") {
				t.Errorf("ssh-keygen -Y verify rejected the signature: %v\n%s", err, out)
			}
			changed := bytes.Clone(manifest)
			i := bytes.Index(changed, []byte(`"sha256": "`)) + 11
			changed[i] ^= 1
			if out, err := sshkeygenVerify(t, keyFile+".pub", changed, sig); err == nil {
				t.Errorf("ssh-keygen -Y verify accepted a changed manifest:\n%s", out)
			}

			res, err := VerifySigned(context.Background(), m.Path, pub)
			if err != nil || !res.OK || res.Signature != SigValid || m.Signature == nil || m.Signature.Key != res.SignedBy {
				t.Errorf("VerifySigned: %+v %v", res, err)
			}
			if res, _ := Verify(context.Background(), m.Path); !res.OK || res.Signature != SigNotChecked {
				t.Errorf("without a key: %+v", res)
			}
			// Another key: invalid.
			otherPub, _ := os.ReadFile(sshKey(t, "ed25519") + ".pub")
			other, _ := ParsePublicKey(otherPub)
			if res, err := VerifySigned(context.Background(), m.Path, other); err != nil || res.OK || res.Signature != SigInvalid || !strings.Contains(res.SignatureError, "not by the key given") {
				t.Errorf("another key: %+v %v", res, err)
			}
			// ssh-keygen's own signature over the manifest passes.
			bin := testutil.RequireTool(t, "ssh-keygen")
			cmd := exec.Command(bin, "-Y", "sign", "-f", keyFile, "-n", SignatureNamespace)
			cmd.Stdin = bytes.NewReader(manifest)
			theirs, err := cmd.Output()
			if err != nil {
				t.Fatalf("ssh-keygen -Y sign: %v", err)
			}
			if err := SSHVerify(pub, SignatureNamespace, manifest, theirs); err != nil {
				t.Errorf("ssh-keygen's signature: %v", err)
			}
			if err := SSHVerify(pub, "file", manifest, theirs); err == nil {
				t.Error("a signature from another namespace passed")
			}
			// The changed manifest fails VerifySigned too.
			os.WriteFile(filepath.Join(m.Path, ManifestFile), changed, 0o644)
			if res, err := VerifySigned(context.Background(), m.Path, pub); err != nil || res.OK || res.Signature != SigInvalid {
				t.Errorf("changed manifest: %+v %v", res, err)
			}
			// A key given and no signature: missing.
			os.Remove(filepath.Join(m.Path, SignatureFile))
			os.WriteFile(filepath.Join(m.Path, ManifestFile), manifest, 0o644)
			if res, err := VerifySigned(context.Background(), m.Path, pub); err != nil || res.OK || res.Signature != SigMissing {
				t.Errorf("no signature: %+v %v", res, err)
			}
		})
	}
}

// TestSignedZipSameBytes: an ed25519-signed zip packet is the same bytes
// on every run (ed25519 signatures are deterministic, zip times fixed).
func TestSignedZipSameBytes(t *testing.T) {
	keyFile := sshKey(t, "ed25519")
	pem, _ := os.ReadFile(keyFile)
	signer, err := ParseSigner(pem, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	for i := 0; i < 2; i++ {
		m, err := WritePacket(context.Background(), kora(t), PacketOptions{Options: testOptions(), Dir: t.TempDir(), Zip: true, Docs: []Kind{KindNDA}, Signer: signer})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(m.Path)
		got = append(got, b)
	}
	if !bytes.Equal(got[0], got[1]) {
		t.Error("two signed zips differ")
	}
}
