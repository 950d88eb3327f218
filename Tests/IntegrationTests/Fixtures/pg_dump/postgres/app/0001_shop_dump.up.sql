--
-- PostgreSQL database dump
--

\restrict punROZuUmKcZVmoVx86NbmxAPDRzZnrtrnevrDbEVubk1XOlasp57vh6ilcbrBe

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: shop; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA shop;


--
-- Name: order_state; Type: TYPE; Schema: shop; Owner: -
--

CREATE TYPE shop.order_state AS ENUM (
    'open',
    'paid',
    'shipped'
);


--
-- Name: customer_total(integer); Type: FUNCTION; Schema: shop; Owner: -
--

CREATE FUNCTION shop.customer_total(p integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(total), 0) FROM shop.orders WHERE customer_id = p; $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: customers; Type: TABLE; Schema: shop; Owner: -
--

CREATE TABLE shop.customers (
    id integer NOT NULL,
    name text NOT NULL,
    note text
);


--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: shop; Owner: -
--

CREATE SEQUENCE shop.customers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: customers_id_seq; Type: SEQUENCE OWNED BY; Schema: shop; Owner: -
--

ALTER SEQUENCE shop.customers_id_seq OWNED BY shop.customers.id;


--
-- Name: orders; Type: TABLE; Schema: shop; Owner: -
--

CREATE TABLE shop.orders (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    state shop.order_state DEFAULT 'open'::shop.order_state NOT NULL,
    total numeric(10,2) NOT NULL,
    placed_at timestamp with time zone NOT NULL,
    CONSTRAINT orders_total_check CHECK ((total >= (0)::numeric))
);


--
-- Name: open_orders; Type: VIEW; Schema: shop; Owner: -
--

CREATE VIEW shop.open_orders AS
 SELECT orders.id,
    orders.customer_id,
    orders.total
   FROM shop.orders
  WHERE (orders.state = 'open'::shop.order_state);


--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: shop; Owner: -
--

CREATE SEQUENCE shop.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: orders_id_seq; Type: SEQUENCE OWNED BY; Schema: shop; Owner: -
--

ALTER SEQUENCE shop.orders_id_seq OWNED BY shop.orders.id;


--
-- Name: customers id; Type: DEFAULT; Schema: shop; Owner: -
--

ALTER TABLE ONLY shop.customers ALTER COLUMN id SET DEFAULT nextval('shop.customers_id_seq'::regclass);


--
-- Name: orders id; Type: DEFAULT; Schema: shop; Owner: -
--

ALTER TABLE ONLY shop.orders ALTER COLUMN id SET DEFAULT nextval('shop.orders_id_seq'::regclass);


--
-- Data for Name: customers; Type: TABLE DATA; Schema: shop; Owner: -
--

COPY shop.customers (id, name, note) FROM stdin;
1	Ada	tab\there; semicolon
2	Grace	\N
3	Back\\slash	two\nlines
4	Ünïcode ☕	\\.
\.


--
-- Data for Name: orders; Type: TABLE DATA; Schema: shop; Owner: -
--

COPY shop.orders (id, customer_id, state, total, placed_at) FROM stdin;
1	1	paid	12.50	2024-05-01 10:00:00+00
2	1	open	3.00	2024-05-02 11:30:00+00
3	2	shipped	99.99	2024-05-03 09:15:00+00
4	4	open	0.00	2024-05-04 08:00:00+00
\.


--
-- Name: customers_id_seq; Type: SEQUENCE SET; Schema: shop; Owner: -
--

SELECT pg_catalog.setval('shop.customers_id_seq', 4, true);


--
-- Name: orders_id_seq; Type: SEQUENCE SET; Schema: shop; Owner: -
--

SELECT pg_catalog.setval('shop.orders_id_seq', 4, true);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: shop; Owner: -
--

ALTER TABLE ONLY shop.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: shop; Owner: -
--

ALTER TABLE ONLY shop.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: orders_customer_id_idx; Type: INDEX; Schema: shop; Owner: -
--

CREATE INDEX orders_customer_id_idx ON shop.orders USING btree (customer_id);


--
-- Name: orders orders_customer_id_fkey; Type: FK CONSTRAINT; Schema: shop; Owner: -
--

ALTER TABLE ONLY shop.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES shop.customers(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict punROZuUmKcZVmoVx86NbmxAPDRzZnrtrnevrDbEVubk1XOlasp57vh6ilcbrBe

