CREATE TABLE sessions (
    token UUID PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL
);

-- Expired sessions are purged by the nightly job.
CREATE INDEX sessions_expiry_idx ON sessions (expires_at);
