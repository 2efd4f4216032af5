-- Users, as django.contrib.auth keeps them (the fields the auth API exposes or needs).
CREATE TABLE users (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    username    TEXT    NOT NULL UNIQUE,
    email       TEXT    NOT NULL DEFAULT '',
    password    TEXT    NOT NULL,
    is_active   INTEGER NOT NULL DEFAULT 1,
    date_joined INTEGER NOT NULL
);

-- One row per login or registration: a refresh-token family.
CREATE TABLE sessions (
    id          TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    user_agent  TEXT    NOT NULL DEFAULT '',
    remote_addr TEXT    NOT NULL DEFAULT '',
    refresh_count INTEGER NOT NULL DEFAULT 0
);

-- Every token issued (simplejwt's OutstandingToken, plus the family it belongs to).
CREATE TABLE tokens (
    jti        TEXT    PRIMARY KEY,
    token_type TEXT    NOT NULL,
    user_id    INTEGER NOT NULL,
    session_id TEXT    NOT NULL,
    parent_jti TEXT,
    iat        INTEGER NOT NULL,
    exp        INTEGER NOT NULL,
    token      TEXT    NOT NULL,
    -- Set when the control plane expired the token early (force-refresh, expire).
    forced_expired_at INTEGER
);
CREATE INDEX tokens_session ON tokens (session_id);

-- simplejwt's BlacklistedToken.
CREATE TABLE blacklist (
    jti            TEXT    PRIMARY KEY,
    blacklisted_at INTEGER NOT NULL,
    reason         TEXT    NOT NULL DEFAULT 'logout'  -- logout | rotation | revoked
);

-- Mock protected routes (from the config file and the control plane).
CREATE TABLE routes (
    id     TEXT    PRIMARY KEY,
    method TEXT    NOT NULL,
    path   TEXT    NOT NULL,
    status INTEGER NOT NULL,
    body   TEXT    NOT NULL,
    UNIQUE (method, path)
);

-- Small facts about this data file (the generated signing key).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
