package dev.ridgeline.engine.match;

/**
 * What a cluster search stands for: how many members answered and how many of the partitions
 * their searches covered. A cluster answers only when every partition was covered; a single node
 * has no partitions and answers without one.
 *
 * @param attempts searches run before this one covered every partition (retries while partitions moved)
 */
public record Coverage(int members, int partitionsCovered, int partitionCount, int attempts) {

    public boolean complete() {
        return partitionsCovered == partitionCount;
    }
}
