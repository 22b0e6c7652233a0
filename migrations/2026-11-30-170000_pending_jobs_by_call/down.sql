DROP INDEX job_pending_call_idx;
