package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Normalize turns a value scanned by a driver into one of Result's value
// types: nil, string, int64, uint64, float64, bool, time.Time or []any.
func Normalize(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string, int64, uint64, float64, bool:
		return x
	case time.Time:
		return x.UTC()
	case *big.Int:
		if x == nil {
			return nil
		}
		return x.String()
	case fmt.Stringer:
		// Decimal, UUID, IP and the like read best as their text.
		if k := reflect.ValueOf(v).Kind(); k != reflect.Pointer && k != reflect.Interface {
			return x.String()
		}
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
		return Normalize(rv.Elem().Interface())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Uint()
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = Normalize(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		out := make(map[string]any, rv.Len())
		for _, k := range rv.MapKeys() {
			out[fmt.Sprint(k.Interface())] = Normalize(rv.MapIndex(k).Interface())
		}
		return out
	}
	return fmt.Sprint(v)
}

// baseType strips Nullable(...) and LowCardinality(...) wrappers.
func baseType(t string) string {
	for {
		switch {
		case strings.HasPrefix(t, "Nullable(") && strings.HasSuffix(t, ")"):
			t = t[len("Nullable(") : len(t)-1]
		case strings.HasPrefix(t, "LowCardinality(") && strings.HasSuffix(t, ")"):
			t = t[len("LowCardinality(") : len(t)-1]
		default:
			return t
		}
	}
}

// FromJSON converts a JSON value (decoded with UseNumber) of ClickHouse
// type typ into a Result value. It reads what ClickHouse's JSON formats
// write and what Result's own JSON encoding writes.
func FromJSON(typ string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	t := baseType(typ)
	switch {
	case strings.HasPrefix(t, "Array(") && strings.HasSuffix(t, ")"):
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("store: %s value is %T", typ, v)
		}
		elem := t[len("Array(") : len(t)-1]
		out := make([]any, len(arr))
		for i, e := range arr {
			c, err := FromJSON(elem, e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case strings.HasPrefix(t, "UInt"):
		return strconv.ParseUint(numText(v), 10, 64)
	case strings.HasPrefix(t, "Int"):
		return strconv.ParseInt(numText(v), 10, 64)
	case strings.HasPrefix(t, "Float"), strings.HasPrefix(t, "Decimal"):
		s := numText(v)
		switch s {
		case "inf", "+inf":
			s = "+Inf"
		case "-inf":
			s = "-Inf"
		case "nan", "-nan":
			s = "NaN"
		}
		return strconv.ParseFloat(s, 64)
	case t == "Bool":
		b, ok := v.(bool)
		if !ok {
			return numText(v) == "1" || numText(v) == "true", nil
		}
		return b, nil
	case strings.HasPrefix(t, "DateTime"):
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("store: %s value is %T", typ, v)
		}
		return parseTime(s, "2006-01-02 15:04:05.999999999")
	case t == "Date" || t == "Date32":
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("store: %s value is %T", typ, v)
		}
		return parseTime(s, "2006-01-02")
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return x, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(raw), nil
}

func parseTime(s, layout string) (time.Time, error) {
	if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

func numText(v any) string {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case string:
		return x
	case bool:
		if x {
			return "1"
		}
		return "0"
	}
	return fmt.Sprint(v)
}

// DecodeRows converts rows of JSON values into Result values per column type.
func DecodeRows(cols []Column, data [][]any) ([][]any, error) {
	out := make([][]any, len(data))
	for i, row := range data {
		if len(row) != len(cols) {
			return nil, fmt.Errorf("store: row %d has %d values for %d columns", i, len(row), len(cols))
		}
		conv := make([]any, len(row))
		for j, v := range row {
			c, err := FromJSON(cols[j].Type, v)
			if err != nil {
				return nil, fmt.Errorf("store: column %s: %w", cols[j].Name, err)
			}
			conv[j] = c
		}
		out[i] = conv
	}
	return out, nil
}

// DecodeResultJSON reads a Result encoded with json.Marshal (times come
// back as time.Time thanks to the column types).
func DecodeResultJSON(raw []byte) (*Result, error) {
	var wire struct {
		Columns []Column `json:"columns"`
		Rows    [][]any  `json:"rows"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&wire); err != nil {
		return nil, fmt.Errorf("store: decode result: %w", err)
	}
	rows, err := DecodeRows(wire.Columns, wire.Rows)
	if err != nil {
		return nil, err
	}
	return &Result{Columns: wire.Columns, Rows: rows}, nil
}
