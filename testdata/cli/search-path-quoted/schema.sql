-- "$user" has no schema here; "My App" is taken to exist (partial mode) and gets the table.
CREATE TABLE events (id bigint PRIMARY KEY, kind text);
