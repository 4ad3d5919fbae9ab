package bot

import (
	"testing"
	"time"
)

func TestTimeZonesAllLoad(t *testing.T) {
	if len(timeZones) < 300 || timeZones[0] != "UTC" {
		t.Fatalf("%d zones, first %q", len(timeZones), timeZones[0])
	}
	for _, z := range timeZones {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("zone %q does not load: %v", z, err)
		}
	}
	if got := zoneChoices(""); len(got) != autocompleteN {
		t.Errorf("%d choices for nothing typed, want %d", len(got), autocompleteN)
	}
	if got := zoneChoices("zzz"); len(got) != 0 {
		t.Errorf("choices for zzz: %+v", got)
	}
}
