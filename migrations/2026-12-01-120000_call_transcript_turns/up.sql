-- A call's transcript turn by turn (speaker, start and end in seconds, text), for recordings
-- with one channel per party; NULL when the recording had one channel or isn't transcribed.
ALTER TABLE call ADD COLUMN transcript_turns jsonb;
