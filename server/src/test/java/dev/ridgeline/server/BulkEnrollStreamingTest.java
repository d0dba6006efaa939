package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.BulkEnrollResult;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.GetSubjectRequest;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.SubjectsGrpc;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BulkEnroll answers each batch as soon as it is durable, while the stream is still open. */
class BulkEnrollStreamingTest {

    /** One full server batch: the server answers it without waiting for more items. */
    private static final int BATCH = 256;

    @TempDir
    Path dataDirectory;

    @Test
    void aFullBatchIsAcknowledgedBeforeTheClientEndsTheStream() throws Exception {
        try (ServerHarness harness = new ServerHarness(dataDirectory)) {
            harness.createGallery("stream");
            ByteString template = harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                    .setSample(GeneratedFingers.sample(500, 0)).build()).getTemplate();
            List<BulkEnrollResult> results = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> firstBatch = new CompletableFuture<>();
            CompletableFuture<Void> completed = new CompletableFuture<>();
            StreamObserver<EnrollRequest> requests = SubjectsGrpc.newStub(harness.channel())
                    .bulkEnroll(new StreamObserver<>() {
                        @Override
                        public void onNext(BulkEnrollResult result) {
                            results.add(result);
                            if (results.size() == BATCH) {
                                firstBatch.complete(null);
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            firstBatch.completeExceptionally(t);
                            completed.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            completed.complete(null);
                        }
                    });
            for (int i = 0; i <= BATCH; i++) {
                requests.onNext(EnrollRequest.newBuilder().setGallery("stream").setSubjectId("S" + i)
                        .addSamples(Sample.newBuilder().setModality(Modality.FINGERPRINT).setTemplate(template))
                        .build());
            }

            firstBatch.get(30, TimeUnit.SECONDS);
            assertThat(results).extracting(BulkEnrollResult::getIndex).startsWith(0, 1, 2).hasSize(BATCH);
            assertThat(results).allSatisfy(result -> assertThat(result.getCode()).isZero());
            // Acknowledged means stored: the last subject of the batch is there while the stream is open.
            assertThat(harness.subjects().getSubject(GetSubjectRequest.newBuilder().setGallery("stream")
                    .setSubjectId("S" + (BATCH - 1)).build()).getTemplatesCount()).isEqualTo(1);
            assertThat(completed).isNotDone();

            requests.onCompleted();
            completed.get(30, TimeUnit.SECONDS);
            assertThat(results).hasSize(BATCH + 1);
            assertThat(results.getLast().getSubjectId()).isEqualTo("S" + BATCH);
        }
    }
}
