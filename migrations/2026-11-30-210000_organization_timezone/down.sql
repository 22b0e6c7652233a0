ALTER TABLE organization DROP COLUMN timezone;
