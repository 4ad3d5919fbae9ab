package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"redline/briefing"
	"redline/storage"
)

func versionCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	verbose := fs.Bool("v", false, "also print the Go version and the history database's size and contents")
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) > 0 {
			return usagef("version takes no arguments")
		}
		fmt.Fprintf(a.stdout, "redline %s\n", a.versionString())
		if !*verbose {
			return nil
		}
		fmt.Fprintf(a.stdout, "go        %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
		cfg, err := a.config()
		if err != nil {
			return err
		}
		store, err := storage.OpenReadOnly(ctx, cfg.Database.Path)
		if briefing.ErrorCode(err) == briefing.ENOTFOUND {
			fmt.Fprintf(a.stdout, "database  %s (not created yet)\n", cfg.Database.Path)
			return nil
		}
		if err != nil {
			return err
		}
		a.history = store
		u, err := store.Usage(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "database  %s: %s", u.Path, humanBytes(u.FileBytes))
		if u.WALBytes > 0 {
			fmt.Fprintf(a.stdout, " + %s write-ahead log", humanBytes(u.WALBytes))
		}
		if u.FreeBytes > 0 {
			fmt.Fprintf(a.stdout, " (%s of it free, reused before the file grows)", humanBytes(u.FreeBytes))
		}
		fmt.Fprintln(a.stdout)
		for _, r := range u.Rows {
			fmt.Fprintf(a.stdout, "  %-17s %d\n", strings.ReplaceAll(r.Table, "_", " "), r.Rows)
		}
		fmt.Fprintf(a.stdout, "Delivery records and feed items older than %d days are pruned daily while the bot runs.\n",
			int(storage.DefaultRetention.Hours()/24))
		return nil
	}
}

// humanBytes writes a size in bytes, kB, MB or GB (decimal units).
func humanBytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
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
