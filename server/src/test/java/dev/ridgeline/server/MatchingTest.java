package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ridgeline.api.v1.CardTemplates;
import dev.ridgeline.api.v1.Candidate;
import dev.ridgeline.api.v1.Clause;
import dev.ridgeline.api.v1.EnrollRequest;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.ExtractTemplateResponse;
import dev.ridgeline.api.v1.Filter;
import dev.ridgeline.api.v1.IdentifyRequest;
import dev.ridgeline.api.v1.IdentifyResponse;
import dev.ridgeline.api.v1.SubjectRef;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.server.cli.BulkEnrollClient;
import dev.ridgeline.server.cli.BulkEnrollResults;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1:1 and 1:N over gRPC on a gallery of 200 generated fingers (impression 0 enrolled;
 * impression 1 is the live capture).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MatchingTest {

    private static final int FINGERS = 200;
    private static final String GALLERY = "nexus";
    private static final String[] PROGRAMMES = {"NEXUS", "SENTRI", "FAST", "PR-CARD"};

    @TempDir
    static Path dataDirectory;
    private ServerHarness harness;

    private static String id(int finger) {
        return "F" + finger;
    }

    private static String programme(int finger) {
        return PROGRAMMES[finger % PROGRAMMES.length];
    }

    @BeforeAll
    void enrollGallery() throws Exception {
        GeneratedFingers.prepare(FINGERS, 2);
        harness = new ServerHarness(dataDirectory);
        harness.createGallery(GALLERY);
        List<EnrollRequest> requests = new ArrayList<>();
        for (int finger = 0; finger < FINGERS; finger++) {
            requests.add(EnrollRequest.newBuilder()
                    .setGallery(GALLERY)
                    .setSubjectId(id(finger))
                    .addSamples(GeneratedFingers.sample(finger, 0))
                    .putAttributes("programme", programme(finger))
                    .putAttributes("issuing_country", finger % 2 == 0 ? "CAN" : "USA")
                    .build());
        }
        BulkEnrollResults response = BulkEnrollClient.enroll(harness.channel(), requests);
        assertThat(response.failed()).as("bulk failures: %s", response.results()).isZero();
        assertThat(response.enrolled()).isEqualTo(FINGERS);
    }

    @AfterAll
    void stop() throws Exception {
        harness.close();
    }

    private VerifyResponse verify(int probeFinger, int claimedFinger) {
        return harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(probeFinger, 1))
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId(id(claimedFinger)))
                .build());
    }

    @Test
    void genuineCapturesVerifyAboveTheThresholdAndOtherFingersBelowIt() {
        int genuineMatches = 0;
        int impostorMatches = 0;
        int checked = 60;
        for (int finger = 0; finger < checked; finger++) {
            VerifyResponse genuine = verify(finger, finger);
            genuineMatches += genuine.getDecision().getMatch() ? 1 : 0;
            assertThat(genuine.getDecision().getThreshold()).isEqualTo(ThresholdTable.fingerprint().threshold(1e-4));
            assertThat(genuine.getDecision().getTargetFmr()).isEqualTo(1e-4);
            for (int other = 1; other <= 3; other++) {
                VerifyResponse impostor = verify(finger, (finger + other * 17) % FINGERS);
                impostorMatches += impostor.getDecision().getMatch() ? 1 : 0;
                assertThat(impostor.getDecision().getScore()).isLessThan(impostor.getDecision().getThreshold());
            }
        }
        assertThat(impostorMatches).isZero();
        assertThat(genuineMatches).as("genuine verifications above the threshold").isGreaterThanOrEqualTo(checked * 85 / 100);
    }

    @Test
    void aLooserOperatingPointLowersTheThresholdItReports() {
        VerifyResponse strict = harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(3, 1))
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId(id(3)))
                .setTargetFmr(1e-6).build());
        VerifyResponse loose = harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(3, 1))
                .setSubject(SubjectRef.newBuilder().setGallery(GALLERY).setSubjectId(id(3)))
                .setTargetFmr(1e-2).build());

        assertThat(loose.getDecision().getThreshold()).isLessThan(strict.getDecision().getThreshold());
        assertThat(loose.getDecision().getTargetFmr()).isEqualTo(1e-2);
        assertThat(loose.getDecision().getScore()).isEqualTo(strict.getDecision().getScore());
    }

    @Test
    void aLiveCaptureVerifiesAgainstTheTemplateFromItsCard() {
        ExtractTemplateResponse card = harness.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(5, 0)).build());
        assertThat(card.getInfo().getAlgorithm()).isEqualTo("sourceafis");
        assertThat(card.getInfo().getFeatureCount()).isGreaterThan(10);

        VerifyResponse holder = harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(5, 1))
                .setCard(CardTemplates.newBuilder().addTemplates(card.getTemplate()))
                .build());
        VerifyResponse stranger = harness.matching().verify(VerifyRequest.newBuilder()
                .addProbe(GeneratedFingers.sample(6, 1))
                .setCard(CardTemplates.newBuilder().addTemplates(card.getTemplate()))
                .build());

        assertThat(holder.getDecision().getMatch()).isTrue();
        assertThat(stranger.getDecision().getMatch()).isFalse();
    }

    private IdentifyResponse identify(int finger, Filter filter) {
        return harness.matching().identify(IdentifyRequest.newBuilder()
                .setGallery(GALLERY)
                .addProbe(GeneratedFingers.sample(finger, 1))
                .setFilter(filter)
                .setMaxResults(5)
                .setIncludeNonMatches(true)
                .build());
    }

    @Test
    void identifyPutsTheRightSubjectAtRankOneForNearlyAllProbes() {
        int rankOne = 0;
        for (int finger = 0; finger < FINGERS; finger++) {
            IdentifyResponse response = identify(finger, Filter.getDefaultInstance());
            assertThat(response.getSearched()).isEqualTo(FINGERS);
            if (response.getCandidates(0).getSubjectId().equals(id(finger))) {
                rankOne++;
            }
        }
        assertThat(rankOne).as("probes identified at rank 1").isGreaterThanOrEqualTo(FINGERS * 95 / 100);
    }

    @Test
    void identifyNeverReturnsASubjectTheFilterExcludes() {
        Filter nexusOrFast = Filter.newBuilder().addAllOf(Clause.newBuilder()
                .setAttribute("programme").addAnyOf("NEXUS").addAnyOf("FAST")).build();
        Filter notCanadian = Filter.newBuilder().addAllOf(Clause.newBuilder()
                .setAttribute("issuing_country").addAnyOf("CAN").setNegate(true)).build();
        for (int finger = 0; finger < 40; finger++) {
            IdentifyResponse inProgrammes = identify(finger, nexusOrFast);
            assertThat(inProgrammes.getSearched()).isEqualTo(FINGERS / 2);
            assertThat(inProgrammes.getCandidatesList()).isNotEmpty().allSatisfy(c ->
                    assertThat(programme(fingerOf(c))).isIn("NEXUS", "FAST"));

            IdentifyResponse abroad = identify(finger, notCanadian);
            assertThat(abroad.getCandidatesList()).isNotEmpty().allSatisfy(c -> assertThat(fingerOf(c) % 2).isEqualTo(1));
            if (finger % 2 == 0) {
                assertThat(abroad.getCandidatesList()).extracting(Candidate::getSubjectId).doesNotContain(id(finger));
            }
        }
    }

    @Test
    void matchesOnlyAreReturnedUnlessNonMatchesAreAskedFor() {
        int identified = 0;
        for (int finger = 0; finger < 20; finger++) {
            IdentifyResponse response = harness.matching().identify(IdentifyRequest.newBuilder()
                    .setGallery(GALLERY).addProbe(GeneratedFingers.sample(finger, 1)).setMaxResults(10).build());
            assertThat(response.getThreshold()).isEqualTo(ThresholdTable.fingerprint().threshold(1e-4));
            assertThat(response.getCandidatesList()).allSatisfy(c -> assertThat(c.getDecision().getMatch()).isTrue());
            String mate = id(finger);
            identified += response.getCandidatesList().stream().anyMatch(c -> c.getSubjectId().equals(mate)) ? 1 : 0;
        }
        assertThat(identified).isGreaterThanOrEqualTo(15);
    }

    @Test
    void aTargetFpirTightensThePerComparisonThresholdWithTheTemplatesSearched() {
        IdentifyResponse whole = harness.matching().identify(IdentifyRequest.newBuilder()
                .setGallery(GALLERY).addProbe(GeneratedFingers.sample(9, 1)).setTargetFpir(0.01).build());
        IdentifyResponse nexusOnly = harness.matching().identify(IdentifyRequest.newBuilder()
                .setGallery(GALLERY).addProbe(GeneratedFingers.sample(9, 1)).setTargetFpir(0.01)
                .setFilter(Filter.newBuilder().addAllOf(Clause.newBuilder().setAttribute("programme").addAnyOf("NEXUS")))
                .build());

        assertThat(whole.getTargetFpir()).isEqualTo(0.01);
        assertThat(whole.getTargetFmr()).isCloseTo(ThresholdTable.fmrForFpir(0.01, FINGERS), within(1e-12));
        assertThat(nexusOnly.getSearched()).isEqualTo(FINGERS / 4);
        assertThat(nexusOnly.getThreshold()).isLessThan(whole.getThreshold());
        assertThatThrownBy(() -> harness.matching().identify(IdentifyRequest.newBuilder().setGallery(GALLERY)
                .addProbe(GeneratedFingers.sample(9, 1)).setTargetFpir(0.01).setTargetFmr(1e-3).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    private static int fingerOf(Candidate candidate) {
        return Integer.parseInt(candidate.getSubjectId().substring(1));
    }
}
