package dev.ridgeline.cluster;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What the grid holds for a subject: a stamp, not its record. Records live in PostgreSQL, the
 * system of record, and decoded in their partition owner's galleries. The grid places subjects
 * (partitions, backups, migrations), says which exist, and announces each write to the owner by
 * an entry event carrying the write's stamp. A sealed face record in the grid cost about 900 B of
 * heap per copy, primary and backup, on top of the galleries' 690 B; a stamp's entry costs a few
 * dozen bytes besides its key.
 */
final class SubjectStamps {

    /** The stamp of a subject loaded from PostgreSQL (a cold start, a lost partition), not written by a member. */
    static final byte[] LOADED = new byte[0];
    private static final int BYTES = 8;

    private SubjectStamps() {
    }

    /** A stamp for a new write: a rewrite of the same subject is an update the owner hears of, with its own stamp. */
    static byte[] next() {
        byte[] stamp = new byte[BYTES];
        ThreadLocalRandom.current().nextBytes(stamp);
        return stamp;
    }
}
