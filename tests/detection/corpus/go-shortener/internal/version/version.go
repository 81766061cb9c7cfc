package version

import (
	_ "embed"
	"runtime/debug"
	"strings"
)

//go:embed VERSION
var raw string

//go:generate sh -c "git describe --tags > VERSION"

// String is the release version followed by the VCS revision when the binary records one.
func String() string {
	v := strings.TrimSpace(raw)
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				return v + "+" + s.Value[:7]
			}
		}
	}
	return v
}
