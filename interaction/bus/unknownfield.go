package bus

// The value of a member no field names is checked and skipped: encoding/json
// refuses the whole Event when any part of it is not JSON, so eventDecoder must
// read it to the end too.

// skip reads any JSON value, depth levels of arrays and objects deep.
func (d *eventDecoder) skip(depth int) bool {
	if d.pos >= len(d.data) {
		return false
	}
	switch c := d.data[d.pos]; {
	case c == '"':
		return d.skipString()
	case c == '{':
		return depth < maxSkipDepth && d.skipObject(depth+1)
	case c == '[':
		return depth < maxSkipDepth && d.skipArray(depth+1)
	case c == '-', '0' <= c && c <= '9':
		return d.skipNumber()
	}
	return d.literal("true") || d.literal("false") || d.literal("null")
}

// skipObject reads an object of any members.
func (d *eventDecoder) skipObject(depth int) bool {
	d.pos++
	d.space()
	if d.consume('}') {
		return true
	}
	for {
		if d.pos >= len(d.data) || d.data[d.pos] != '"' || !d.skipString() {
			return false
		}
		d.space()
		if !d.consume(':') {
			return false
		}
		d.space()
		if !d.skip(depth) {
			return false
		}
		d.space()
		if d.consume('}') {
			return true
		}
		if !d.consume(',') {
			return false
		}
		d.space()
	}
}

// skipArray reads an array of any values.
func (d *eventDecoder) skipArray(depth int) bool {
	d.pos++
	d.space()
	if d.consume(']') {
		return true
	}
	for {
		if !d.skip(depth) {
			return false
		}
		d.space()
		if d.consume(']') {
			return true
		}
		if !d.consume(',') {
			return false
		}
		d.space()
	}
}

// skipString reads a string, checking its escapes.
func (d *eventDecoder) skipString() bool {
	if !d.consume('"') {
		return false
	}
	for d.pos < len(d.data) {
		switch c := d.data[d.pos]; {
		case c == '"':
			d.pos++
			return true
		case c < ' ':
			return false
		case c != '\\':
			d.pos++
		case d.pos+1 >= len(d.data):
			return false
		case d.data[d.pos+1] == 'u':
			if hex4(d.data[d.pos:]) < 0 {
				return false
			}
			d.pos += 6
		default:
			if _, ok := escaped(d.data[d.pos+1]); !ok {
				return false
			}
			d.pos += 2
		}
	}
	return false
}

// skipNumber reads a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (d *eventDecoder) skipNumber() bool {
	d.consume('-')
	switch {
	case d.consume('0'):
	case d.digits() == 0:
		return false
	}
	if d.consume('.') && d.digits() == 0 {
		return false
	}
	if d.consume('e') || d.consume('E') {
		if !d.consume('+') {
			d.consume('-')
		}
		if d.digits() == 0 {
			return false
		}
	}
	return true
}

// digits skips decimal digits and returns how many.
func (d *eventDecoder) digits() int {
	start := d.pos
	for d.pos < len(d.data) && '0' <= d.data[d.pos] && d.data[d.pos] <= '9' {
		d.pos++
	}
	return d.pos - start
}
