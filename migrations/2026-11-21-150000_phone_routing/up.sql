-- Whether the number's Twilio voice webhook points at Loquent: set when Loquent buys the number
-- (the webhook is set in the purchase) or takes it over, cleared by a rollback. Staff see it; an
-- imported number keeps its old webhook until taken over.
ALTER TABLE phone_number ADD COLUMN routes_to_loquent boolean NOT NULL DEFAULT false;
