DROP TABLE rate_limit_window;
