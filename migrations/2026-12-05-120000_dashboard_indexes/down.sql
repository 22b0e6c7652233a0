DROP INDEX todo_window_idx;
DROP INDEX call_window_idx;
