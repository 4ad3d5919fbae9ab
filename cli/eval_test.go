package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeGold writes an article and its gold warnings into dir.
func writeGold(t *testing.T, dir, id, text, gold string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, id+".txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, id+".gold.json"), []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEvalScoresAGoldFolder(t *testing.T) {
	gold := t.TempDir()
	// a gold warning no extractor can find: its evidence is not in the text
	writeGold(t, gold, "quiet", "Harbour reopens\n\n"+strings.Repeat("The harbour reopened on Monday after long repairs to its northern wall. ", 6)+"\n",
		`{"warnings": [{"speaker": "Ana Ruiz", "evidence": ["Ana Ruiz warned the port would flood."]}]}`)
	writeGold(t, gold, "empty", "Markets calm\n\n"+strings.Repeat("Shares were flat on Tuesday as traders waited for the figures. ", 6)+"\n", `{"warnings": []}`)
	code, out, errOut := runCLI(t, t.TempDir(), nil, "eval", "-gold", gold, "-verbose")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{`FN quiet: "Ana Ruiz"`, "articles 2", "false negatives 1", "f1 0.000 precision 0.000 recall 0.000"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if last := strings.TrimSpace(out)[strings.LastIndex(strings.TrimSpace(out), "\n")+1:]; !strings.HasPrefix(last, "f1 ") {
		t.Errorf("the summary is not the last line, as score.py prints it: %q", last)
	}
	// the files given are scored against the folder's gold
	code, out, _ = runCLI(t, t.TempDir(), nil, "eval", "-gold", gold, filepath.Join(gold, "empty.txt"))
	if code != 0 || !strings.Contains(out, "articles 1") {
		t.Errorf("eval of one file: exit %d\n%s", code, out)
	}
}

func TestEvalRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, dir, nil, "eval"); code != 2 || !strings.Contains(errOut, "-gold DIR") {
		t.Errorf("no -gold: exit %d %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, dir, nil, "eval", "-gold", filepath.Join(dir, "missing")); code != 2 || !strings.Contains(errOut, "is not a folder") {
		t.Errorf("missing folder: exit %d %q", code, errOut)
	}
	gold := t.TempDir()
	if err := os.WriteFile(filepath.Join(gold, "a.txt"), []byte("Head\n\nBody text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, dir, nil, "eval", "-gold", gold); code != 1 || !strings.Contains(errOut, "a.gold.json is missing") {
		t.Errorf("article without gold: exit %d %q", code, errOut)
	}
}
