CREATE TABLE "t (price real);
SELECT E'\