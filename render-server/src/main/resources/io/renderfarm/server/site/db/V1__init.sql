-- The site's first schema: jobs with their files, chunks, frames with checksums, and the events the UI replays.
CREATE TABLE jobs (
    id               TEXT PRIMARY KEY,
    name             TEXT    NOT NULL,
    scene            TEXT    NOT NULL,
    frames           TEXT    NOT NULL,
    total            INTEGER NOT NULL,
    done             INTEGER NOT NULL DEFAULT 0,
    failed           TEXT    NOT NULL DEFAULT '',
    renderer         TEXT    NOT NULL,
    profile          TEXT    NOT NULL,
    output           TEXT    NOT NULL,
    where_requested  TEXT    NOT NULL,
    decision_where   TEXT    NOT NULL,
    decision_reason  TEXT    NOT NULL,
    decision_site    TEXT,
    callback_url     TEXT,
    state            TEXT    NOT NULL,
    reason           TEXT    NOT NULL DEFAULT '',
    cancel_requested TEXT,
    runs             INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    finished_at      INTEGER
);
CREATE INDEX jobs_by_state ON jobs (state);
CREATE TABLE job_files (
    job_id TEXT    NOT NULL REFERENCES jobs (id),
    path   TEXT    NOT NULL,
    sha256 TEXT    NOT NULL,
    size   INTEGER NOT NULL,
    PRIMARY KEY (job_id, path)
);
CREATE TABLE chunks (
    job_id      TEXT    NOT NULL REFERENCES jobs (id),
    run         INTEGER NOT NULL,
    chunk       INTEGER NOT NULL,
    frames      TEXT    NOT NULL,
    slot        TEXT    NOT NULL,
    pass        TEXT    NOT NULL,
    attempt     INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    reason      TEXT,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    PRIMARY KEY (job_id, run, chunk)
);
CREATE TABLE frames (
    job_id TEXT    NOT NULL REFERENCES jobs (id),
    frame  INTEGER NOT NULL,
    state  TEXT    NOT NULL,
    file   TEXT,
    sha256 TEXT,
    bytes  INTEGER,
    run    INTEGER,
    PRIMARY KEY (job_id, frame)
);
CREATE TABLE events (
    job_id TEXT    NOT NULL REFERENCES jobs (id),
    seq    INTEGER NOT NULL,
    run    INTEGER NOT NULL,
    type   TEXT    NOT NULL,
    body   TEXT    NOT NULL,
    PRIMARY KEY (job_id, seq)
);
