-- Two sites. As the delegating site: where each delegated job went, so a restart re-attaches to it. As the remote
-- site: the completion notice each job owes its delegating site. Nonces of accepted notices, to refuse replays
-- across restarts too.
CREATE TABLE delegations (
    job_id      TEXT    PRIMARY KEY REFERENCES jobs (id),
    site        TEXT    NOT NULL,
    remote_job  TEXT,
    last_event  INTEGER NOT NULL DEFAULT 0,
    notified_at INTEGER
);
CREATE TABLE callbacks (
    job_id    TEXT    PRIMARY KEY REFERENCES jobs (id),
    url       TEXT    NOT NULL,
    secret    TEXT    NOT NULL,
    state     TEXT    NOT NULL DEFAULT 'waiting',
    attempts  INTEGER NOT NULL DEFAULT 0,
    problem   TEXT
);
CREATE TABLE callback_nonces (
    nonce      TEXT    PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
