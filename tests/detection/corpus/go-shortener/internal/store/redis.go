package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/redis/go-redis/v9"
)

const ttl = 30 * 24 * time.Hour

type redisStore struct{ client *redis.Client }

// NewRedis returns a Store backed by the Redis server at addr.
func NewRedis(addr string) Store {
	return &redisStore{client: redis.NewClient(&redis.Options{Addr: addr})}
}

func (s *redisStore) Save(ctx context.Context, url string) (string, error) {
	buf := make([]byte, 6)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	code := base64.RawURLEncoding.EncodeToString(buf)
	return code, s.client.Set(ctx, "link:"+code, url, ttl).Err()
}

func (s *redisStore) Lookup(ctx context.Context, code string) (string, error) {
	return s.client.Get(ctx, "link:"+code).Result()
}
