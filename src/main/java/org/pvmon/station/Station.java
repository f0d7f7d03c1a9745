package org.pvmon.station;

import java.time.LocalDate;

/** A station as the registry knows it. Capacity in kWp (DC peak). */
public record Station(String id, String name, String village, String township, String county,
                      double capacityKwp, double lat, double lon, LocalDate gridConnectionDate) {
}
