package org.pvmon.simulator;

import java.time.LocalDate;
import java.util.regex.Pattern;

/** One station of the fleet file. */
public record Station(String id, String name, String village, String township, String county,
                      double capacityKwp, double lat, double lon, LocalDate gridConnectionDate) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public Station {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("station id must be 1-64 characters of A-Z a-z 0-9 _ -: '" + id + "'");
        }
        if (!(capacityKwp > 0 && capacityKwp <= 100_000)) {
            throw new IllegalArgumentException("capacity_kwp must be > 0 and <= 100000: " + capacityKwp);
        }
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("lat/lon out of range: " + lat + "," + lon);
        }
    }

    public String readingTopic() {
        return "pvmon/v1/stations/" + id + "/reading";
    }

    public String statusTopic() {
        return "pvmon/v1/stations/" + id + "/status";
    }
}
