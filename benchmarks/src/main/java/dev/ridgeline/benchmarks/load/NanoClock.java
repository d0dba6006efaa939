package dev.ridgeline.benchmarks.load;

import java.util.concurrent.locks.LockSupport;

/** The time an open-loop run keeps its schedule by; tests give it a clock of their own. */
interface NanoClock {

    NanoClock SYSTEM = new NanoClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(long nanos) throws InterruptedException {
            for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    };

    long nanoTime();

    /** Returns once {@link #nanoTime()} has reached {@code nanos}. */
    void parkUntil(long nanos) throws InterruptedException;
}
