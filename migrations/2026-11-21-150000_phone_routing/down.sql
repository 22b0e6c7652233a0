ALTER TABLE phone_number DROP COLUMN routes_to_loquent;
