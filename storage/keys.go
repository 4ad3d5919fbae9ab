package storage

import "strings"

// actorKey normalises a name the way briefing/actors does, so that names
// typed by users meet the keys the extractor stored.
// TODO(lead): switch to actors.Key from redline/briefing/actors once it lands.
func actorKey(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(name)), " ")
}
