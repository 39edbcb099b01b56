-- 0020: daily aggregates of participation analytics (/admin/analytics,
-- /api/v1/analytics), kept by the job analytics.days
-- (features/office/analytics_days.c), so that a long period costs its
-- days, not its rows.
--
-- A day is a day of the platform's time zone (Europe/Berlin), numbered
-- as days since 1970-01-01 of its date.  analytics_day_runs holds each
-- day the job computed, with the seconds it covered ([starts, ends): 23
-- or 25 hours on the days the clocks change) and when; a day without a
-- row there is not aggregated, and the page counts it from the rows.
--
-- analytics_days: per day and challenge (0: none, the open box and the
-- comments on other pages; the platform is the sum of all) the ideas,
-- comments and supports of the weekly series; new accounts and event
-- registrations belong to no challenge and sit in challenge 0.
-- supports counts the supports of banned accounts too: the page takes
-- those off as it reads (from analytics_account_days), so a ban or an
-- unban shows at once.
--
-- analytics_account_days: per day, challenge and account its ideas and
-- comments (posts) and its supports: summed per account over a period,
-- they give the distinct active participants per sector and the Gini
-- coefficient exactly, at a cost of account-days, not of rows.  The
-- account's sector and ban are read from users at the time of the page.
CREATE TABLE analytics_day_runs (
	day BIGINT PRIMARY KEY,
	starts BIGINT NOT NULL,
	ends BIGINT NOT NULL,
	computed_at BIGINT NOT NULL
);
CREATE TABLE analytics_days (
	day BIGINT NOT NULL,
	challenge_id BIGINT NOT NULL,
	ideas BIGINT NOT NULL,
	comments BIGINT NOT NULL,
	supports BIGINT NOT NULL,
	accounts BIGINT NOT NULL,
	registrations BIGINT NOT NULL,
	PRIMARY KEY (day, challenge_id)
);
CREATE TABLE analytics_account_days (
	day BIGINT NOT NULL,
	challenge_id BIGINT NOT NULL,
	account_id BIGINT NOT NULL,
	posts BIGINT NOT NULL,
	supports BIGINT NOT NULL,
	PRIMARY KEY (day, challenge_id, account_id)
);
CREATE INDEX analytics_account_days_challenge ON analytics_account_days (challenge_id, day);
CREATE INDEX analytics_account_days_account ON analytics_account_days (account_id, day);
