DROP TABLE mail_message;
