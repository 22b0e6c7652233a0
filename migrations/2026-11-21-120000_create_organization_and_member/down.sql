DROP TABLE member;
DROP TABLE organization;
