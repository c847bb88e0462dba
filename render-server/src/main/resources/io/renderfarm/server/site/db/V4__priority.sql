-- Priorities: free slots go to the unfinished job with the highest (0..100), equal ones share chunk by chunk.
ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 50;
