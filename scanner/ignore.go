package scanner

import (
	"bufio"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// DefaultExcludes are folders no one wants scanned: version control, dependencies, caches.
var DefaultExcludes = []string{".git", ".hg", ".svn", "node_modules", "__pycache__", ".cache", ".venv", ".tox", ".mypy_cache", ".pytest_cache"}

// IgnoreFile is the name of a scanned root's ignore file, in gitignore syntax.
const IgnoreFile = ".stockadeignore"

// ignoreRule is one line of an ignore file, compiled.
type ignoreRule struct {
	re      *regexp.Regexp
	negate  bool
	dirOnly bool
}

type ignoreList []ignoreRule

// loadIgnore reads root/.stockadeignore, if root is a folder that has one.
func loadIgnore(root string, info fs.FileInfo) ignoreList {
	if !info.IsDir() {
		return nil
	}
	f, err := os.Open(filepath.Join(root, IgnoreFile))
	if err != nil {
		return nil
	}
	defer f.Close()
	var rules ignoreList
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if r, ok := compileIgnore(sc.Text()); ok {
			rules = append(rules, r)
		}
	}
	return rules
}

// compileIgnore turns one gitignore pattern into a regexp over slash-separated relative
// paths: "*" stays within a name, "**" crosses folders, a leading or inner "/" anchors the
// pattern to the root, a trailing "/" matches folders only, and "!" re-includes.
func compileIgnore(line string) (ignoreRule, bool) {
	line = strings.TrimRight(line, " \r")
	if line == "" || strings.HasPrefix(line, "#") {
		return ignoreRule{}, false
	}
	var r ignoreRule
	if strings.HasPrefix(line, "!") {
		r.negate, line = true, line[1:]
	} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		r.dirOnly, line = true, strings.TrimSuffix(line, "/")
	}
	anchored := strings.Contains(line, "/")
	line = strings.TrimPrefix(line, "/")
	var b strings.Builder
	if anchored {
		b.WriteString("^")
	} else {
		b.WriteString("(^|/)")
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '*' && i+1 < len(line) && line[i+1] == '*':
			i++
			if i+1 < len(line) && line[i+1] == '/' {
				i++
				b.WriteString("(.*/)?")
			} else {
				b.WriteString(".*")
			}
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(line[i:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := line[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += j
		case c == '\\' && i+1 < len(line):
			i++
			b.WriteString(regexp.QuoteMeta(string(line[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return ignoreRule{}, false
	}
	r.re = re
	return r, true
}

// match reports whether rel (or one of its parent folders, already checked by the walk) is
// ignored; the last matching rule wins.
func (l ignoreList) match(rel string, isDir bool) bool {
	ignored := false
	for _, r := range l {
		if r.dirOnly && !isDir {
			continue
		}
		if r.re.MatchString(rel) {
			ignored = !r.negate
		}
	}
	return ignored
}

// excluded applies the default folders, --exclude globs and the ignore file.
func (e *engine) excluded(name, rel string, isDir bool, ign ignoreList) bool {
	if isDir {
		for _, d := range DefaultExcludes {
			if name == d {
				return true
			}
		}
	}
	if name == IgnoreFile && !strings.Contains(rel, "/") {
		return true
	}
	for _, g := range e.opts.Excludes {
		g = strings.TrimSuffix(g, "/")
		if ok, _ := path.Match(g, name); ok {
			return true
		}
		if ok, _ := path.Match(g, rel); ok {
			return true
		}
		if r, ok := compileIgnore(g); ok && r.re.MatchString(rel) {
			return true
		}
	}
	return ign.match(rel, isDir)
}
