package dev.ridgeline.cluster;

/**
 * What a cluster answer stands for: how many members answered and how many of the partitions
 * their searches covered. An answer is given only when every partition was covered.
 *
 * @param attempts searches run before this one covered every partition (retries while partitions moved)
 */
public record Coverage(int members, int partitionsCovered, int partitionCount, int attempts) {

    public boolean complete() {
        return partitionsCovered == partitionCount;
    }
}
