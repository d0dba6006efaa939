package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.match.ThresholdTable;
import dev.ridgeline.engine.match.Verification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FingerprintMatchBenchmarkTest {

    private static final FingerprintMatchBenchmark BENCHMARK = new FingerprintMatchBenchmark();

    @BeforeAll
    static void enroll() {
        BENCHMARK.enroll();
    }

    @AfterAll
    static void close() {
        BENCHMARK.closeEngine();
    }

    @Test
    void everyPathScoresExactlyAsPlainSourceAfis() {
        double plain = BENCHMARK.plainSourceAfisMatch();
        assertThat(BENCHMARK.plainSourceAfisVerify()).isEqualTo(plain);
        assertThat(BENCHMARK.galleryVerify()).hasValueSatisfying(score -> assertThat(score.score()).isEqualTo(plain));
        assertThat(BENCHMARK.engineVerifySubject().decision().score()).isEqualTo(plain);
        assertThat(BENCHMARK.engineVerifyCard().decision().score()).isEqualTo(plain);
    }

    @Test
    void theBoothImpressionIsAcceptedAsTheEnrolledFinger() {
        Verification verification = BENCHMARK.engineVerifySubject();
        assertThat(verification.decision().match()).as("score %s", verification.decision().score()).isTrue();
        assertThat(BENCHMARK.engineVerifyCard().decision().match()).isTrue();
    }

    @Test
    void theCylinderCodesOfTheBoothImpressionMatchTheEnrolledOnesAtFmr1e4() {
        assertThat(BENCHMARK.cylinderCodeEncode().count()).isGreaterThan(10);
        assertThat(BENCHMARK.cylinderCodeMatch()).isGreaterThan(ThresholdTable.cylinders().threshold(1e-4));
    }
}
