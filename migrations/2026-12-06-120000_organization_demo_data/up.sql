-- The demo workspace: when Loquent filled the organization with a month of sample data
-- (`loquent seed-demo`), and when staff cleared it. While `demo_data_seeded_at` is set the web
-- app shows a banner and Settings offers to clear the data; once `demo_data_cleared_at` is set
-- the seed command leaves the organization alone, so cleared sample data doesn't come back on
-- the next start.
ALTER TABLE organization
    ADD COLUMN demo_data_seeded_at timestamptz,
    ADD COLUMN demo_data_cleared_at timestamptz;
