package warnings

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// devDir is the shared evaluation set, present in the team's tree and in
// CI but not in a user's clone.
var devDir = filepath.Join("..", "..", "..", "shared", "eval", "dev")

type devArticle struct {
	id   string
	text string
}

func loadDev(tb testing.TB) []devArticle {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(devDir, "*.txt"))
	if err != nil || len(paths) == 0 {
		tb.Skip("the shared evaluation set is absent")
	}
	sort.Strings(paths)
	var out []devArticle
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, devArticle{id: strings.TrimSuffix(filepath.Base(p), ".txt"), text: string(b)})
	}
	return out
}

func predictionsJSONL(tb testing.TB, arts []devArticle) []byte {
	tb.Helper()
	x := New()
	var buf bytes.Buffer
	for _, a := range arts {
		ws, err := x.Extract(context.Background(), ArticleFromText(a.text))
		if err != nil {
			tb.Fatal(err)
		}
		line, err := PredictionJSON(a.id, ws)
		if err != nil {
			tb.Fatal(err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// TestDevSetScore scores the extractor on the shared dev set with the
// project's scorer: F1 at least 0.85 with precision at least 0.88 (the
// issue asks 0.70/0.75; the floor keeps what was reached).
// REDLINE_DEV_VERBOSE=1 lists every miss; REDLINE_DEV_OUT=FILE keeps the
// predictions.
func TestDevSetScore(t *testing.T) {
	arts := loadDev(t)
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	preds := predictionsJSONL(t, arts)
	if out := os.Getenv("REDLINE_DEV_OUT"); out != "" {
		if err := os.WriteFile(out, preds, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{filepath.Join(devDir, "..", "score.py"), "--gold", devDir}
	if os.Getenv("REDLINE_DEV_VERBOSE") != "" {
		args = append(args, "--verbose")
	}
	cmd := exec.Command(python, args...)
	cmd.Stdin = bytes.NewReader(preds)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("score.py failed: %v\n%s", err, out)
	}
	t.Logf("\n%s", out)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var f1, p, r float64
	if _, err := fmt.Sscanf(lines[len(lines)-1], "f1 %f precision %f recall %f", &f1, &p, &r); err != nil {
		t.Fatalf("cannot read the scorer's summary %q: %v", lines[len(lines)-1], err)
	}
	if f1 < 0.85 || p < 0.88 {
		t.Errorf("dev set: F1 %.3f precision %.3f recall %.3f; want F1 >= 0.85 and precision >= 0.88", f1, p, r)
	}
	// the Go port of the scorer (heldout_test.go) must count as score.py does
	var tp, fp, fn int
	for _, l := range lines {
		if _, err := fmt.Sscanf(l, "true positives %d  false positives %d  false negatives %d", &tp, &fp, &fn); err == nil {
			break
		}
	}
	if got, _ := scoreFolder(t, devDir); got != (scoreCounts{tp, fp, fn}) {
		t.Errorf("Go scorer counts %+v, score.py tp %d fp %d fn %d", got, tp, fp, fn)
	}
}
