package oscal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxSize is the largest OSCAL file Read accepts (64 MiB). NIST's whole
// SP 800-53 catalog is about 10 MB of JSON.
const MaxSize = 64 << 20

// ErrTooLarge marks a file over the size limit.
var ErrTooLarge = errors.New("file too large")

// models are OSCAL's top-level model keys and what they are called.
var models = map[string]string{
	"catalog":                       "catalog",
	"profile":                       "profile",
	"component-definition":          "component definition",
	"system-security-plan":          "system security plan (SSP)",
	"assessment-plan":               "assessment plan",
	"assessment-results":            "assessment results",
	"plan-of-action-and-milestones": "plan of action and milestones (POA&M)",
}

// Read reads an OSCAL document (JSON, or YAML for a .yaml/.yml name) of at
// most max bytes (0: MaxSize) and returns its model key and its content as
// generic JSON values. Every error names the file.
func Read(path string, max int64) (string, map[string]any, error) {
	if max <= 0 {
		max = MaxSize
	}
	f, err := os.Open(path)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil {
		if info.IsDir() {
			return "", nil, fmt.Errorf("%s: is a directory, not an OSCAL file", path)
		}
		if info.Size() > max {
			return "", nil, fmt.Errorf("%s: %w: %s, the limit is %s", path, ErrTooLarge, size(info.Size()), size(max))
		}
	}
	// The size may change after Stat (or Stat may lie, as for a pipe):
	// never read more than the limit.
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(b)) > max {
		return "", nil, fmt.Errorf("%s: %w: more than %s", path, ErrTooLarge, size(max))
	}
	return Parse(path, b)
}

// Parse decodes an OSCAL document read from name; see Read.
func Parse(name string, b []byte) (string, map[string]any, error) {
	var v any
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		var y any
		if err := yaml.Unmarshal(b, &y); err != nil {
			return "", nil, fmt.Errorf("%s: not YAML: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		// Round-trip through JSON: the same value types as a JSON input.
		j, err := json.Marshal(y)
		if err != nil {
			return "", nil, fmt.Errorf("%s: YAML that has no JSON form: %v", name, err)
		}
		b = j
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", nil, fmt.Errorf("%s: not JSON: %s", name, jsonError(b, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", nil, fmt.Errorf("%s: not JSON: more data after the first value", name)
	}
	top, ok := v.(map[string]any)
	if !ok {
		return "", nil, fmt.Errorf("%s: valid JSON but not an OSCAL document: the top level is %s, not an object", name, kind(v))
	}
	var found []string
	for k := range top {
		if _, ok := models[k]; ok {
			found = append(found, k)
		}
	}
	sort.Strings(found)
	switch len(found) {
	case 0:
		keys := make([]string, 0, len(top))
		for k := range top {
			keys = append(keys, strconv.Quote(k))
		}
		sort.Strings(keys)
		if len(keys) > 5 {
			keys = append(keys[:5], "...")
		}
		return "", nil, fmt.Errorf("%s: valid JSON but not an OSCAL document: no OSCAL model at the top level (found %s; want component-definition)", name, strings.Join(keys, ", "))
	case 1:
	default:
		return "", nil, fmt.Errorf("%s: not an OSCAL document: more than one model at the top level (%s)", name, strings.Join(found, ", "))
	}
	m, ok := top[found[0]].(map[string]any)
	if !ok {
		return "", nil, fmt.Errorf("%s: not an OSCAL document: %s is %s, not an object", name, found[0], kind(top[found[0]]))
	}
	return found[0], m, nil
}

func jsonError(b []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
		return fmt.Sprintf("line %d: %v", line, se)
	}
	if errors.Is(err, io.EOF) {
		return "the file is empty"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "it ends in the middle of a value"
	}
	return err.Error()
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "text"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
