package dev.ridgeline.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.ridgeline.cluster.postgres.PostgresSettings;
import dev.ridgeline.cluster.postgres.PostgresStore;
import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.gallery.AttributeFilter;
import dev.ridgeline.engine.gallery.SearchMode;
import dev.ridgeline.engine.store.KeyRing;
import dev.ridgeline.fixtures.net.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several real members in this JVM, joined over TCP on 127.0.0.1 as separate machines would be,
 * each with its own connections to the same PostgreSQL. Started together, so a cold cluster loads
 * each partition on its owner.
 */
final class TestCluster implements AutoCloseable {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private final String name;
    private final List<ClusterMember> members;
    private final List<ClusterMember> live;
    private final List<PostgresStore> stores;

    private TestCluster(String name, List<ClusterMember> members, List<PostgresStore> stores) {
        this.name = name;
        this.members = members;
        this.live = new ArrayList<>(members);
        this.stores = stores;
    }

    static TestCluster start(int size, PostgresSettings postgres, KeyRing keys) {
        return start(size, postgres, keys, ClusterSettings.DEFAULT_BACKUPS);
    }

    static TestCluster start(int size, PostgresSettings postgres, KeyRing keys, int backups) {
        TestCluster cluster = startLoading(size, postgres, keys, backups);
        awaitLoaded(cluster.members);
        return cluster;
    }

    /** Settings of a lone member: its list names only itself, so it starts at once. */
    static ClusterSettings alone(String name) {
        int port = FreePorts.take(1).getFirst();
        return new ClusterSettings(name, "127.0.0.1", port, List.of("127.0.0.1:" + port), 1, Duration.ofSeconds(1),
                Duration.ofSeconds(20), ClusterSettings.DEFAULT_BACKUPS);
    }

    /** Starts the members and returns while they may still be reading their partitions from PostgreSQL. */
    static TestCluster startLoading(int size, PostgresSettings postgres, KeyRing keys, int backups) {
        String name = "ridgeline-test-" + ProcessHandle.current().pid() + "-" + CLUSTERS.incrementAndGet();
        List<Integer> ports = FreePorts.take(size);
        List<String> addresses = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        List<PostgresStore> stores = new ArrayList<>();
        List<CompletableFuture<ClusterMember>> starting = new ArrayList<>();
        for (int port : ports) {
            PostgresStore store = PostgresStore.open(postgres, keys);
            stores.add(store);
            ClusterSettings settings = new ClusterSettings(name, "127.0.0.1", port, addresses, size, Duration.ofSeconds(1),
                    Duration.ofSeconds(60), backups);
            // A thread each: every member waits in start until all of them have joined.
            CompletableFuture<ClusterMember> member = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    member.complete(ClusterMember.start(settings, store, keys, 2));
                } catch (RuntimeException e) {
                    member.completeExceptionally(e);
                }
            });
            starting.add(member);
        }
        return new TestCluster(name, starting.stream().map(future -> future.orTimeout(60, TimeUnit.SECONDS).join()).toList(),
                stores);
    }

    /** Members read their partitions from PostgreSQL after they start: tests begin once each holds all of its own. */
    private static void awaitLoaded(List<ClusterMember> members) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!members.stream().allMatch(ClusterMember::holdsOwnedPartitions)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the members did not load their partitions from PostgreSQL within 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The top {@code k} for identity {@code identity}'s probe in gallery "nexus", as {@code member} gathers it. */
    static GatheredSearch search(ClusterMember member, int identity, int k, Duration deadline) {
        return member.search("nexus", TestSubjects.probe(identity), AttributeFilter.NONE, k, SearchMode.TWO_STAGE,
                deadline, Cancellation.NEVER);
    }

    /** The Hazelcast instances of this cluster's running members, for looking at the grid itself. */
    List<HazelcastInstance> gridMembers() {
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(instance -> instance.getConfig().getClusterName().equals(name)).toList();
    }

    ClusterMember member(int index) {
        return members.get(index);
    }

    /** Member {@code index} stops as if its machine died. */
    void crash(int index) {
        members.get(index).crash();
        live.remove(members.get(index));
    }

    /** These members die at the same moment, as machines sharing a rack or a power supply would. */
    void crashTogether(int... indexes) throws Exception {
        CyclicBarrier together = new CyclicBarrier(indexes.length);
        List<CompletableFuture<Void>> crashes = new ArrayList<>();
        for (int index : indexes) {
            crashes.add(CompletableFuture.runAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                members.get(index).crash();
            }, runnable -> Thread.ofPlatform().daemon().start(runnable)));
        }
        CompletableFuture.allOf(crashes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int index : indexes) {
            live.remove(members.get(index));
        }
    }

    /** Subjects in the galleries of the members still running. */
    long ownedSubjects() {
        return live.stream().mapToLong(ClusterMember::ownedSubjects).sum();
    }

    /** Enrollments are searchable moments after they are acknowledged: waits until every one is. */
    void awaitOwnedSubjects(long expected) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ownedSubjects() != expected) {
            if (System.nanoTime() > until) {
                throw new AssertionError("members hold " + ownedSubjects() + " subjects, expected " + expected);
            }
            Thread.sleep(20);
        }
    }

    /** Every member stops as if its machine died: nothing is handed over. */
    @Override
    public void close() {
        live.forEach(ClusterMember::crash);
        stores.forEach(PostgresStore::close);
    }
}
