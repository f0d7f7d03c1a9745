package org.pvmon.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pvmon.energy.CounterSample;

/**
 * One station's recent readings (time, power, counter: what {@link CounterSample} carries) in compact form, for
 * {@link FleetState}: three parallel primitive arrays in time order, not one object per reading. A reading costs
 * 20 bytes (an int of milliseconds after {@code base}, two doubles) plus the arrays' growth slack (at most half
 * again); a station reporting every minute holds 2,880 readings over 48 h, about 58-86 KB.
 *
 * <p>Readings older than the cutoff given to {@link #trim} are dropped, except the newest of them, kept as the
 * <em>edge</em> (the station's last reading before the window): the energy of the window's first whole day needs it.
 * Readings may arrive in any order; one with the time of a reading already held replaces its fields (a NaN field
 * keeps the old value, as InfluxDB merges the fields of a point written twice). Thread-safe (synchronized: one
 * writer at a time is all the ingest and the refresh need).
 */
final class ReadingWindow {
    private static final int INITIAL = 8;
    /** Milliseconds between {@code base} and a reading must fit an int (24.8 days); the base moves on with trims. */
    private static final long MAX_OFFSET = Integer.MAX_VALUE;

    private long base;
    private int[] time = new int[INITIAL];
    private double[] power = new double[INITIAL];
    private double[] energy = new double[INITIAL];
    private int from;
    private int to;
    private long edgeTime = Long.MIN_VALUE;
    private double edgePower;
    private double edgeEnergy;

    /** @param cutoffMs the window's start now (epoch ms): readings before it go to the edge */
    ReadingWindow(long cutoffMs) {
        this.base = cutoffMs;
    }

    /** Stores one reading (epoch ms) in time order; before {@code cutoffMs} it can only become the edge. */
    synchronized void put(long ms, double powerKw, double energyKwh, long cutoffMs) {
        if (ms < cutoffMs || ms < base) {
            if (ms > edgeTime) {
                edgeTime = ms;
                edgePower = powerKw;
                edgeEnergy = energyKwh;
            } else if (ms == edgeTime) {
                if (!Double.isNaN(powerKw)) edgePower = powerKw;
                if (!Double.isNaN(energyKwh)) edgeEnergy = energyKwh;
            }
            return;
        }
        if (ms - base > MAX_OFFSET) return; // weeks in the future: not a reading the window can use
        int off = (int) (ms - base);
        int i = position(off);
        if (i >= 0 && i < to) { // the same time: one point in InfluxDB, fields merged
            if (!Double.isNaN(powerKw)) power[i] = powerKw;
            if (!Double.isNaN(energyKwh)) energy[i] = energyKwh;
            return;
        }
        if (i < 0) i = -i - 1;
        if (to == time.length) {
            makeRoom();
            int k = position(off); // not found: appended (to) or inserted (-index - 1)
            i = k >= 0 ? to : -k - 1;
        }
        System.arraycopy(time, i, time, i + 1, to - i);
        System.arraycopy(power, i, power, i + 1, to - i);
        System.arraycopy(energy, i, energy, i + 1, to - i);
        time[i] = off;
        power[i] = powerKw;
        energy[i] = energyKwh;
        to++;
    }

    /** Where {@code off} is (its index) or goes ({@code -index - 1}); appending gives {@code to}. */
    private int position(int off) {
        return to == from || time[to - 1] < off ? to : Arrays.binarySearch(time, from, to, off);
    }

    /** Drops the readings before {@code cutoffMs}, keeping the newest of them as the edge. */
    synchronized void trim(long cutoffMs) {
        int n = from;
        while (n < to && base + time[n] < cutoffMs) n++;
        if (n > from) {
            long t = base + time[n - 1];
            if (t >= edgeTime) {
                edgeTime = t;
                edgePower = power[n - 1];
                edgeEnergy = energy[n - 1];
            }
            from = n;
        }
        if (from == to) {
            from = to = 0;
        }
        if (cutoffMs - base > MAX_OFFSET / 4) { // move the base on, so future readings keep fitting an int
            int shift = (int) (cutoffMs - base);
            for (int k = from; k < to; k++) time[k] -= shift;
            base = cutoffMs;
        }
    }

    private void makeRoom() {
        int n = to - from;
        if (from > 0 && n <= time.length / 2) { // trimmed space at the front: move down
            System.arraycopy(time, from, time, 0, n);
            System.arraycopy(power, from, power, 0, n);
            System.arraycopy(energy, from, energy, 0, n);
        } else {
            int cap = Math.max(INITIAL, time.length + (time.length >> 1));
            int[] t = new int[cap];
            double[] p = new double[cap];
            double[] e = new double[cap];
            System.arraycopy(time, from, t, 0, n);
            System.arraycopy(power, from, p, 0, n);
            System.arraycopy(energy, from, e, 0, n);
            time = t;
            power = p;
            energy = e;
        }
        from = 0;
        to = n;
    }

    /** True when a reading held (or the edge) has a time in [{@code aMs}, {@code bMs}]. */
    synchronized boolean hasIn(long aMs, long bMs) {
        if (edgeTime >= aMs && edgeTime <= bMs) return true;
        long lo = aMs - base;
        long hi = bMs - base;
        if (to == from || hi < 0 || lo > MAX_OFFSET) return false;
        int k = Arrays.binarySearch(time, from, to, (int) Math.max(0, lo));
        int i = k >= 0 ? k : -k - 1;
        return i < to && time[i] <= hi;
    }

    /** Readings held (the edge not counted). */
    synchronized int size() {
        return to - from;
    }

    /** Bytes of the arrays (capacity, not size) plus the object itself: what the window costs on the heap. */
    synchronized long bytes() {
        return 16L * 3 + 20L * time.length + 64;
    }

    /** Epoch ms of the newest reading, the edge when none is held, or {@link Long#MIN_VALUE}. */
    synchronized long newest() {
        return to > from ? base + time[to - 1] : edgeTime;
    }

    /**
     * The readings at or after {@code fromMs}, in time order, preceded by the last reading before {@code fromMs}
     * (from the window or the edge) when {@code withBefore} and it is at or after {@code beforeNotBeforeMs}.
     */
    synchronized List<CounterSample> samples(long fromMs, boolean withBefore, long beforeNotBeforeMs) {
        int i = from;
        long rel = fromMs - base;
        if (rel > 0) {
            int k = Arrays.binarySearch(time, from, to, (int) Math.min(rel, MAX_OFFSET));
            i = k >= 0 ? k : -k - 1;
        }
        List<CounterSample> out = new ArrayList<>(to - i + 1);
        if (withBefore) {
            if (i > from) {
                long t = base + time[i - 1];
                if (t >= beforeNotBeforeMs) out.add(new CounterSample(Instant.ofEpochMilli(t), energy[i - 1], power[i - 1]));
            } else if (edgeTime != Long.MIN_VALUE && edgeTime < fromMs && edgeTime >= beforeNotBeforeMs) {
                out.add(new CounterSample(Instant.ofEpochMilli(edgeTime), edgeEnergy, edgePower));
            }
        }
        for (int k = i; k < to; k++) out.add(new CounterSample(Instant.ofEpochMilli(base + time[k]), energy[k], power[k]));
        return out;
    }
}
