package dpa

import (
	"bytes"
	"crypto/rand"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"
)

// SSH signatures (OpenSSH PROTOCOL.sshsig), the format of `ssh-keygen -Y
// sign`: a prospect checks a signed packet's manifest with
//
//	ssh-keygen -Y verify -f allowed_signers -I IDENTITY -n vouch-packet \
//	    -s manifest.json.sig < manifest.json
//
// and nothing else.

// SignatureNamespace is the namespace packet signatures are made in: a
// signature for another purpose (a git commit, a file) never passes as a
// packet's.
const SignatureNamespace = "vouch-packet"

const (
	sshsigMagic   = "SSHSIG"
	sshsigVersion = 1
	sshsigHash    = "sha512"
	sshsigBegin   = "-----BEGIN SSH SIGNATURE-----"
	sshsigEnd     = "-----END SSH SIGNATURE-----"
	// maxSignatureSize bounds the .sig file Verify reads: an RSA-16384
	// signature is under 6 KiB armored.
	maxSignatureSize = 64 << 10
)

// sshsigBlob is the signature file's body after the magic.
type sshsigBlob struct {
	Version       uint32
	PublicKey     []byte
	Namespace     string
	Reserved      string
	HashAlgorithm string
	Signature     []byte
}

// signedData is what the key signs: the magic, then the namespace, the
// reserved field, the hash algorithm and the message's hash.
func signedData(namespace, hashAlg string, message []byte) []byte {
	var h []byte
	switch hashAlg {
	case "sha512":
		s := sha512.Sum512(message)
		h = s[:]
	}
	return append([]byte(sshsigMagic), ssh.Marshal(struct {
		Namespace, Reserved, HashAlgorithm string
		Hash                               []byte
	}{namespace, "", hashAlg, h})...)
}

// SSHSign signs message in the namespace and returns the armored
// signature, as `ssh-keygen -Y sign -n namespace` writes it. RSA keys sign
// with rsa-sha2-512 (SHA-1 "ssh-rsa" signatures are refused by OpenSSH).
func SSHSign(signer ssh.Signer, namespace string, message []byte) ([]byte, error) {
	data := signedData(namespace, sshsigHash, message)
	var sig *ssh.Signature
	var err error
	if as, ok := signer.(ssh.AlgorithmSigner); ok && signer.PublicKey().Type() == ssh.KeyAlgoRSA {
		sig, err = as.SignWithAlgorithm(rand.Reader, data, ssh.KeyAlgoRSASHA512)
	} else {
		sig, err = signer.Sign(rand.Reader, data)
	}
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	body := append([]byte(sshsigMagic), ssh.Marshal(sshsigBlob{
		Version:       sshsigVersion,
		PublicKey:     signer.PublicKey().Marshal(),
		Namespace:     namespace,
		HashAlgorithm: sshsigHash,
		Signature:     ssh.Marshal(sig),
	})...)
	enc := base64.StdEncoding.EncodeToString(body)
	var b strings.Builder
	b.WriteString(sshsigBegin + "\n")
	for len(enc) > 70 {
		b.WriteString(enc[:70] + "\n")
		enc = enc[70:]
	}
	b.WriteString(enc + "\n" + sshsigEnd + "\n")
	return []byte(b.String()), nil
}

// SSHVerify checks an armored SSH signature of message: made in the
// namespace, by key, over message.
func SSHVerify(key ssh.PublicKey, namespace string, message, armored []byte) error {
	s := strings.TrimSpace(string(armored))
	if !strings.HasPrefix(s, sshsigBegin) || !strings.HasSuffix(s, sshsigEnd) {
		return errors.New("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)")
	}
	s = strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimPrefix(s, sshsigBegin), sshsigEnd)), "")
	body, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return fmt.Errorf("not an SSH signature: %w", err)
	}
	if !bytes.HasPrefix(body, []byte(sshsigMagic)) {
		return errors.New("not an SSH signature (no SSHSIG magic)")
	}
	var blob sshsigBlob
	if err := ssh.Unmarshal(body[len(sshsigMagic):], &blob); err != nil {
		return fmt.Errorf("malformed SSH signature: %w", err)
	}
	if blob.Version != sshsigVersion {
		return fmt.Errorf("SSH signature version %d, want %d", blob.Version, sshsigVersion)
	}
	if blob.Namespace != namespace {
		return fmt.Errorf("the signature is for namespace %q, not %q", blob.Namespace, namespace)
	}
	if blob.HashAlgorithm != "sha512" {
		return fmt.Errorf("unsupported signature hash %q", blob.HashAlgorithm)
	}
	signer, err := ssh.ParsePublicKey(blob.PublicKey)
	if err != nil {
		return fmt.Errorf("malformed SSH signature: its key: %w", err)
	}
	if !bytes.Equal(signer.Marshal(), key.Marshal()) {
		return fmt.Errorf("signed by %s %s, not by the key given (%s)", signer.Type(), ssh.FingerprintSHA256(signer), ssh.FingerprintSHA256(key))
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal(blob.Signature, &sig); err != nil {
		return fmt.Errorf("malformed SSH signature: %w", err)
	}
	if sig.Format == ssh.KeyAlgoRSA {
		return errors.New("the signature uses ssh-rsa (SHA-1), which OpenSSH refuses")
	}
	if err := key.Verify(signedData(namespace, blob.HashAlgorithm, message), &sig); err != nil {
		return errors.New("the signature does not match: the manifest changed after it was signed, or it was signed by another key")
	}
	return nil
}

// ParseSigner reads an OpenSSH private key (PEM). A passphrase-protected
// key needs passphrase; ErrPassphrase is returned when it is missing.
func ParseSigner(pemBytes, passphrase []byte) (ssh.Signer, error) {
	var s ssh.Signer
	var err error
	if len(passphrase) > 0 {
		s, err = ssh.ParsePrivateKeyWithPassphrase(pemBytes, passphrase)
	} else {
		s, err = ssh.ParsePrivateKey(pemBytes)
	}
	var pm *ssh.PassphraseMissingError
	if errors.As(err, &pm) {
		return nil, ErrPassphrase
	}
	return s, err
}

// ErrPassphrase is a private key that needs a passphrase.
var ErrPassphrase = errors.New("the key is protected by a passphrase")

// ParsePublicKey reads a public key in authorized_keys form ("ssh-ed25519
// AAAA... comment"), as in a .pub file or an allowed_signers line without
// its principals.
func ParsePublicKey(b []byte) (ssh.PublicKey, error) {
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(l)); err == nil {
			return k, nil
		}
		// An allowed_signers line: principals (and options) before the key.
		if f := strings.Fields(l); len(f) >= 3 {
			for i := 1; i < len(f)-1; i++ {
				if k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(strings.Join(f[i:], " "))); err == nil {
					return k, nil
				}
			}
		}
		return nil, errors.New("not an SSH public key (want the one line of a .pub file)")
	}
	return nil, errors.New("no SSH public key in it")
}
