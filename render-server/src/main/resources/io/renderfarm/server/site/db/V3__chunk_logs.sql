-- Chunk logs: for each attempt, the machine it ran on, the renderer's exit code, whose fault a failure was, and the
-- file its log is kept in (under the job's out/.renderfarm/logs/) with its length.
ALTER TABLE chunks ADD COLUMN host TEXT;
ALTER TABLE chunks ADD COLUMN exit_code INTEGER;
ALTER TABLE chunks ADD COLUMN kind TEXT;
ALTER TABLE chunks ADD COLUMN log_file TEXT;
ALTER TABLE chunks ADD COLUMN log_chars INTEGER;
