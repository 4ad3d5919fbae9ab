package storage

import "redline/briefing/actors"

// actorKey normalises a name exactly as the extractor keyed the actors it
// found, so that names typed by users meet the stored keys.
func actorKey(name string) string { return actors.Key(name) }
