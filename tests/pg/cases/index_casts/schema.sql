-- Casts in index expressions and predicates as PostgreSQL's analysis leaves
-- them: a cast to the type (and typmod) an expression already has is dropped,
-- the implicit ones it adds (varchar to text in lower()) are printed.
CREATE TABLE items (
    id integer NOT NULL,
    big bigint,
    name text,
    title varchar(80),
    loose varchar,
    code character(3),
    price numeric(10,2),
    amount numeric,
    active boolean,
    created_at timestamp,
    updated_at timestamptz,
    day date,
    doc jsonb,
    raw json,
    uid uuid
);

-- text
CREATE INDEX items_lower_name_cast ON items (lower((name)::text));
CREATE INDEX items_upper_name_cast ON items (upper(name::text));
CREATE INDEX items_name_cast ON items ((name::text));
CREATE INDEX items_lower_cast_outside ON items ((lower(name)::text));
-- varchar / char
CREATE INDEX items_lower_title ON items (lower(title));
CREATE INDEX items_lower_title_text ON items (lower(title::text));
CREATE INDEX items_lower_title_same ON items (lower(title::varchar(80)));
CREATE INDEX items_title_varchar ON items ((title::varchar));
CREATE INDEX items_loose_varchar ON items ((loose::varchar));
CREATE INDEX items_lower_loose_varchar ON items (lower(loose::varchar));
CREATE INDEX items_code_bpchar ON items ((code::char(3)));
CREATE INDEX items_lower_code ON items (lower(code));
-- integers and numeric
CREATE INDEX items_id_int ON items ((id::integer));
CREATE INDEX items_id_int4 ON items ((id::int4), big);
CREATE INDEX items_big_int8 ON items ((big::bigint));
CREATE INDEX items_id_bigint ON items ((id::bigint));
CREATE INDEX items_price_numeric ON items ((price::numeric));
CREATE INDEX items_price_same ON items ((price::numeric(10,2)));
CREATE INDEX items_amount_numeric ON items ((amount::numeric));
-- boolean, timestamps, dates
CREATE INDEX items_active_bool ON items ((active::boolean));
CREATE INDEX items_created_ts ON items ((created_at::timestamp));
CREATE INDEX items_created_date ON items ((created_at::date));
CREATE INDEX items_updated_tstz ON items ((updated_at::timestamptz));
CREATE INDEX items_day_date ON items ((day::date));
CREATE INDEX items_trunc ON items (date_trunc('day', created_at));
CREATE INDEX items_trunc_cast ON items ((date_trunc('day', created_at)::timestamp));
CREATE INDEX items_trunc_day ON items ((date_trunc('day', day::timestamp)::timestamp));
-- jsonb / json
CREATE INDEX items_doc_text ON items (((doc ->> 'kind')::text));
CREATE INDEX items_doc_int ON items (((doc ->> 'n')::integer));
CREATE INDEX items_doc_jsonb ON items (((doc -> 'a')::jsonb));
CREATE INDEX items_raw_text ON items (((raw ->> 'a')::text));
CREATE INDEX items_doc_cast ON items ((doc::jsonb));
-- uuid
CREATE INDEX items_uid_uuid ON items ((uid::uuid));
CREATE INDEX items_uid_text ON items ((uid::text));
-- coalesce
CREATE INDEX items_coalesce ON items ((coalesce(name, '')::text));
CREATE INDEX items_coalesce_title ON items (coalesce(title::text, ''));

-- predicates
CREATE INDEX items_p_active ON items (id) WHERE active::boolean;
CREATE INDEX items_p_name ON items (id) WHERE name::text <> '';
CREATE INDEX items_p_title ON items (id) WHERE title::text = 'x';
CREATE INDEX items_p_id ON items (id) WHERE id::integer > 0;
CREATE INDEX items_p_day ON items (id) WHERE day::date > '2020-01-01';
CREATE INDEX items_p_lower ON items (id) WHERE lower(name)::text = 'a';
