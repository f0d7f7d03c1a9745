package org.pvmon.alerts;

/** What is wrong with a station. At most one open alert per station and type. */
public enum AlertType {
    /** No reading past the timeout, or the logger's last will, while the sun is up. */
    OFFLINE,
    /** Reporting, but about zero power in daylight while peers (or clear sky) say it should produce. */
    IDLE,
    /** Daily specific yield well below the same-day peer median for several evaluated days. */
    UNDERPERFORMING,
    /** The cumulative counter went down (reset) or jumped beyond what the capacity allows. */
    METER
}
