DROP TABLE job;
DROP TABLE call_analysis_run;
DROP TABLE call;
DROP TABLE contact_email;
DROP TABLE contact_phone;
DROP TABLE contact;
