ALTER TABLE call DROP CONSTRAINT call_status_known, DROP CONSTRAINT call_direction_known;
ALTER TABLE call ADD COLUMN from_to_number text;
UPDATE call SET from_to_number = from_number || ' -> ' || to_number;
ALTER TABLE call
    ALTER COLUMN from_to_number SET NOT NULL,
    DROP COLUMN from_number,
    DROP COLUMN to_number;
