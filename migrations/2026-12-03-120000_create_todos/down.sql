DROP TABLE todo;
DROP TABLE todo_type;
