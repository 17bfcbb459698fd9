-- Generated data for ../shared/corpus/querylogs/social/schema.sql (deterministic: setseed).
-- 50k accounts, 200k posts, 200k comments, 300k likes, 200k follows, 300k timeline
-- entries: prolific authors, hot posts and celebrities (skewed foreign keys), a few values
-- per status column, a year of timestamps, small lookup tables.
SELECT setseed(0.42);

INSERT INTO accounts (handle, display_name, is_private, created_at)
SELECT 'acct' || g, 'Account ' || g, random() < 0.1,
       timestamptz '2026-01-01' - random() * interval '730 days'
FROM generate_series(1, 50000) g;

-- 20% of the posts come from 300 prolific authors
INSERT INTO posts (author_id, body, visibility, like_count, created_at)
SELECT CASE WHEN random() < 0.2 THEN 1 + floor(power(random(), 2) * 300)::bigint
            ELSE 1 + floor(random() * 50000)::bigint END,
       'post body ' || g,
       CASE WHEN r < 0.90 THEN 'public' WHEN r < 0.97 THEN 'followers' ELSE 'private' END,
       floor(power(random(), 4) * 1000)::int,
       timestamptz '2026-11-24' - random() * interval '365 days'
FROM (SELECT g, random() AS r FROM generate_series(1, 200000) g) s;

-- 25% of the comments go to 2,000 hot posts
INSERT INTO comments (post_id, author_id, body, created_at, deleted_at)
SELECT p, 1 + floor(random() * 50000)::bigint, 'comment ' || g, t,
       CASE WHEN random() < 0.05 THEN t + interval '1 day' END
FROM (SELECT g, CASE WHEN random() < 0.25 THEN 1 + floor(random() * 2000)::bigint
                     ELSE 1 + floor(random() * 200000)::bigint END AS p,
             timestamptz '2026-11-24' - random() * interval '365 days' AS t
      FROM generate_series(1, 200000) g) s;

INSERT INTO likes (account_id, post_id, created_at)
SELECT 1 + floor(random() * 50000)::bigint,
       CASE WHEN random() < 0.3 THEN 1 + floor(random() * 2000)::bigint
            ELSE 1 + floor(random() * 200000)::bigint END,
       timestamptz '2026-11-24' - random() * interval '365 days'
FROM generate_series(1, 320000)
ON CONFLICT DO NOTHING;

-- 30% of the follows go to 200 celebrities
INSERT INTO follows (follower_id, followee_id, created_at)
SELECT a, b, timestamptz '2026-11-24' - random() * interval '365 days'
FROM (SELECT 1 + floor(random() * 50000)::bigint AS a,
             CASE WHEN random() < 0.3 THEN 1 + floor(random() * 200)::bigint
                  ELSE 1 + floor(random() * 50000)::bigint END AS b
      FROM generate_series(1, 220000)) s
WHERE a <> b
ON CONFLICT DO NOTHING;

INSERT INTO hashtags (tag) SELECT 'tag' || g FROM generate_series(1, 2000) g;

INSERT INTO post_hashtags (post_id, hashtag_id)
SELECT 1 + floor(random() * 200000)::bigint, 1 + floor(power(random(), 2) * 2000)::int
FROM generate_series(1, 160000)
ON CONFLICT DO NOTHING;

INSERT INTO media (post_id, kind, url)
SELECT 1 + floor(random() * 200000)::bigint,
       (ARRAY['image','image','image','video','gif'])[1 + floor(random() * 5)::int],
       'https://cdn.example.com/m/' || g
FROM generate_series(1, 60000) g;

INSERT INTO reports (post_id, reporter_id, reason, status, created_at)
SELECT 1 + floor(random() * 200000)::bigint, 1 + floor(random() * 50000)::bigint,
       (ARRAY['spam','abuse','nsfw','other'])[1 + floor(random() * 4)::int],
       CASE WHEN random() < 0.15 THEN 'open' ELSE 'closed' END,
       timestamptz '2026-11-24' - random() * interval '365 days'
FROM generate_series(1, 20000);

INSERT INTO timeline_entries (account_id, post_id, created_at)
SELECT CASE WHEN random() < 0.2 THEN 1 + floor(power(random(), 2) * 1000)::bigint
            ELSE 1 + floor(random() * 50000)::bigint END,
       1 + floor(random() * 200000)::bigint,
       timestamptz '2026-11-24' - random() * interval '365 days'
FROM generate_series(1, 300000);

-- a job queue: most jobs done long ago (locked), a small backlog due around now
INSERT INTO jobs (kind, payload, run_at, locked_at, attempts)
SELECT (ARRAY['fanout','email','thumbnail','cleanup'])[1 + floor(random() * 4)::int],
       jsonb_build_object('n', g), t, CASE WHEN random() < 0.95 THEN t + interval '1 second' END,
       floor(random() * 2)::int
FROM (SELECT g, timestamptz '2026-11-24' - random() * interval '60 days' AS t
      FROM generate_series(1, 30000) g) s;

INSERT INTO feature_flags (name, enabled)
SELECT n, random() < 0.5
FROM unnest(ARRAY['new_composer','dark_mode','reels','dm_v2','search_v3','ads','stories',
                  'polls','spaces','tips','verified','edit_post']) n;
