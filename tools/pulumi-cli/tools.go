//go:build tools

// Package tools pins the Pulumi CLI that bin/pulumi-cli builds: `go build` of
// github.com/pulumi/pulumi/pkg/v3/cmd/pulumi inside this module uses exactly the
// versions in go.mod and go.sum. `go install …@v3.274.1` is refused because pkg/v3's
// go.mod carries replace directives; a dependency's replace lines are ignored, so
// go.mod repeats the one that matters (github.com/atotto/clipboard) and requires
// sdk/v3 at the same release instead of pkg's `../sdk`.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
