-- pvmon hourly means (issue 14, retention): a stored day's readings are also summarised hour by hour into InfluxDB
-- (measurement reading_1h in the retention policy "hourly"), which keeps them after the raw readings are dropped.
-- hourly: 1 when the day's hourly means were written with its energy (or since); 0 for the days stored before, which
-- the day-closing schedule summarises while their readings are still kept.
ALTER TABLE station_days ADD COLUMN hourly SMALLINT NOT NULL DEFAULT 0;
CREATE INDEX station_days_hourly ON station_days (hourly, day);
