package cmd

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/vouchcli/vouch/controls"
	"github.com/vouchcli/vouch/dpa"
)

// completer lists the values a flag or argument takes, read from the
// catalog where they live there.
type completer func(f *Factory, cmd *cobra.Command) []string

// flagCompletions are the values of flags wherever a command has them and
// registers none of its own.
var flagCompletions = map[string]completer{
	"status": func(*Factory, *cobra.Command) []string { return names(controls.Statuses) },
	"domain": func(f *Factory, cmd *cobra.Command) []string {
		if cat := completionCatalog(f, cmd); cat != nil {
			return cat.Domains()
		}
		return nil
	},
	"framework": func(f *Factory, cmd *cobra.Command) []string {
		cat := completionCatalog(f, cmd)
		if cat == nil {
			return nil
		}
		var out []string
		for _, c := range cat.Controls {
			out = append(out, c.Frameworks.Keys()...)
		}
		slices.Sort(out)
		return slices.Compact(out)
	},
	"format": func(*Factory, *cobra.Command) []string { return []string{string(dpa.PDF), string(dpa.XLSX)} },
	"docs":   func(*Factory, *cobra.Command) []string { return names(dpa.Kinds) },
}

// listFlags take comma-separated values: completion offers the next one.
var listFlags = map[string]bool{"docs": true}

// controlArgs are the commands whose first argument is a control ID.
var controlArgs = map[string]bool{"vouch controls show": true, "vouch controls set": true}

// addCompletions gives every command the completions it lacks: control IDs
// (with their titles) as the argument of `controls show` and `controls set`,
// and the values of --status, --domain, --framework, --format and --docs.
// -o/--output registers its own formats (addOutputFlag).
func addCompletions(f *Factory, root *cobra.Command) {
	walk(root, func(c *cobra.Command) {
		if controlArgs[c.CommandPath()] && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				cat := completionCatalog(f, cmd)
				if cat == nil {
					return nil, cobra.ShellCompDirectiveError
				}
				var out []string
				for _, ct := range cat.Controls {
					if strings.HasPrefix(strings.ToLower(ct.ID), strings.ToLower(toComplete)) {
						out = append(out, ct.ID+"\t"+ct.Title)
					}
				}
				return out, cobra.ShellCompDirectiveNoFileComp
			}
		}
		for name, values := range flagCompletions {
			if c.LocalFlags().Lookup(name) == nil {
				continue
			}
			if _, ok := c.GetFlagCompletionFunc(name); ok {
				continue
			}
			list := listFlags[name]
			_ = c.RegisterFlagCompletionFunc(name, func(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				prefix := ""
				if i := strings.LastIndexByte(toComplete, ','); list && i >= 0 {
					prefix = toComplete[:i+1]
				}
				var out []string
				chosen := strings.Split(prefix, ",")
				for _, v := range values(f, cmd) {
					if !slices.Contains(chosen, v) {
						out = append(out, prefix+v)
					}
				}
				return out, cobra.ShellCompDirectiveNoFileComp
			})
		}
	})
}

// completionCatalog loads the catalog the command line names (--catalog,
// VOUCH_CATALOG, vouch.yaml, else the embedded one), or nil: completion
// runs without the root's PersistentPreRunE.
func completionCatalog(f *Factory, cmd *cobra.Command) *controls.Catalog {
	if err := resolveConfig(f, viper.New(), cmd); err != nil {
		return nil
	}
	cat, err := f.Catalog(cmd.Context())
	if err != nil {
		return nil
	}
	return cat
}

func names[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = string(s)
	}
	return out
}
