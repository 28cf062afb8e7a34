package main

import "strings"

// semverLess orders OSV SEMVER versions, which have no "v" prefix, by
// Semantic Versioning 2.0.0 precedence. "" is lower than every version.
func semverLess(a, b string) bool {
	if a == "" || b == "" {
		return a == "" && b != ""
	}
	aCore, aPre := splitSemver(a)
	bCore, bPre := splitSemver(b)
	for i := range aCore {
		if c := compareNumeric(aCore[i], bCore[i]); c != 0 {
			return c < 0
		}
	}
	return comparePrerelease(aPre, bPre) < 0
}

// splitSemver splits a version into major, minor and patch ("0" when
// missing) and its prerelease, dropping build metadata.
func splitSemver(v string) (core [3]string, pre string) {
	v, _, _ = strings.Cut(v, "+")
	v, pre, _ = strings.Cut(v, "-")
	core = [3]string{"0", "0", "0"}
	for i, part := range strings.SplitN(v, ".", 3) {
		core[i] = part
	}
	return core, pre
}

// comparePrerelease compares prereleases; a version without one ranks higher.
func comparePrerelease(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := compareIdentifier(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}

// compareIdentifier compares prerelease identifiers: numbers by value and
// below words, words in ASCII order.
func compareIdentifier(a, b string) int {
	an, bn := isNumeric(a), isNumeric(b)
	switch {
	case an && bn:
		return compareNumeric(a, b)
	case an:
		return -1
	case bn:
		return 1
	}
	return strings.Compare(a, b)
}

// compareNumeric compares decimal strings of any length without parsing them.
func compareNumeric(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func isNumeric(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
