-- Data only: nothing to undo. The models and voices replaced were ones their providers cannot
-- use, and which agent held which was not kept. (An empty migration is refused, hence the no-op.)
SELECT 1;
