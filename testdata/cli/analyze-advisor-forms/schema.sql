-- every form the index advisor reads, served and unserved
CREATE SCHEMA crm;
CREATE TABLE crm."Accounts" (id bigint PRIMARY KEY, "Region" text NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE crm.contacts (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES crm."Accounts" (id),
    email text NOT NULL,
    score integer NOT NULL,
    status text NOT NULL,
    archived_at timestamptz,
    created_at timestamptz NOT NULL
);
CREATE INDEX contacts_account_created_idx ON crm.contacts (account_id, created_at DESC);
CREATE INDEX contacts_lower_email_idx ON crm.contacts (lower(email));
CREATE INDEX contacts_live_idx ON crm.contacts (status, created_at) WHERE archived_at IS NULL;
CREATE TABLE crm.notes (id bigint PRIMARY KEY, contact_id bigint NOT NULL REFERENCES crm.contacts (id), body text);
-- a view that projects and filters one table resolves to it; a grouped one does not
CREATE VIEW crm.active_contacts AS SELECT id, account_id AS acct, email, created_at FROM crm.contacts WHERE archived_at IS NULL;
CREATE VIEW crm.contacts_per_account AS SELECT account_id, count(*) AS n FROM crm.contacts GROUP BY account_id;
