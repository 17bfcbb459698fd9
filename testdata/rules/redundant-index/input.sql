CREATE TABLE t (a int, b int, c int, d text, e text);

-- fires: (a) is a prefix of (a, b)
CREATE INDEX t_a_idx ON t (a);
CREATE INDEX t_a_b_idx ON t (a, b);

-- fires on the later of two identical indexes
CREATE INDEX t_c_first ON t (c);
CREATE INDEX t_c_again ON t (c);

-- silent: a different sort order
CREATE INDEX t_b_desc ON t (b DESC);
CREATE INDEX t_b_c ON t (b, c);

-- silent: a different predicate; fires: the same predicate written differently
CREATE INDEX t_d_live ON t (d) WHERE e IS NULL;
CREATE INDEX t_d_e ON t (d, e);
CREATE INDEX t_d_e_live ON t (d, e) WHERE (e IS NULL);

-- silent: a unique index is not redundant to a non-unique longer one
CREATE UNIQUE INDEX t_e_key ON t (e);
CREATE INDEX t_e_a ON t (e, a);

-- silent: another access method, another operator class
CREATE INDEX t_a_hash ON t USING hash (a);
CREATE INDEX t_d_pattern ON t (d text_pattern_ops);

-- silent: backs a constraint
CREATE TABLE u (id int, k int);
ALTER TABLE u ADD CONSTRAINT u_pkey PRIMARY KEY (id);
CREATE INDEX u_id_k ON u (id, k);

-- fires: a plain index duplicating the primary key
CREATE INDEX u_id_idx ON u (id);

-- fires: expressions compare as trees; INCLUDE columns must be in the other index
CREATE INDEX t_lower_d ON t (lower(d));
CREATE INDEX t_lower_d_a ON t (lower(d), a);
CREATE INDEX t_b_inc ON t (b) INCLUDE (c);

-- collations and operator classes compare as pg_index records them
CREATE TABLE coll (id int, code text COLLATE "C", email varchar(100), doc jsonb);
-- fires: the column's own collation, written out
CREATE INDEX coll_code ON coll (code);
CREATE INDEX coll_code_c ON coll (code COLLATE "C");
-- fires: the key is the plain column
CREATE INDEX coll_code_paren ON coll ((code COLLATE pg_catalog."C"));
-- silent: another collation
CREATE INDEX coll_code_default ON coll (code COLLATE "default");
-- fires: the type's default opclass and collation, written out
CREATE INDEX coll_email ON coll (email);
CREATE INDEX coll_email_ops ON coll (email COLLATE pg_catalog."default" text_ops);
-- silent: a pattern opclass is another key
CREATE INDEX coll_email_pattern ON coll (email varchar_pattern_ops);
-- fires: gin's default opclass; silent: jsonb_path_ops
CREATE INDEX coll_doc ON coll USING gin (doc);
CREATE INDEX coll_doc_ops ON coll USING gin (doc jsonb_ops);
CREATE INDEX coll_doc_path ON coll USING gin (doc jsonb_path_ops);
-- fires: casts PostgreSQL drops (a cast to the column's own type)
CREATE INDEX coll_id ON coll (id);
CREATE INDEX coll_id_cast ON coll ((id::integer));
CREATE INDEX coll_lower_email ON coll (lower(email));
CREATE INDEX coll_lower_email_cast ON coll (lower(email::varchar(100)));
-- silent: a cast to another typmod stays (email::varchar is not email)
CREATE INDEX coll_email_relabel ON coll ((email::varchar));
