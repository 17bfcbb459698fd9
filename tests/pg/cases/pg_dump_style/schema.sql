-- pg_dump style: empty search_path, everything qualified, sequences with
-- OWNED BY and nextval defaults, constraints added with ALTER TABLE ONLY,
-- indexes created afterwards, FKs last.
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET default_tablespace = '';
SET default_table_access_method = heap;

CREATE SCHEMA shop;

CREATE TABLE public.customer (
    customer_id integer NOT NULL,
    name character varying(45) NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created timestamp without time zone DEFAULT now() NOT NULL
);
CREATE SEQUENCE public.customer_customer_id_seq
    AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.customer_customer_id_seq OWNED BY public.customer.customer_id;
ALTER TABLE ONLY public.customer ALTER COLUMN customer_id SET DEFAULT nextval('public.customer_customer_id_seq'::regclass);

CREATE TABLE shop.payment (
    payment_id integer NOT NULL,
    customer_id integer NOT NULL,
    amount numeric(5,2) NOT NULL,
    paid_at timestamp with time zone NOT NULL
);

ALTER TABLE ONLY public.customer
    ADD CONSTRAINT customer_pkey PRIMARY KEY (customer_id);
ALTER TABLE ONLY shop.payment
    ADD CONSTRAINT payment_pkey PRIMARY KEY (payment_id);
CREATE INDEX idx_fk_customer_id ON shop.payment USING btree (customer_id);
CREATE INDEX idx_paid ON shop.payment USING btree (paid_at DESC) WHERE (amount > (0)::numeric);
ALTER TABLE ONLY shop.payment
    ADD CONSTRAINT payment_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customer(customer_id) ON UPDATE CASCADE ON DELETE RESTRICT;
