ALTER TABLE organization
    DROP COLUMN demo_data_cleared_at,
    DROP COLUMN demo_data_seeded_at;
