-- Audience share links: a read-only API token (role viewer) with what the audience is shown.
CREATE TABLE shares (
  token_id INTEGER PRIMARY KEY REFERENCES api_tokens (id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  panes TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
