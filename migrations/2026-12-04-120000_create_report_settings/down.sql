DROP TABLE report_sent;
DROP TABLE report_settings;
