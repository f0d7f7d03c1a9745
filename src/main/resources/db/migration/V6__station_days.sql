-- pvmon stored daily energy: each station's energy of each closed local day (Asia/Shanghai), computed once from the
-- readings in InfluxDB by the same calculation the API makes (energy/EnergyCalculator), so that months, statements and
-- the alert rules read one row per station and day instead of every raw reading again. Portable SQL as V1-V5:
-- day ISO 'yyyy-MM-dd' text, instants VARCHAR(30) ISO-8601 UTC with three fraction digits, kwh exact decimal text
-- (scale 3). A row is a cache of what the readings say: it is marked stale when a reading of (or next to) its day
-- arrives late, and recomputed.
--
-- station_days: one row per station and closed day.
--   has_data/estimated/samples/resets/jumps/longest_gap_s/notes: the day as energy/DayEnergy describes it (notes one
--   per line).
--   open_end: 1 when the station had no reading after the day when it was computed (offline since): energy of the
--   gap is shared between the days it spans once the station reports again, so the row is recomputed then.
CREATE TABLE station_days (
    station       VARCHAR(64)  NOT NULL,
    day           VARCHAR(10)  NOT NULL,
    kwh           VARCHAR(30)  NOT NULL,
    has_data      SMALLINT     NOT NULL,
    estimated     SMALLINT     NOT NULL,
    samples       INTEGER      NOT NULL,
    resets        INTEGER      NOT NULL,
    jumps         INTEGER      NOT NULL,
    longest_gap_s BIGINT       NOT NULL,
    notes         TEXT         NOT NULL,
    open_end      SMALLINT     NOT NULL,
    computed_at   VARCHAR(30)  NOT NULL,
    PRIMARY KEY (station, day)
);
CREATE INDEX station_days_day ON station_days (day);
CREATE INDEX station_days_open ON station_days (open_end, station);

-- station_days_stale: days whose stored row no longer matches the readings (a late reading arrived); marked_at is
-- when. A stale row is not served; recomputing it removes the mark unless a newer mark came in meanwhile.
CREATE TABLE station_days_stale (
    station   VARCHAR(64)  NOT NULL,
    day       VARCHAR(10)  NOT NULL,
    marked_at VARCHAR(30)  NOT NULL,
    PRIMARY KEY (station, day)
);
