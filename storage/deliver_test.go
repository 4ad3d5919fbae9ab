package storage

import (
	"context"
	"testing"
	"time"
)

func TestDeliveriesReserveMarkRelease(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	if prev, err := s.ReserveDelivery(ctx, "k", "c1", feedsT0); err != nil || prev != "" {
		t.Fatalf("first reserve = %q, %v", prev, err)
	}
	if prev, _ := s.ReserveDelivery(ctx, "k", "c1", feedsT0); prev != "reserved" {
		t.Fatalf("second reserve = %q, want reserved", prev)
	}
	if err := s.ReleaseDelivery(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if prev, _ := s.ReserveDelivery(ctx, "k", "c1", feedsT0); prev != "" {
		t.Fatalf("reserve after release = %q", prev)
	}
	if err := s.MarkDelivered(ctx, "k", feedsT0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseDelivery(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.DeliveryStatus(ctx, "k"); st != "sent" {
		t.Fatalf("a sent delivery was released: %q", st)
	}
	if prev, _ := s.ReserveDelivery(ctx, "k", "c1", feedsT0); prev != "sent" {
		t.Fatalf("reserve of a sent key = %q", prev)
	}
}
