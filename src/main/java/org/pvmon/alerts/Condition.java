package org.pvmon.alerts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.pvmon.money.Money;

/**
 * A condition that is true for a station now: the material of an alert.
 *
 * @param stationId the station
 * @param type      what is wrong
 * @param since     when it started: OFFLINE the last reading (the last-will time when there is none), IDLE the
 *                  first reading of the idle stretch, UNDERPERFORMING and METER the start of the first flagged
 *                  local day
 * @param detail    one human-readable sentence for the O&M crew (local times, figures, peer scope)
 * @param lostKwh   expected energy not produced (OFFLINE: not known to be produced) since {@code since}, kWh,
 *                  scale 1, never negative; 0 for METER
 * @param lostYuan  {@code lostKwh} x the station's feed-in tariff, rounded {@link AlertEvaluator#MONEY_ROUNDING}
 */
public record Condition(String stationId, AlertType type, Instant since, String detail, BigDecimal lostKwh,
                        Money lostYuan) {

    public Condition {
        Objects.requireNonNull(stationId, "stationId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(lostKwh, "lostKwh");
        Objects.requireNonNull(lostYuan, "lostYuan");
        if (lostKwh.signum() < 0) {
            throw new IllegalArgumentException("lostKwh must not be negative: " + lostKwh);
        }
    }
}
