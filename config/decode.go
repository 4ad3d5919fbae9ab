package config

import (
	"bytes"
	"encoding"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// origin records where a key's value came from, for messages.
type origin struct {
	line int    // line in the file
	env  string // or the environment variable
	raw  string // the value as written there, for messages
}

// decoder fills a Config from a yaml.Node tree (rather than yaml.Unmarshal)
// so that it can keep going after a bad value and give each problem a line.
type decoder struct {
	file     string
	origins  map[string]origin // by key path; list items as "path[i]"
	problems []Problem
}

func (d *decoder) add(key string, o origin, format string, args ...any) {
	d.problems = append(d.problems, Problem{Key: key, Line: o.line, Env: o.env, Message: fmt.Sprintf(format, args...)})
}

func (d *decoder) err() error {
	if len(d.problems) == 0 {
		return nil
	}
	sortProblems(d.problems)
	return &Error{File: d.file, Problems: d.problems}
}

var (
	durationType        = reflect.TypeFor[time.Duration]()
	secretType          = reflect.TypeFor[Secret]()
	stringsType         = reflect.TypeFor[[]string]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	yamlErrorLine       = regexp.MustCompile(`line (\d+): (.*)`)
)

// isSection reports whether a field of type t is a YAML mapping of keys
// rather than a single value (RateLimit and Secret are structs read from text).
func isSection(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(textUnmarshalerType)
}

// yamlName returns the key of a struct field, "" for fields not in the file.
func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

func joinKey(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// leaf is a configurable value: its key path and where it is in Config.
type leaf struct {
	path  string
	index []int
}

// leaves lists every key of t (Config) depth first, in declaration order.
func leaves(t reflect.Type, prefix string, index []int) []leaf {
	var out []leaf
	for i := range t.NumField() {
		f := t.Field(i)
		name := yamlName(f)
		if name == "" {
			continue
		}
		idx := append(append([]int(nil), index...), i)
		if isSection(f.Type) {
			out = append(out, leaves(f.Type, joinKey(prefix, name), idx)...)
			continue
		}
		out = append(out, leaf{path: joinKey(prefix, name), index: idx})
	}
	return out
}

// Keys returns the dotted path of every configuration key, in the order of
// the Config struct.
func Keys() []string {
	var out []string
	for _, l := range leaves(reflect.TypeFor[Config](), "", nil) {
		out = append(out, l.path)
	}
	return out
}

// EnvName returns the environment variable that overrides the key at path.
func EnvName(path string) string {
	return "REDLINE_" + strings.ToUpper(strings.ReplaceAll(path, ".", "_"))
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

func (d *decoder) decodeFile(cfg *Config, data []byte) {
	if len(bytes.TrimSpace(data)) == 0 {
		return
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		if tabs := tabIndentedLines(data); len(tabs) > 0 {
			// yaml.v3 reports a tab in the indentation on the wrong line,
			// or on none, in words that do not say "tab"; every such line
			// is named instead.
			for _, line := range tabs {
				d.problems = append(d.problems, Problem{Line: line,
					Message: "the line is indented with a tab; YAML indents with spaces only, so replace the tab with spaces"})
			}
			return
		}
		// yaml.v3 reports syntax errors as "yaml: line N: what"; it does not
		// quote values, so no secret can leak through it.
		msg, line := syntaxError(err, data)
		d.problems = append(d.problems, Problem{Line: line, Message: "the file is not valid YAML: " + msg})
		return
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return
		}
		root = root.Content[0]
	}
	root = resolve(root)
	if isNull(root) {
		return
	}
	if root.Kind != yaml.MappingNode {
		d.problems = append(d.problems, Problem{Line: root.Line,
			Message: "the file must be a mapping of sections (discord:, fetch:, digest: …); see config.example.yaml"})
		return
	}
	d.decodeMapping(reflect.ValueOf(cfg).Elem(), root, "")
}

func (d *decoder) decodeMapping(v reflect.Value, node *yaml.Node, prefix string) {
	firstLine := map[string]int{}
	for i := 0; i+1 < len(node.Content); i += 2 {
		kn, vn := resolve(node.Content[i]), resolve(node.Content[i+1])
		key := kn.Value
		path := joinKey(prefix, key)
		if kn.Kind != yaml.ScalarNode {
			d.add(joinKey(prefix, "?"), origin{line: kn.Line}, "a key must be a plain name")
			continue
		}
		if first, dup := firstLine[key]; dup {
			d.add(path, origin{line: kn.Line}, "is set twice (first on line %d); keep one", first)
			continue
		}
		firstLine[key] = kn.Line
		f, ok := fieldByKey(v.Type(), key)
		if !ok {
			d.add(path, origin{line: kn.Line}, "%s", unknownKeyMessage(v.Type(), prefix, key))
			continue
		}
		fv := v.FieldByIndex(f.Index)
		if isSection(f.Type) {
			if isNull(vn) {
				continue
			}
			if vn.Kind != yaml.MappingNode {
				d.add(path, origin{line: vn.Line}, "must be a section of keys (%s)", strings.Join(fieldKeys(f.Type), ", "))
				continue
			}
			d.decodeMapping(fv, vn, path)
			continue
		}
		d.decodeValue(fv, vn, path)
	}
}

func (d *decoder) decodeValue(fv reflect.Value, vn *yaml.Node, path string) {
	if isNull(vn) {
		return // "key:" with no value keeps the default
	}
	o := origin{line: vn.Line}
	if fv.Type() == stringsType {
		if vn.Kind != yaml.SequenceNode {
			d.add(path, o, "must be a list, such as [\"a\", \"b\"] or one \"- item\" per line")
			return
		}
		items := make([]string, 0, len(vn.Content))
		for i, item := range vn.Content {
			item = resolve(item)
			if item.Kind != yaml.ScalarNode || isNull(item) {
				d.add(path, origin{line: item.Line}, "item %d must be a single value", i+1)
				continue
			}
			d.origins[fmt.Sprintf("%s[%d]", path, len(items))] = origin{line: item.Line}
			items = append(items, strings.TrimSpace(item.Value))
		}
		if len(items) == 0 {
			items = nil // "[]" means the same as the default: none
		}
		fv.Set(reflect.ValueOf(items))
		d.origins[path] = o
		return
	}
	if vn.Kind != yaml.ScalarNode {
		d.add(path, o, "must be a single value, not a list or a section")
		return
	}
	if err := setScalar(fv, vn.Value); err != nil {
		d.add(path, o, "%s", err)
		return
	}
	if fv.Type() != secretType {
		o.raw = strings.TrimSpace(vn.Value)
	}
	d.origins[path] = o
}

// setScalar sets fv from configuration text. Its errors quote the text; no
// secret type can fail, so no secret is ever quoted.
func setScalar(fv reflect.Value, raw string) error {
	if u, ok := fv.Addr().Interface().(encoding.TextUnmarshaler); ok {
		return u.UnmarshalText([]byte(raw))
	}
	switch {
	case fv.Type() == durationType:
		dur, err := ParseDuration(raw)
		if err != nil {
			return err
		}
		fv.SetInt(int64(dur))
	case fv.Kind() == reflect.String:
		fv.SetString(strings.TrimSpace(raw))
	case fv.Kind() == reflect.Int:
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("%q is not a whole number", raw)
		}
		fv.SetInt(int64(n))
	default:
		return fmt.Errorf("cannot be set (unsupported type %s)", fv.Type())
	}
	return nil
}

// applyEnv overrides keys from REDLINE_<KEY> variables, and the token from
// DISCORD_TOKEN, which wins. Empty variables are ignored.
func (d *decoder) applyEnv(cfg *Config, lookup LookupFunc) {
	v := reflect.ValueOf(cfg).Elem()
	for _, l := range leaves(v.Type(), "", nil) {
		names := []string{EnvName(l.path)}
		if l.path == "discord.token" {
			names = append(names, "DISCORD_TOKEN")
		}
		for _, name := range names {
			raw, ok := lookup(name)
			if !ok || strings.TrimSpace(raw) == "" {
				continue
			}
			fv := v.FieldByIndex(l.index)
			o := origin{env: name}
			if fv.Type() == stringsType {
				var items []string
				for _, item := range strings.Split(raw, ",") {
					if item = strings.TrimSpace(item); item != "" {
						items = append(items, item)
					}
				}
				fv.Set(reflect.ValueOf(items))
				for i := range items {
					d.origins[fmt.Sprintf("%s[%d]", l.path, i)] = o
				}
			} else if err := setScalar(fv, raw); err != nil {
				d.add(l.path, o, "%s", err)
				continue
			}
			if fv.Type() != secretType {
				o.raw = strings.TrimSpace(raw)
			}
			d.origins[l.path] = o
		}
	}
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if yamlName(f) == key && key != "" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func fieldKeys(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if name := yamlName(t.Field(i)); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// tabIndentedLines returns the numbers of the lines whose indentation (the
// white space before the first other character) holds a tab. Lines of
// white space alone are skipped: YAML ignores them.
func tabIndentedLines(data []byte) []int {
	var out []int
	for i, line := range bytes.Split(data, []byte("\n")) {
		indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
		rest := bytes.TrimSpace(line)
		if len(rest) > 0 && rest[0] != '#' && bytes.IndexByte(indent, '\t') >= 0 {
			out = append(out, i+1)
		}
	}
	return out
}

// maxBisectLines bounds the files whose syntax errors are placed by
// parsing their beginnings (a configuration file has a few dozen lines).
const maxBisectLines = 400

// syntaxError returns yaml.v3's message without its prefix and the line it
// is about. yaml.v3 names the line where the broken mapping or sequence
// began (counting some from 0, and naming none on the first line), not
// the line that broke it; that line is found as the first after the
// longest beginning of the file that still parses. A beginning that fails
// only because it stops inside a bracket or a quote that a later line
// closes does not count: the first of every failing beginning is taken.
func syntaxError(err error, data []byte) (string, int) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlErrorLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if strings.HasPrefix(msg, "unknown anchor") {
		return msg, 0 // not about the syntax: no line to find
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) <= maxBisectLines {
		line = 1
		end := 0 // bytes in the first k lines
		offsets := make([]int, len(lines)+1)
		for i, l := range lines {
			end += len(l)
			offsets[i+1] = end
		}
		for k := len(lines) - 1; k >= 1; k-- {
			var n yaml.Node
			if yaml.Unmarshal(data[:offsets[k]], &n) == nil {
				line = k + 1
				break
			}
		}
	}
	// A problem found at the end of the file (an unclosed bracket or
	// quote) is on its last line, not after it.
	if last := bytes.Count(bytes.TrimRight(data, " \t\r\n"), []byte("\n")) + 1; line > last {
		line = last
	}
	return msg, line
}
