-- Independent reference series, for reconciling what articles say with what the
-- source itself published. ref.air_force_daily holds the Ukrainian Air Force's daily
-- reports (Kaggle piterfm "Massive Missile Attacks on Ukraine", ODC-BY, attribution
-- required), one row per weapon model per reporting window.
CREATE SCHEMA IF NOT EXISTS ref;

CREATE TABLE IF NOT EXISTS ref.air_force_daily (
    row_hash        text PRIMARY KEY,      -- sha256 of the source row: reloading is idempotent
    night           date NOT NULL,         -- the morning the report covers (date of time_end)
    time_start      timestamp,
    time_end        timestamp,
    model           text NOT NULL,
    weapon          text NOT NULL,         -- contract weapon class: drone, ballistic_missile, ...
    weapon_group    text NOT NULL CHECK (weapon_group IN ('drone', 'missile', 'other')),
    target          text,
    launched        integer,
    destroyed       integer,
    lost            integer,               -- not_reach_goal: "locationally lost"
    source          text
);
CREATE INDEX IF NOT EXISTS air_force_daily_night_idx ON ref.air_force_daily (night, weapon_group);
