-- The verified image's dimensions, served in the frame list so a site bringing a frame home need not decode it.
ALTER TABLE frames ADD COLUMN width INTEGER;
ALTER TABLE frames ADD COLUMN height INTEGER
