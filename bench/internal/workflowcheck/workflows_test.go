package workflowcheck

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/rtnlx/rtnlx/conformance"
)

// root is the repository's top directory, from bench/internal/workflowcheck.
const root = "../../.."

// A workflow is the part of a GitHub Actions workflow these tests read.
type workflow struct {
	Jobs map[string]job `yaml:"jobs"`
}

type job struct {
	Needs    any    `yaml:"needs"` // a job's name or a list of them
	RunsOn   string `yaml:"runs-on"`
	Strategy struct {
		Matrix map[string]any `yaml:"matrix"`
	} `yaml:"strategy"`
	Steps []step `yaml:"steps"`
}

type step struct {
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

// A run is one job of one matrix combination, with the matrix values
// put into its steps: what one runner executes.
type run struct {
	file, job string
	needs     []string
	matrix    map[string]string
	runsOn    string
	steps     []step // those whose condition holds
}

func (r run) String() string {
	keys := slices.Sorted(maps.Keys(r.matrix))
	var kv []string
	for _, k := range keys {
		kv = append(kv, k+"="+r.matrix[k])
	}
	return fmt.Sprintf("%s job %s [%s]", r.file, r.job, strings.Join(kv, " "))
}

// text is every command the run executes, on the runner or in a VM.
func (r run) text() string {
	var b strings.Builder
	for _, s := range r.steps {
		b.WriteString(s.Run + "\n")
		if s.Uses != "" {
			b.WriteString(s.With["run"] + "\n")
		}
	}
	return b.String()
}

func (r run) uses(action string) bool {
	return len(r.using(action)) > 0
}

// using lists the steps that use action.
func (r run) using(action string) []step {
	var out []step
	for _, s := range r.steps {
		if strings.HasPrefix(s.Uses, action+"@") {
			out = append(out, s)
		}
	}
	return out
}

var (
	matrixExpr = regexp.MustCompile(`\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}`)
	// An if: the tests can decide; any other condition counts as true.
	matrixCond = regexp.MustCompile(`^\s*matrix\.([A-Za-z0-9_-]+)\s*==\s*'([^']*)'\s*$`)
)

// combinations expands a matrix: the cartesian product of its axes,
// then each include entry (entries here never extend a product
// combination: every job of this repository uses axes or include).
func combinations(t *testing.T, m map[string]any) []map[string]string {
	t.Helper()
	combos := []map[string]string{{}}
	axes := slices.Sorted(maps.Keys(m))
	for _, axis := range axes {
		if axis == "include" || axis == "exclude" {
			continue
		}
		vals, ok := m[axis].([]any)
		require.True(t, ok, "matrix axis %s is not a list", axis)
		var next []map[string]string
		for _, c := range combos {
			for _, v := range vals {
				n := maps.Clone(c)
				n[axis] = fmt.Sprint(v)
				next = append(next, n)
			}
		}
		combos = next
	}
	if inc, ok := m["include"].([]any); ok {
		if len(combos) == 1 && len(combos[0]) == 0 {
			combos = nil
		}
		for _, e := range inc {
			em, ok := e.(map[string]any)
			require.True(t, ok, "matrix include entry %v", e)
			c := map[string]string{}
			for k, v := range em {
				c[k] = fmt.Sprint(v)
			}
			combos = append(combos, c)
		}
	}
	return combos
}

// loadRuns reads every workflow and expands its jobs into runs.
func loadRuns(t *testing.T) []run {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, ".github/workflows/*.yml"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no workflows in .github/workflows")
	var runs []run
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var w workflow
		require.NoError(t, yaml.Unmarshal(b, &w), f)
		for _, name := range slices.Sorted(maps.Keys(w.Jobs)) {
			j := w.Jobs[name]
			for _, m := range combinations(t, j.Strategy.Matrix) {
				expand := func(s string) string {
					return matrixExpr.ReplaceAllStringFunc(s, func(e string) string {
						k := matrixExpr.FindStringSubmatch(e)[1]
						v, ok := m[k]
						require.True(t, ok, "%s job %s: %s is not in the matrix", f, name, e)
						return v
					})
				}
				r := run{file: filepath.Base(f), job: name, matrix: m, runsOn: expand(j.RunsOn)}
				switch n := j.Needs.(type) {
				case string:
					r.needs = []string{n}
				case []any:
					for _, x := range n {
						r.needs = append(r.needs, fmt.Sprint(x))
					}
				}
				for _, s := range j.Steps {
					if c := matrixCond.FindStringSubmatch(s.If); c != nil && m[c[1]] != c[2] {
						continue
					}
					s.Run = expand(s.Run)
					s.With = maps.Clone(s.With)
					for k, v := range s.With {
						s.With[k] = expand(v)
					}
					r.steps = append(r.steps, s)
				}
				runs = append(runs, r)
			}
		}
	}
	return runs
}

