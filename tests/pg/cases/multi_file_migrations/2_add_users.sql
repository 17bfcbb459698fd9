CREATE TABLE users (                                    -- public.users (new session)
    id int PRIMARY KEY,
    account_id int REFERENCES app.accounts
);
