-- Fixed-window counters for rate limits (login attempts per email and per client IP). Kept in
-- PostgreSQL so every server behind the load balancer shares them.
CREATE TABLE rate_limit_window (
    bucket       text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, window_start)
);

CREATE INDEX rate_limit_window_window_start_idx ON rate_limit_window (window_start);
