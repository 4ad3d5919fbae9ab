package storage

// CheckActorCounts is checkActorCounts for the conformance suite, which
// runs in package storage_test.
var CheckActorCounts = checkActorCounts
