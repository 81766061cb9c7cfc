package main

import (
	"flag"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	url := flag.String("url", "http://localhost:8080/abc", "target URL")
	workers := flag.Int("c", 8, "concurrent workers")
	duration := flag.Duration("d", 10*time.Second, "test duration")
	flag.Parse()

	var ok, failed atomic.Int64
	deadline := time.Now().Add(*duration)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				resp, err := client.Get(*url)
				if err != nil || resp.StatusCode >= 500 {
					failed.Add(1)
					continue
				}
				resp.Body.Close()
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	fmt.Printf("ok=%d failed=%d rps=%.0f\n", ok.Load(), failed.Load(), float64(ok.Load())/duration.Seconds())
}
