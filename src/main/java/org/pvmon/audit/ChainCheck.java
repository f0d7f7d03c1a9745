package org.pvmon.audit;

import org.pvmon.audit.AuditLog.Verification;

/**
 * One walk over the audit log, entry by entry in seq order, against the head: says whether the chain is intact and,
 * if not, where it first breaks and how. Entries are expected from the head's anchor (the first one kept, linking to
 * the anchor hash) to its last entry (with its last hash), each one matching its own hash and linking to the hash of
 * the one before. The first entry that does not is classified:
 * <ul>
 * <li>a gap in seq: <b>deleted</b> (the first missing seq); entries missing after the last one: <b>deleted</b>;</li>
 * <li>an entry whose predecessor by hash comes after it: <b>reordered</b> (e.g. two entries' seq and at swapped);</li>
 * <li>an entry after which the chain goes on from the entry before it: <b>inserted</b> (the extra one's seq); an
 *     entry beyond the head's last or before the anchor: <b>inserted</b>;</li>
 * <li>otherwise <b>edited</b>: an entry that does not match its own hash, or that no longer links to the one before
 *     (one of the two was changed and its hash computed again).</li>
 * </ul>
 * Not thread-safe: one per walk.
 */
final class ChainCheck {
    /** An entry as stored, every column as its text ({@code at} too: an edit that parses to the same instant shows). */
    record Row(long seq, String at, String actor, String action, String target, String detail, String from, String prevHash,
               String hash) {
        boolean matchesItsHash() {
            return Chain.hash(seq, at, actor, action, target, detail, from, prevHash).equals(hash);
        }
    }

    /** The one-row head: the last entry appended, and the anchor where the entries kept start. */
    record Head(long lastSeq, String lastHash, long anchorSeq, String anchorHash) {
    }

    private final Head head;
    private long expected; // the seq the next entry must have
    private String previous; // the hash it must link to: the last good entry's (the anchor at first)
    private String beforePrevious; // the hash the last good entry linked to; null before the first good one
    private long entries;
    private Break broken;
    // the first entry found out of the chain with its seq in place, kept until what follows it tells what happened
    private Row suspect;
    private boolean suspectMatchesItsHash;
    private Row afterSuspect;
    private boolean suspectFollowsALaterEntry;

    ChainCheck(Head head) {
        this.head = head;
        this.expected = head.anchorSeq();
        this.previous = head.anchorHash();
    }

    /** The next entry, in ascending seq. */
    void accept(Row r) {
        entries++;
        if (broken != null) return;
        if (suspect != null) {
            if (afterSuspect == null) afterSuspect = r;
            if (r.hash().equals(suspect.prevHash())) suspectFollowsALaterEntry = true;
            return;
        }
        if (r.seq() > head.lastSeq()) {
            broken = broken(r.seq(), "inserted (after entry " + head.lastSeq() + ", the last one the head records)");
        } else if (r.seq() < expected) {
            broken = broken(r.seq(), "inserted (before entry " + expected + ", the first one kept)");
        } else if (r.seq() > expected) {
            broken = broken(expected, "deleted (" + (r.seq() - expected == 1 ? "entry " + expected + " is missing"
                    : "entries " + expected + " to " + (r.seq() - 1) + " are missing") + ")");
        } else {
            boolean matches = r.matchesItsHash();
            if (matches && r.prevHash().equals(previous)) {
                beforePrevious = previous;
                previous = r.hash();
                expected++;
            } else if (beforePrevious != null && r.prevHash().equals(beforePrevious)) {
                broken = broken(r.seq() - 1, "inserted (entry " + r.seq() + " follows entry " + (r.seq() - 2) + ")");
            } else {
                suspect = r;
                suspectMatchesItsHash = matches;
            }
        }
    }

    /** The outcome, once every entry was given. */
    Verification finish() {
        if (broken == null && suspect != null) broken = classifySuspect();
        if (broken == null && expected - 1 < head.lastSeq()) {
            broken = broken(expected, "deleted (the last entries are missing: the head records entry " + head.lastSeq()
                    + " as the last)");
        }
        if (broken == null && !previous.equals(head.lastHash())) {
            broken = broken(head.lastSeq(), "edited (entry " + head.lastSeq() + " does not match the hash the head records)");
        }
        return broken == null ? new Verification(true, entries, null, null)
                : new Verification(false, entries, broken.seq(), broken.problem());
    }

    private Break classifySuspect() {
        long s = suspect.seq();
        if (suspectFollowsALaterEntry) {
            return broken(s, "reordered (entry " + s + " holds an entry that follows a later one)");
        }
        if (afterSuspect != null && afterSuspect.seq() == s + 1 && afterSuspect.prevHash().equals(previous)) {
            return broken(s, "inserted (entry " + (s + 1) + " follows entry " + (s - 1) + ")");
        }
        if (!suspectMatchesItsHash) {
            return broken(s, "edited (entry " + s + " does not match its hash)");
        }
        if (s > head.anchorSeq()) {
            return broken(s - 1, "edited (entry " + s + " no longer follows entry " + (s - 1)
                    + ": one of them was changed and its hash computed again)");
        }
        return broken(s, "edited (entry " + s + ", the first one kept, does not follow the anchor the head records)");
    }

    private static Break broken(long seq, String problem) {
        return new Break(seq, problem);
    }

    /** Where the chain first breaks, and how. */
    private record Break(long seq, String problem) {
    }
}
