-- A call's two numbers as their own columns (they were one "from -> to" string that readers
-- split again), and its status and direction limited to the values Loquent knows (Twilio's call
-- statuses), so every reader can map them onto its enums.
ALTER TABLE call ADD COLUMN from_number text, ADD COLUMN to_number text;
UPDATE call
   SET from_number = trim(split_part(from_to_number, '->', 1)),
       to_number = trim(split_part(from_to_number, '->', 2));
ALTER TABLE call
    ALTER COLUMN from_number SET NOT NULL,
    ALTER COLUMN to_number SET NOT NULL,
    DROP COLUMN from_to_number;

UPDATE call SET status = 'failed'
 WHERE status NOT IN ('queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed',
                      'no-answer', 'canceled');
ALTER TABLE call
    ADD CONSTRAINT call_status_known CHECK (status IN ('queued', 'ringing', 'in-progress',
        'completed', 'busy', 'failed', 'no-answer', 'canceled')),
    ADD CONSTRAINT call_direction_known CHECK (direction IN ('inbound', 'outbound'));
