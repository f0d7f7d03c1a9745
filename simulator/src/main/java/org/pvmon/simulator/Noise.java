package org.pvmon.simulator;

/**
 * Stateless, order-independent randomness: every value is a hash of a key and an index
 * (SplitMix64 finalizer), so any reading can be computed on its own without replaying a sequence.
 */
final class Noise {

    private Noise() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long key(long a, long b) {
        return mix(a ^ mix(b + 0x9E3779B97F4A7C15L));
    }

    static long key(long a, String s) {
        long h = mix(a + 0x632BE59BD9B4E019L);
        for (int i = 0; i < s.length(); i++) {
            h = mix(h ^ s.charAt(i));
        }
        return h;
    }

    /** Uniform in [0, 1). */
    static double uniform(long key, long index) {
        return (key(key, index) >>> 11) * 0x1.0p-53;
    }

    /** Smooth 1-D value noise in [0, 1]: random values at integer x, smoothly interpolated between. */
    static double value(long key, double x) {
        double fl = Math.floor(x);
        long i = (long) fl;
        double f = x - fl;
        f = f * f * (3 - 2 * f);
        double a = uniform(key, i);
        return a + (uniform(key, i + 1) - a) * f;
    }
}
