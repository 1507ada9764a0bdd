package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	"github.com/vouchcli/vouch/internal/output"
)

// configKeys are the keys vouch.yaml may hold, each also read from VOUCH_<KEY>
// (upper case). Flags override both; vouch.yaml is the lowest layer.
var configKeys = []string{"catalog", "min_confidence", "governing_law", "signatory", "output"}

// maxConfigSize bounds vouch.yaml: a few lines of settings.
const maxConfigSize = 1 << 20

// configValues is vouch.yaml as read: key -> value and the line it is on.
type configValues struct {
	values map[string]string
	lines  map[string]int
}

// readConfig parses vouch.yaml as strictly as the catalog: a mapping of the
// known keys to single values; anything else is an error naming file:line.
func readConfig(name string) (configValues, error) {
	cv := configValues{values: map[string]string{}, lines: map[string]int{}}
	info, err := os.Stat(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return cv, fmt.Errorf("config %s: no such file", name)
		}
		return cv, fmt.Errorf("config %s: %w", name, errTextOf(err))
	}
	if !info.Mode().IsRegular() {
		what := "not a regular file"
		if info.IsDir() {
			what = "a folder, not a file"
		}
		return cv, fmt.Errorf("config %s: %s", name, what)
	}
	f, err := os.Open(name)
	if err != nil {
		return cv, fmt.Errorf("config %s: %w", name, errTextOf(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return cv, fmt.Errorf("config %s: %w", name, err)
	}
	if len(b) > maxConfigSize {
		return cv, fmt.Errorf("config %s: larger than %d KiB; vouch.yaml holds a few settings", name, maxConfigSize>>10)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return cv, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return cv, fmt.Errorf("config %s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return cv, nil // comments only
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return cv, fmt.Errorf("%s:%d: the config must be a mapping of settings (%s)", name, root.Line, strings.Join(configKeys, ", "))
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !slices.Contains(configKeys, k.Value) {
			hint := ""
			if s := closest(k.Value, configKeys); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			return cv, fmt.Errorf("%s:%d: unknown key %q%s; known keys: %s", name, k.Line, k.Value, hint, strings.Join(configKeys, ", "))
		}
		if _, dup := cv.lines[k.Value]; dup {
			return cv, fmt.Errorf("%s:%d: %s is set twice (first on line %d)", name, k.Line, k.Value, cv.lines[k.Value])
		}
		if v.Kind != yaml.ScalarNode {
			return cv, fmt.Errorf("%s:%d: %s must be a single value", name, v.Line, k.Value)
		}
		cv.lines[k.Value] = k.Line
		if v.Tag == "!!null" {
			continue
		}
		if err := checkConfigValue(k.Value, v.Value); err != nil {
			return cv, fmt.Errorf("%s:%d: %w", name, v.Line, err)
		}
		cv.values[k.Value] = v.Value
	}
	return cv, nil
}

// checkConfigValue checks one setting, from vouch.yaml or VOUCH_*.
func checkConfigValue(key, value string) error {
	switch key {
	case "min_confidence":
		x, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || !(x > 0 && x <= 1) { // !(...) also refuses NaN
			return fmt.Errorf("min_confidence: %q is not a number above 0 and at most 1", value)
		}
	case "output":
		if _, err := output.ParseFormat(value, output.Formats); err != nil {
			return fmt.Errorf("output: %w", err)
		}
	}
	if strings.IndexFunc(value, func(r rune) bool { return r < ' ' && r != '\t' }) >= 0 {
		return fmt.Errorf("%s holds a line break or control character", key)
	}
	return nil
}

// closest is the known key within two edits of s, if any.
func closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(strings.ToLower(s), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func errTextOf(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// resolveConfig resolves the configuration once: flags over VOUCH_*
// environment variables over vouch.yaml. Settings that are defaults of a
// command's flags (min_confidence, governing_law, output) are put into the
// flags the user did not give.
func resolveConfig(f *Factory, v *viper.Viper, cmd *cobra.Command) error {
	cfgFile, _ := cmd.Flags().GetString("config")
	if cfgFile == "" {
		var err error
		if cfgFile, err = findConfig(); err != nil {
			return err
		}
	}
	var file configValues
	if cfgFile != "" {
		var err error
		if file, err = readConfig(cfgFile); err != nil {
			return err
		}
	}
	for _, key := range configKeys {
		if err := v.BindEnv(key, "VOUCH_"+strings.ToUpper(key)); err != nil {
			return err
		}
		if val, ok := file.values[key]; ok {
			v.SetDefault(key, val)
		}
	}
	if err := v.BindPFlag("catalog", cmd.Flags().Lookup("catalog")); err != nil {
		return err
	}
	for _, key := range configKeys[1:] {
		env := "VOUCH_" + strings.ToUpper(key)
		if val := os.Getenv(env); val != "" {
			if err := checkConfigValue(key, val); err != nil {
				return fmt.Errorf("%s: %w", env, err)
			}
		}
	}
	cfg := f.Config()
	cfg.ConfigFile = cfgFile
	cfg.Catalog = v.GetString("catalog")
	cfg.MinConfidence = v.GetString("min_confidence")
	cfg.GoverningLaw = v.GetString("governing_law")
	cfg.Signatory = v.GetString("signatory")
	cfg.Output = v.GetString("output")
	// A catalog path in vouch.yaml is relative to that file.
	if cfg.Catalog != "" && cfg.ConfigFile != "" && !cmd.Flags().Changed("catalog") && os.Getenv("VOUCH_CATALOG") == "" && !filepath.IsAbs(cfg.Catalog) {
		cfg.Catalog = filepath.Join(filepath.Dir(cfg.ConfigFile), cfg.Catalog)
	}
	flagDefault(cmd, "min-confidence", cfg.MinConfidence)
	flagDefault(cmd, "law", cfg.GoverningLaw)
	if cfg.Output != "" && slices.Contains(strings.Split(cmd.Annotations["formats"], ","), cfg.Output) {
		flagDefault(cmd, "output", cfg.Output)
	}
	return nil
}

// flagDefault sets flag name of cmd to value when the user did not give it.
// The flag is not marked as given: checks such as "--out and -o do not go
// together" still see only what the user typed.
func flagDefault(cmd *cobra.Command, name, value string) {
	fl := cmd.Flags().Lookup(name)
	if fl == nil || fl.Changed || value == "" {
		return
	}
	_ = fl.Value.Set(value) // checked by checkConfigValue
}

// findConfig returns ./vouch.yaml, else $XDG_CONFIG_HOME/vouch/vouch.yaml
// (~/.config/vouch/vouch.yaml), else "". A vouch.yaml that is there but is
// not a file (a folder, a FIFO) is an error, not a silent skip.
func findConfig() (string, error) {
	candidates := []string{"vouch.yaml"}
	if xdg := os.Getenv("XDG_CONFIG_HOME"); xdg != "" {
		candidates = append(candidates, filepath.Join(xdg, "vouch", "vouch.yaml"))
	} else if home, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, ".config", "vouch", "vouch.yaml"))
	}
	for _, c := range candidates {
		info, err := os.Stat(c)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("config %s: %w", c, errTextOf(err))
		}
		if !info.Mode().IsRegular() {
			if info.IsDir() {
				return "", fmt.Errorf("config %s: a folder, not a file (move it away or pass --config FILE)", c)
			}
			return "", fmt.Errorf("config %s: not a regular file", c)
		}
		return c, nil
	}
	return "", nil
}
