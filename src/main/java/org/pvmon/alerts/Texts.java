package org.pvmon.alerts;

import java.time.Duration;
import java.util.Locale;

/** Small formatting helpers for condition details. */
final class Texts {

    private Texts() {
    }

    static String duration(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
        }
        return String.format(Locale.ROOT, "%d d %d h", minutes / 1440, minutes % 1440 / 60);
    }

    static String kwh(double kwh) {
        return String.format(Locale.ROOT, "%.1f kWh expected", kwh);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
