-- Each user's named arrangements of the wall, and which one (and presenter mode) they use.

CREATE TABLE layouts (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- The layout as JSON (rows of panes with their shares), checked by the route before it is kept.
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, name)
);

CREATE TABLE layout_prefs (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  active TEXT,
  presenter INTEGER NOT NULL DEFAULT 0 CHECK (presenter IN (0, 1)),
  updated_at INTEGER NOT NULL
);
