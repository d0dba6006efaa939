package dev.ridgeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MemoryReadTest {

    @Test
    void foldsEveryByteIncludingTheTail() {
        SplittableRandom random = new SplittableRandom(3);
        for (int length : new int[] {0, 1, 63, 64, 1000}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            byte expected = 0;
            for (byte b : data) {
                expected ^= b;
            }
            assertThat(MemoryRead.sum(data)).as("length %d", length).isEqualTo(expected);
        }
    }
}