// crossTargets reads CROSS_TARGETS from the Makefile.
func crossTargets(t *testing.T, makefile string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^CROSS_TARGETS\s*:=((?:[^\n]*\\\n)*[^\n]*)`).FindStringSubmatch(makefile)
	require.NotNil(t, m, "no CROSS_TARGETS in the Makefile")
	targets := strings.Fields(strings.ReplaceAll(m[1], "\\\n", " "))
	require.NotEmpty(t, targets)
	for _, tg := range targets {
		require.Regexp(t, `^[a-z0-9]+/[a-z0-9]+$`, tg)
	}
	return targets
}

// builtFiles works out from the conformance-bins recipe the files it
// leaves in bin/conformance: each `-o bin/conformance/NAME` of its loop
// for every cross target ($$os, $$arch, and $$ext = .exe on Windows),
// and the files it copies there.
func builtFiles(t *testing.T, makefile string, targets []string) map[string]bool {
	t.Helper()
	m := regexp.MustCompile(`(?m)^conformance-bins:[^\n]*\n((?:\t[^\n]*\n)+)`).FindStringSubmatch(makefile)
	require.NotNil(t, m, "no conformance-bins recipe in the Makefile")
	recipe := strings.ReplaceAll(m[1], "\\\n", " ")
	outs := regexp.MustCompile(`-o bin/conformance/(\S+)`).FindAllStringSubmatch(recipe, -1)
	require.NotEmpty(t, outs, "conformance-bins builds nothing into bin/conformance")
	built := map[string]bool{}
	for _, tg := range targets {
		goos, goarch, _ := strings.Cut(tg, "/")
		ext := ""
		if goos == "windows" {
			ext = ".exe"
		}
		for _, o := range outs {
			name := strings.NewReplacer("$$os", goos, "$$arch", goarch, "$$ext", ext).Replace(o[1])
			require.NotContains(t, name, "$", "an output name the test cannot work out: %s", o[1])
			built[name] = true
		}
	}
	for _, line := range strings.Split(recipe, "\n") {
		f := strings.Fields(line)
		if len(f) > 2 && f[0] == "cp" && f[len(f)-1] == "bin/conformance/" {
			for _, src := range f[1 : len(f)-1] {
				built[filepath.Base(src)] = true
				_, err := os.Stat(filepath.Join(root, src))
				require.NoError(t, err, "conformance-bins copies %s", src)
			}
		}
	}
	return built
}

var (
	// A file of bin/conformance named in a command: a suite binary, an
	// ipinfo or a runner script.
	binRef = regexp.MustCompile(`\b(?:conformance|ipinfo)-[a-z0-9]+-[a-z0-9]+(?:\.test)?(?:\.exe)?\b|\bconformance-(?:vm\.sh|windows\.ps1)\b`)
	suite  = regexp.MustCompile(`\bconformance-([a-z0-9]+)-([a-z0-9]+)\.test(?:\.exe)?\b`)
	// A runner script's command line: the script, the suite, ipinfo.
	invocation = regexp.MustCompile(`(sh \./conformance-vm\.sh|\.\\conformance-windows\.ps1) (\S+) (\S+)`)
	pinned     = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/\S+)?@[0-9a-f]{40}$`)
)

