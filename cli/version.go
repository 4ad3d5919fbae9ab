package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
)

func versionCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	return func(_ context.Context, a *app, args []string) error {
		if len(args) > 0 {
			return usagef("version takes no arguments")
		}
		fmt.Fprintf(a.stdout, "redline %s\n", a.versionString())
		return nil
	}
}

// versionString is the version main was built with (-ldflags "-X
// main.version=…"), else the module's from the build information.
func (a *app) versionString() string {
	if a.version != "" {
		return a.version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		v := info.Main.Version
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return v + " (" + s.Value[:12] + ")"
			}
		}
		if v != "" {
			return v
		}
	}
	return "(devel)"
}
