// Package cache holds a small generic LRU used in front of the store.
package cache

import "container/list"

type entry[K comparable, V any] struct {
	key   K
	value V
}

// LRU keeps at most Capacity entries, evicting the least recently used.
type LRU[K comparable, V any] struct {
	Capacity int
	order    *list.List
	items    map[K]*list.Element
}

func New[K comparable, V any](capacity int) *LRU[K, V] {
	return &LRU[K, V]{Capacity: capacity, order: list.New(), items: make(map[K]*list.Element)}
}

func (c *LRU[K, V]) Get(key K) (V, bool) {
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(entry[K, V]).value, true
	}
	var zero V
	return zero, false
}

func (c *LRU[K, V]) Put(key K, value V) {
	if el, ok := c.items[key]; ok {
		el.Value = entry[K, V]{key, value}
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(entry[K, V]{key, value})
	if c.order.Len() > c.Capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(entry[K, V]).key)
	}
}