// TestWorkflowsCoverCrossTargets checks that every OS/architecture pair
// of CROSS_TARGETS has a job running its conformance binary and its
// ipinfo, through a runner script, that every file of bin/conformance a
// job names is one `make conformance-bins` builds, in a job the running
// one needs, which uploads it as the artifact it downloads, that every job
// uploads its output, that every action is pinned by commit, and that
// the runner scripts' command lines are the ones conformance/README.md
// gives.
func TestWorkflowsCoverCrossTargets(t *testing.T) {
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	require.NoError(t, err)
	targets := crossTargets(t, string(mk))
	built := builtFiles(t, string(mk), targets)
	readme, err := os.ReadFile(filepath.Join(root, "conformance/README.md"))
	require.NoError(t, err)

	covered := map[string][]string{}
	runs := loadRuns(t)
	for _, r := range runs {
		text := r.text()
		for _, ref := range binRef.FindAllString(text, -1) {
			if !built[ref] {
				t.Errorf("%s runs %s, which make conformance-bins does not build (it builds %v)", r, ref, slices.Sorted(maps.Keys(built)))
			}
		}
		for _, s := range r.steps {
			if s.Uses != "" && !pinned.MatchString(s.Uses) {
				t.Errorf("%s uses %s: pin every action by a full commit hash", r, s.Uses)
			}
		}
		if !r.uses("actions/upload-artifact") {
			t.Errorf("%s uploads nothing: every job uploads its output", r)
		}
		for _, m := range suite.FindAllStringSubmatch(text, -1) {
			goos, goarch := m[1], m[2]
			inv := invocation.FindAllStringSubmatch(text, -1)
			ok := false
			for _, i := range inv {
				ipinfo := "./ipinfo-" + goos + "-" + goarch
				if goos == "windows" {
					ipinfo = `.\ipinfo-` + goos + "-" + goarch + ".exe"
				}
				if strings.HasSuffix(i[2], m[0]) && i[3] == ipinfo {
					ok = true
					if !bytes.Contains(readme, []byte(i[0])) {
						t.Errorf("%s runs %q, which conformance/README.md does not give", r, i[0])
					}
				}
			}
			if !ok {
				t.Errorf("%s names %s but runs it and its ipinfo through no runner script", r, m[0])
				continue
			}
			if !r.uses("actions/download-artifact") {
				t.Errorf("%s runs %s without downloading the conformance-bins artifact", r, m[0])
			}
			covered[goos+"/"+goarch] = append(covered[goos+"/"+goarch], r.String())
		}
	}
	// The binaries come from make conformance-bins in a job of the same
	// workflow that the running job waits for.
	for _, r := range runs {
		for _, d := range r.using("actions/download-artifact") {
			from := ""
			for _, b := range runs {
				for _, u := range b.using("actions/upload-artifact") {
					if b.file == r.file && u.With["name"] == d.With["name"] {
						from = b.job
						if !strings.Contains(b.text(), "make conformance-bins") || !strings.HasPrefix(u.With["path"], "bin/conformance") {
							t.Errorf("%s uploads artifact %s, which is not what make conformance-bins built", b, u.With["name"])
						}
					}
				}
			}
			switch {
			case from == "":
				t.Errorf("%s downloads artifact %q, which no job of %s uploads", r, d.With["name"], r.file)
			case !slices.Contains(r.needs, from):
				t.Errorf("%s downloads artifact %q without needing job %s, which uploads it", r, d.With["name"], from)
			}
		}
	}
	for _, tg := range targets {
		if len(covered[tg]) == 0 {
			t.Errorf("no job runs the conformance binary of %s", tg)
		} else {
			t.Logf("%s: %s", tg, strings.Join(covered[tg], "; "))
		}
	}
	// And Linux's own test suite, strict, as .ci/run runs it.
	ciRun := false
	for _, r := range runs {
		ciRun = ciRun || strings.Contains(r.text(), "bash .ci/run")
	}
	require.True(t, ciRun, "no job runs .ci/run")
}

// TestActionlintShellcheck runs actionlint with shellcheck over the
// workflows' shell steps, and shellcheck over the runner script. make
// test's own actionlint run leaves shellcheck out, so that its result
// does not depend on what is installed; this one needs shellcheck
// (.ci/install-deps installs it) and skips without, or fails under
// RTNLX_STRICT=1.
func TestActionlintShellcheck(t *testing.T) {
	sc, err := exec.LookPath("shellcheck")
	if err != nil {
		conformance.SkipMissing(t, "shellcheck is not installed")
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{Shellcheck: sc})
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(root, ".github/workflows/*.yml"))
	require.NoError(t, err)
	errs, err := l.LintFiles(files, nil)
	require.NoError(t, err)
	require.Empty(t, errs, "actionlint with shellcheck:\n%s", out.String())

	cmd := exec.Command(sc, "-s", "sh", filepath.Join(root, "conformance/ci/conformance-vm.sh"))
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "shellcheck conformance/ci/conformance-vm.sh:\n%s", b)
}
