DROP TABLE organization_twilio_settings;
DROP TABLE phone_number_analyzer;
DROP TABLE analyzer;
DROP TABLE phone_number;
DROP TABLE agent;
