-- Pages and integrations ask whether Loquent is still working on a call; part of the answer is
-- whether a job for it is waiting or running. Done jobs pile up, pending ones don't: this index
-- holds only the pending, by the call they are for.
CREATE INDEX job_pending_call_idx ON job ((payload->>'call_id')) WHERE status IN ('queued', 'running');
