CREATE TABLE a (id int);
CREATE TABLE b (id int,);
-- é is two bytes: the column must count characters
SELECT 'é' FORM a;
CREATE TABLE c (id int PRIMARY KEY);
CREATE TABLE d (id int REFERENCES c);
-- a missing ) hides nothing after its statement
CREATE TABLE e (id int, c_id int REFERENCES c (id)
;
CREATE TABLE f (id int, c_id int REFERENCES c);
-- a statement still being typed: the next line's CREATE starts the next statement
CREATE TABLE g (id int, c_id int REFERENCES c
CREATE TABLE h (id int, c_id int REFERENCES c);
