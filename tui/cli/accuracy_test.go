package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sharedTools is the benchmark and evaluation toolkit kept beside the project.
var sharedTools = filepath.Join("..", "..", "..", "shared", "tools")

// TestAccuracyOnCorpus generates a small synthetic corpus with ../shared/tools/piicorpus,
// scans it with `stockade scan --format jsonl .` and scores it with pii-eval: precision at
// least 0.98, recall at least 0.97 overall and 0.95 for every type, and nothing in the
// binary noise files. It is skipped where ../shared is not beside the checkout, and with
// -short.
func TestAccuracyOnCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	tools, err := filepath.Abs(sharedTools)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(tools, "piicorpus")); err != nil {
		t.Skipf("no ../shared/tools beside the checkout: %v", err)
	}
	work := t.TempDir()
	build := exec.Command("go", "build", "-o", work, "./piicorpus", "./pii-eval")
	build.Dir = tools
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the shared tools: %v\n%s", err, out)
	}
	for _, seed := range []string{"7", "11"} {
		t.Run("seed "+seed, func(t *testing.T) {
			tree := filepath.Join(work, "corpus"+seed)
			gen := exec.Command(filepath.Join(work, "piicorpus"), "-out", tree, "-size", "3MB", "-seed", seed, "-q")
			if out, err := gen.CombinedOutput(); err != nil {
				t.Fatalf("piicorpus: %v\n%s", err, out)
			}
			truth := filepath.Join(work, "truth"+seed+".jsonl")
			if err := os.Rename(filepath.Join(tree, "truth.jsonl"), truth); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(tree, "manifest.json"))
			t.Chdir(tree)
			var out, errb bytes.Buffer
			if code := Run(context.Background(), []string{"scan", "--format", "jsonl", "."}, IO{In: strings.NewReader(""), Out: &out, Err: &errb}); code != 0 {
				t.Fatalf("scan exit %d: %s", code, errb.String())
			}
			found := filepath.Join(work, "found"+seed+".jsonl")
			os.WriteFile(found, out.Bytes(), 0o600)
			for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
				if strings.Contains(line, `.jpg"`) || strings.Contains(line, `.bin"`) {
					t.Errorf("a finding in a binary noise file: %s", line)
				}
			}
			ev := exec.Command(filepath.Join(work, "pii-eval"), "-truth", truth, "-found", found, "-json")
			res, err := ev.Output()
			if err != nil {
				t.Fatalf("pii-eval: %v", err)
			}
			var score struct {
				Precision, Recall float64
				Types             []struct {
					Type      string
					Precision float64
					Recall    float64
				}
			}
			if err := json.Unmarshal(res, &score); err != nil {
				t.Fatal(err)
			}
			t.Logf("precision %.3f recall %.3f", score.Precision, score.Recall)
			if score.Precision < 0.98 || score.Recall < 0.97 {
				t.Errorf("precision %.3f recall %.3f: want at least 0.98 and 0.97", score.Precision, score.Recall)
			}
			for _, ty := range score.Types {
				if ty.Recall < 0.95 {
					t.Errorf("%s recall %.3f: want at least 0.95", ty.Type, ty.Recall)
				}
			}
		})
	}
}
