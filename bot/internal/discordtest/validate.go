package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"
)

// SpecEnv names the environment variable that overrides where Discord's
// OpenAPI description is read from; set it to "off" to skip validation.
const SpecEnv = "REDLINE_DISCORD_SPEC"

// specVersionPrefix is the API prefix of the paths in Discord's OpenAPI
// description; discordgo v0.29.0 calls /api/v9, whose bot routes take the same
// bodies, so requests are validated as if sent to v10.
const specVersionPrefix = "/api/v10"

// LocateSpec returns the path of Discord's OpenAPI description used to
// validate requests: $REDLINE_DISCORD_SPEC when set, else
// ../shared/discord-api-spec/openapi.json beside the module root found by
// walking up from the working directory. It returns "" when there is none.
func LocateSpec() string {
	if p := os.Getenv(SpecEnv); p != "" {
		if p == "off" {
			return ""
		}
		return p
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "discord-api-spec", "openapi.json")
			if _, err := os.Stat(p); err == nil {
				return p
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// specValidator checks requests against one loaded OpenAPI description.
// Each path is loaded once per test binary and shared by every Server.
type specValidator struct {
	path  string
	ready chan struct{} // closed when loading ended
	v     validator.Validator
	known []route // every operation in the description, for telling unknown routes apart
	err   error
	mu    sync.Mutex // the validator's caches are not documented as goroutine-safe
}

var (
	specsMu sync.Mutex
	specs   = map[string]*specValidator{}
)

// loadSpec starts loading the description at path in the background (once per
// path) and returns its handle at once.
func loadSpec(path string) *specValidator {
	specsMu.Lock()
	defer specsMu.Unlock()
	if sv, ok := specs[path]; ok {
		return sv
	}
	sv := &specValidator{path: path, ready: make(chan struct{})}
	specs[path] = sv
	go func() {
		defer close(sv.ready)
		sv.err = sv.load()
	}()
	return sv
}

// load builds the validator from the operations of the routes the fake
// serves only: the validator compiles every schema of the document it is
// given up front, which for the whole API takes over ten seconds on a busy
// machine, and a route the fake does not serve is rejected anyway.
func (sv *specValidator) load() error {
	raw, err := os.ReadFile(sv.path)
	if err != nil {
		return fmt.Errorf("read Discord OpenAPI description: %w", err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return fmt.Errorf("parse Discord OpenAPI description %s: %w", sv.path, err)
	}
	var paths map[string]map[string]json.RawMessage
	if err := json.Unmarshal(top["paths"], &paths); err != nil {
		return fmt.Errorf("parse the paths of %s: %w", sv.path, err)
	}
	served := map[string]bool{}
	for _, rt := range routes {
		served[rt.method+" "+rt.template] = true
	}
	// Responses are not validated: dropping them spares compiling their schemas.
	noResponses := json.RawMessage(`{"default":{"description":"not validated by discordtest"}}`)
	kept := map[string]map[string]json.RawMessage{}
	for template, item := range paths {
		for method, op := range item {
			m := strings.ToUpper(method)
			if !httpMethods[m] {
				continue
			}
			sv.known = append(sv.known, route{method: m, template: template})
			if !served[m+" "+template] {
				continue
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(op, &fields); err != nil {
				return fmt.Errorf("parse %s %s in %s: %w", m, template, sv.path, err)
			}
			fields["responses"] = noResponses
			if kept[template] == nil {
				kept[template] = map[string]json.RawMessage{}
				if params, ok := item["parameters"]; ok {
					kept[template]["parameters"] = params
				}
			}
			if kept[template][method], err = json.Marshal(fields); err != nil {
				return err
			}
		}
	}
	if top["paths"], err = json.Marshal(kept); err != nil {
		return err
	}
	if raw, err = json.Marshal(top); err != nil {
		return err
	}
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		return fmt.Errorf("parse Discord OpenAPI description %s: %w", sv.path, err)
	}
	v, errs := validator.NewValidator(doc, config.WithoutSecurityValidation())
	if len(errs) > 0 {
		return fmt.Errorf("build validator from %s: %v", sv.path, errs)
	}
	sv.v = v
	return nil
}

var httpMethods = map[string]bool{"GET": true, "PUT": true, "POST": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true}

// inAPI reports whether Discord's API has an operation for method and apiPath.
func (sv *specValidator) inAPI(method, apiPath string) (bool, error) {
	<-sv.ready
	if sv.err != nil {
		return false, sv.err
	}
	_, _, ok := matchIn(sv.known, method, apiPath)
	return ok, nil
}

// fieldError is one rejected field, located by its JSON path ("$.embeds[0].title").
type fieldError struct {
	Path   string
	Reason string
}

// specVerdict is the validator's judgement of one request.
type specVerdict struct {
	RouteMissing bool         // the route or method is not in the API at all
	Messages     []string     // human-readable, for the test log
	Fields       []fieldError // body fields at fault, for Discord's error tree
}

func (v specVerdict) ok() bool { return !v.RouteMissing && len(v.Messages) == 0 }

// check validates a request for method and apiPath (the path after
// /api/vN) with the given JSON body (nil for none) and query.
func (sv *specValidator) check(method, apiPath, rawQuery string, body []byte, header http.Header) (specVerdict, error) {
	<-sv.ready
	if sv.err != nil {
		return specVerdict{}, sv.err
	}
	u := "https://discord.com" + specVersionPrefix + apiPath
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	body = normalizeForSpec(apiPath, body)
	var reader *bytes.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	} else {
		reader = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, u, reader)
	if err != nil {
		return specVerdict{}, err
	}
	for _, h := range []string{"Authorization", "X-Audit-Log-Reason"} {
		if v := header.Get(h); v != "" {
			req.Header.Set(h, v)
		}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	sv.mu.Lock()
	ok, verrs := sv.v.ValidateHttpRequestSync(req)
	sv.mu.Unlock()
	var verdict specVerdict
	if ok {
		return verdict, nil
	}
	for _, e := range verrs {
		if e.ValidationType == helpers.PathValidation &&
			(e.ValidationSubType == helpers.ValidationMissing || e.ValidationSubType == helpers.ValidationMissingOperation) {
			verdict.RouteMissing = true
		}
		msg := e.Message
		if len(e.SchemaValidationErrors) == 0 && e.Reason != "" {
			msg += ": " + e.Reason
		}
		for _, f := range e.SchemaValidationErrors {
			msg += fmt.Sprintf("\n\t%s: %s", f.FieldPath, f.Reason)
			verdict.Fields = append(verdict.Fields, fieldError{Path: f.FieldPath, Reason: f.Reason})
		}
		verdict.Messages = append(verdict.Messages, msg)
	}
	return verdict, nil
}

// normalizeForSpec undoes one known disagreement between the description
// and the live API: permission bit sets are typed integer in the spec, but
// Discord documents and accepts them as decimal strings, which is what
// discordgo sends for default_member_permissions.
func normalizeForSpec(apiPath string, body []byte) []byte {
	if body == nil || !strings.HasSuffix(apiPath, "/commands") && !strings.Contains(apiPath, "/commands/") {
		return body
	}
	var decoded any
	if err := json.Unmarshal(body, &decoded); err != nil {
		return body
	}
	fix := func(cmd any) {
		m, ok := cmd.(map[string]any)
		if !ok {
			return
		}
		if s, ok := m["default_member_permissions"].(string); ok {
			if n, err := strconv.ParseUint(s, 10, 64); err == nil {
				m["default_member_permissions"] = n
			}
		}
	}
	switch d := decoded.(type) {
	case []any:
		for _, c := range d {
			fix(c)
		}
	default:
		fix(d)
	}
	out, err := json.Marshal(decoded)
	if err != nil {
		return body
	}
	return out
}

// discordErrorTree turns field errors into the nested "errors" object of
// Discord's 50035 Invalid Form Body answer:
// {"embeds":{"0":{"title":{"_errors":[{"code":...,"message":...}]}}}}.
func discordErrorTree(fields []fieldError) map[string]any {
	tree := map[string]any{}
	for _, f := range fields {
		node := tree
		for _, key := range splitFieldPath(f.Path) {
			child, ok := node[key].(map[string]any)
			if !ok {
				child = map[string]any{}
				node[key] = child
			}
			node = child
		}
		list, _ := node["_errors"].([]any)
		node["_errors"] = append(list, map[string]any{"code": errorCode(f.Reason), "message": f.Reason})
	}
	return tree
}

// splitFieldPath turns "$.embeds[0].title" into ["embeds", "0", "title"].
func splitFieldPath(p string) []string {
	p = strings.TrimPrefix(strings.TrimPrefix(p, "$"), ".")
	p = strings.ReplaceAll(p, "[", ".")
	p = strings.ReplaceAll(p, "]", "")
	var keys []string
	for _, k := range strings.Split(p, ".") {
		if k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

func errorCode(reason string) string {
	switch {
	case strings.HasPrefix(reason, "maxLength"):
		return "BASE_TYPE_MAX_LENGTH"
	case strings.HasPrefix(reason, "minLength"):
		return "BASE_TYPE_MIN_LENGTH"
	case strings.HasPrefix(reason, "maxItems"):
		return "BASE_TYPE_MAX_LENGTH"
	case strings.HasPrefix(reason, "missing propert"):
		return "BASE_TYPE_REQUIRED"
	case strings.Contains(reason, "must be one of") || strings.Contains(reason, "value must be"):
		return "BASE_TYPE_CHOICES"
	case strings.HasPrefix(reason, "got "):
		return "BASE_TYPE_BAD_TYPE"
	default:
		return "BASE_TYPE_INVALID"
	}
}
