package configs

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Load reads the configuration: defaults, then the YAML file at path (if not
// empty), then ZHUBO_* environment variables, then Validate.
func Load(path string) (Config, error) {
	cfg := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return Config{}, fmt.Errorf("load config: %w", err)
		}
		if err := Parse(data, &cfg); err != nil {
			return Config{}, fmt.Errorf("load config %s: %w", path, err)
		}
	}
	if err := ApplyEnv(&cfg, os.LookupEnv); err != nil {
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return cfg, nil
}

// Parse decodes YAML onto cfg, rejecting any key the Config does not have with
// the key's full path ("http.listn: unknown key").
func Parse(data []byte, cfg *Config) error {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return err
	}
	if len(root.Content) == 0 {
		return nil
	}
	if err := checkKeys(root.Content[0], reflect.TypeOf(*cfg), ""); err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(cfg)
}

// checkKeys walks a YAML node beside the Go type it decodes into.
func checkKeys(n *yaml.Node, t reflect.Type, path string) error {
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		fields := map[string]reflect.Type{}
		for i := range t.NumField() {
			f := t.Field(i)
			fields[strings.Split(f.Tag.Get("yaml"), ",")[0]] = f.Type
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			p := join(path, key)
			ft, ok := fields[key]
			if !ok {
				return fmt.Errorf("%s (line %d): %w", p, n.Content[i].Line, ErrUnknownKey)
			}
			if err := checkKeys(n.Content[i+1], ft, p); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return nil
		}
		for i, c := range n.Content {
			if err := checkKeys(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// ApplyEnv overrides scalar settings from the environment: the key path
// upper-cased with '_' for '.', behind ZHUBO_ (llm.base_url → ZHUBO_LLM_BASE_URL).
// Console tokens also answer to ZHUBO_CONSOLE_TOKEN and ZHUBO_MODERATOR_TOKEN.
func ApplyEnv(cfg *Config, lookup func(string) (string, bool)) error {
	if v, ok := lookup("ZHUBO_MODERATOR_TOKEN"); ok {
		cfg.Console.ModeratorToken = v
	}
	return applyEnv(reflect.ValueOf(cfg).Elem(), "ZHUBO", lookup)
}

func applyEnv(v reflect.Value, prefix string, lookup func(string) (string, bool)) error {
	t := v.Type()
	for i := range t.NumField() {
		name := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		key := prefix + "_" + strings.ToUpper(name)
		fv := v.Field(i)
		if fv.Kind() == reflect.Struct {
			if err := applyEnv(fv, key, lookup); err != nil {
				return err
			}
			continue
		}
		s, ok := lookup(key)
		if !ok {
			continue
		}
		if err := setScalar(fv, s); err != nil {
			return fmt.Errorf("%s=%q: %w: %v", key, s, ErrBadEnv, err)
		}
	}
	return nil
}

func setScalar(v reflect.Value, s string) error {
	if v.Type() == reflect.TypeFor[time.Duration]() {
		d, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		v.SetInt(int64(d))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return err
		}
		v.SetInt(n)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		v.SetBool(b)
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			return nil
		}
		parts := strings.Split(s, ",")
		v.Set(reflect.ValueOf(parts))
	}
	return nil
}
