package actors

import "testing"

func TestIsNameable(t *testing.T) {
	for name, want := range map[string]bool{
		"Vladimir Putin":           true,
		"Russia":                   true,
		"the Kremlin":              true,
		"Bosnia and Herzegovina":   true,
		"European Commission":      true,
		"Chang Ho-jin":             true,
		"习近平":                      true, // no letter case: judged by the other rules
		"Russia and Norway":        false,
		"Seoul & Tokyo":            false,
		"Paris, Berlin":            false,
		"A Commission spokeswoman": false,
		"an official":              false,
		"Western officials":        false,
		"officials":                false,
		"the adviser":              false,
		"some diplomat":            false,
		"":                         false,
		"  ":                       false,
	} {
		if got := IsNameable(name); got != want {
			t.Errorf("IsNameable(%q) = %v, want %v", name, got, want)
		}
	}
}
