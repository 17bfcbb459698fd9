CREATE TABLE t (id int PRIMARY KEY, price real NOT NULL);
