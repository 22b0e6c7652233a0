ALTER TABLE call DROP COLUMN transcript_turns;
