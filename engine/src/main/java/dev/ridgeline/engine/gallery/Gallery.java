package dev.ridgeline.engine.gallery;

import dev.ridgeline.engine.Cancellation;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.match.Matchable;
import dev.ridgeline.engine.match.Probe;
import dev.ridgeline.engine.match.SubjectScore;
import dev.ridgeline.engine.match.TopK;
import dev.ridgeline.engine.template.Modality;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.roaringbitmap.RoaringBitmap;

/**
 * A named set of subjects split into shards by hash of subject id. 1:N search runs the shards in
 * parallel and merges their top-K lists. Holds memory only; durability is the store's job.
 */
public final class Gallery {

    private final GalleryConfig config;
    private final Shard[] shards;

    public Gallery(GalleryConfig config) {
        this.config = config;
        this.shards = new Shard[config.shards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard();
        }
    }

    public GalleryConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    /** For tests in this package that look at one shard's snapshots. */
    Shard shard(int index) {
        return shards[index];
    }

    private Shard shardOf(String subjectId) {
        // Spread String.hashCode's low bits: ids like "traveller-0001" differ only at the end.
        int h = subjectId.hashCode() * 0x9E3779B9;
        return shards[Math.floorMod(h ^ (h >>> 16), shards.length)];
    }

    public boolean contains(String subjectId) {
        return shardOf(subjectId).contains(subjectId);
    }

    public Optional<SubjectView> subject(String subjectId) {
        return Optional.ofNullable(shardOf(subjectId).subject(config.name(), subjectId));
    }

    /**
     * Adds a subject whose templates are already matchable (one per envelope, same order).
     * With {@code publish} false the caller publishes once after a batch, as a bulk load does.
     */
    public void add(SubjectRecord record, List<Matchable> templates, boolean publish) {
        Shard shard = shardOf(record.subjectId());
        shard.add(SubjectView.of(config.name(), record), templates);
        if (publish) {
            shard.publish();
        }
    }

    /** Publishes the shards holding these subjects, each once: a batch added unpublished becomes searchable together. */
    public void publishShardsOf(List<String> subjectIds) {
        subjectIds.stream().map(this::shardOf).distinct().forEach(Shard::publish);
    }

    public void publishAll() {
        for (Shard shard : shards) {
            shard.publish();
        }
    }

    public void updateAttributes(String subjectId, Map<String, String> attributes) {
        Shard shard = shardOf(subjectId);
        shard.updateAttributes(subjectId, attributes);
        shard.publish();
    }

    public void remove(String subjectId) {
        Shard shard = shardOf(subjectId);
        shard.remove(subjectId);
        shard.publish();
    }

    /** Removes these subjects (unknown ids are skipped), publishing each shard they were in once. */
    public void removeAll(Collection<String> subjectIds) {
        for (String subjectId : subjectIds) {
            Shard shard = shardOf(subjectId);
            if (shard.contains(subjectId)) {
                shard.remove(subjectId);
            }
        }
        publishShardsOf(List.copyOf(subjectIds));
    }

    /** 1:1 against an enrolled subject: its templates against the probe, if any compares. */
    public Optional<SubjectScore> verify(Probe probe, String subjectId) {
        Shard shard = shardOf(subjectId);
        ShardSnapshot snapshot = shard.snapshot();
        Shard.Placement placement = shard.placement(subjectId);
        if (placement == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(snapshot.scoreRows(subjectId, placement.firstRow(), placement.rowCount(), probe));
    }

    /** 1:N in {@link SearchMode#TWO_STAGE}. */
    public IdentifyOutcome identify(Probe probe, AttributeFilter filter, int k, ExecutorService pool,
                                    Cancellation cancellation) {
        return identify(probe, filter, k, SearchMode.TWO_STAGE, pool, cancellation);
    }

    /** 1:N: every shard filters and scores in parallel on {@code pool}; the caller runs one shard itself. */
    public IdentifyOutcome identify(Probe probe, AttributeFilter filter, int k, SearchMode mode, ExecutorService pool,
                                    Cancellation cancellation) {
        List<Future<ShardResult>> pending = new ArrayList<>();
        for (int i = 1; i < shards.length; i++) {
            ShardSnapshot snapshot = shards[i].snapshot();
            pending.add(pool.submit(() -> searchShard(snapshot, probe, filter, k, mode, cancellation)));
        }
        TopK merged = new TopK(k);
        long searched = 0;
        ShardResult own;
        try {
            own = searchShard(shards[0].snapshot(), probe, filter, k, mode, cancellation);
        } catch (EngineException e) {
            pending.forEach(f -> f.cancel(true));
            throw e;
        }
        merged.offerAll(own.ranked());
        searched += own.searched();
        try {
            for (Future<ShardResult> future : pending) {
                ShardResult result = future.get();
                merged.offerAll(result.ranked());
                searched += result.searched();
            }
        } catch (InterruptedException e) {
            pending.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("search interrupted", e);
        } catch (ExecutionException e) {
            pending.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof EngineException engineException) {
                throw engineException;
            }
            throw new IllegalStateException("shard search failed", e.getCause());
        }
        return new IdentifyOutcome(merged.ranked(), searched);
    }

    /**
     * The rows a search of shard {@code shard} would score: live, passing the filter and comparable
     * with the probe. Public so the cost of filter evaluation can be measured apart from scoring.
     */
    public RoaringBitmap candidates(int shard, AttributeFilter filter, Probe probe) {
        return shards[shard].snapshot().candidates(filter, probe);
    }

    private record ShardResult(List<SubjectScore> ranked, long searched) {
    }

    private ShardResult searchShard(ShardSnapshot snapshot, Probe probe, AttributeFilter filter, int k,
                                    SearchMode mode, Cancellation cancellation) {
        int faceShortlist = SearchMode.faceShortlist(shards.length, k);
        RoaringBitmap candidates = snapshot.candidates(filter, probe);
        return new ShardResult(snapshot.search(candidates, probe, k, mode, faceShortlist, cancellation),
                candidates.getLongCardinality());
    }

    public GalleryDescription describe() {
        return new GalleryDescription(config, stats());
    }

    public GalleryStats stats() {
        long subjects = 0;
        List<Long> perShard = new ArrayList<>();
        for (Shard shard : shards) {
            subjects += shard.subjectCount();
            perShard.add((long) shard.snapshot().liveRows());
        }
        Map<Modality, GalleryStats.ModalityStats> byModality = new EnumMap<>(Modality.class);
        long memory = 0;
        for (Modality modality : Modality.values()) {
            long modalitySubjects = 0;
            long modalityMemory = 0;
            List<Long> modalityPerShard = new ArrayList<>();
            for (Shard shard : shards) {
                modalitySubjects += shard.subjectCount(modality);
                modalityMemory += shard.templateMemory(modality);
                modalityPerShard.add(shard.snapshot().liveRows(modality));
            }
            memory += modalityMemory;
            byModality.put(modality, new GalleryStats.ModalityStats(modalitySubjects, modalityPerShard, modalityMemory));
        }
        return new GalleryStats(subjects, perShard.stream().mapToLong(Long::longValue).sum(), perShard, memory,
                byModality);
    }
}
