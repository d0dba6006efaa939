package dev.ridgeline.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.api.v1.VettingAction;
import dev.ridgeline.api.v1.VettingOutcome;
import dev.ridgeline.api.v1.VettingRecord;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VettingRecordsTest {

    @TempDir
    Path directory;

    @Test
    void answeredRecordsAreReadBackAndATornLastRecordIsCutOff() throws Exception {
        Path file = directory.resolve("federation").resolve("vetting.log");
        VettingRecord first = record("N-1", VettingOutcome.CLEAR, VettingAction.ENROLLED);
        VettingRecord second = record("N-2", VettingOutcome.HIT, VettingAction.REFUSED);
        VettingRecord later = record("N-1", VettingOutcome.INCOMPLETE, VettingAction.HELD);
        try (VettingRecords records = new VettingRecords(file)) {
            records.append(first);
            records.append(second);
        }
        // a crash in the middle of a third record's write
        ByteArrayOutputStream torn = new ByteArrayOutputStream();
        record("N-3", VettingOutcome.CLEAR, VettingAction.ENROLLED).writeDelimitedTo(torn);
        Files.write(file, Arrays.copyOf(torn.toByteArray(), torn.size() - 5), StandardOpenOption.APPEND);

        try (VettingRecords records = new VettingRecords(file)) {
            assertThat(records.latest("nexus", "N-1")).contains(first);
            assertThat(records.latest("nexus", "N-2")).contains(second);
            assertThat(records.latest("nexus", "N-3")).isEmpty();
            records.append(later);
        }
        try (VettingRecords records = new VettingRecords(file)) {
            assertThat(records.latest("nexus", "N-1")).as("the latest vetting of a subject").contains(later);
            assertThat(records.latest("nexus", "N-2")).contains(second);
        }
    }

    private static VettingRecord record(String subject, VettingOutcome outcome, VettingAction action) {
        return VettingRecord.newBuilder().setProgramme("nexus").setGallery("nexus").setSubjectId(subject)
                .setOutcome(outcome).setAction(action).setCorrelationId("c-" + subject).build();
    }
}
