//go:build ignore

// gen_codes prints a batch of sample short codes: go run tools/gen_codes.go
package main

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
)

func main() {
	for i := 0; i < 10; i++ {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		fmt.Println(base64.RawURLEncoding.EncodeToString(b))
	}
}
