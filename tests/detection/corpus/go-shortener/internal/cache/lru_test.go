package cache

import "testing"

func TestEviction(t *testing.T) {
	tests := []struct {
		name     string
		capacity int
		puts     []string
		want     map[string]bool
	}{
		{"fits", 2, []string{"a", "b"}, map[string]bool{"a": true, "b": true}},
		{"evicts oldest", 2, []string{"a", "b", "c"}, map[string]bool{"a": false, "b": true, "c": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New[string, int](tt.capacity)
			for i, k := range tt.puts {
				c.Put(k, i)
			}
			for k, present := range tt.want {
				if _, ok := c.Get(k); ok != present {
					t.Errorf("Get(%q) present = %v, want %v", k, ok, present)
				}
			}
		})
	}
}
