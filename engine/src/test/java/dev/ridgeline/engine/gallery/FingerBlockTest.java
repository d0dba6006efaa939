package dev.ridgeline.engine.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ridgeline.engine.finger.CompactFinger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The append-only finger block: what a view reads stays as it was while the writer appends past it. */
class FingerBlockTest {

    private static CompactFinger finger(int number, int pairCount) {
        SplittableRandom random = new SplittableRandom(number);
        int[] pairs = random.ints(pairCount).toArray();
        byte[] template = new byte[100 + number % 50];
        Arrays.fill(template, (byte) number);
        return new CompactFinger(template, pairs);
    }

    private static int[] pairsOf(FingerBlock.View view, int slot) {
        int offset = view.offset(slot);
        return Arrays.copyOfRange(view.segment(slot), offset, offset + view.pairCount(slot));
    }

    @Test
    void viewsKeepTheirFingersAcrossGrowthAndNewSegments() {
        FingerBlock block = new FingerBlock();
        int pairs = 2_000;
        for (int number = 0; number < 10; number++) {
            assertThat(block.append(finger(number, pairs))).isEqualTo(number);
        }
        FingerBlock.View early = block.view();
        // Past the small first segment's growth and into further full segments.
        int total = 3 * FingerBlock.SEGMENT_INTS / pairs;
        for (int number = 10; number < total; number++) {
            block.append(finger(number, pairs));
        }
        FingerBlock.View late = block.view();

        assertThat(late.segments().length).isGreaterThanOrEqualTo(3);
        for (int number = 0; number < 10; number++) {
            assertThat(pairsOf(early, number)).containsExactly(finger(number, pairs).pairs());
        }
        for (int number = 0; number < total; number++) {
            assertThat(pairsOf(late, number)).as("finger %d", number).containsExactly(finger(number, pairs).pairs());
            assertThat(late.offset(number) + late.pairCount(number)).as("within its segment")
                    .isLessThanOrEqualTo(late.segment(number).length);
        }
        assertThat(block.bytesOf(7)).isEqualTo(pairs * 4L + 107 + 20 + 4 + 2);
    }
}
