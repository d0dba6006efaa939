package dev.ridgeline.engine.finger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The captured area a cylinder's cells are valid in: the minutiae's hull and a margin. */
class ConvexHullTest {

    /** A 100 x 100 square's corners, an inner point and a duplicate corner. */
    private final ConvexHull square = ConvexHull.of(new int[] {0, 100, 100, 0, 50, 100}, new int[] {0, 0, 100, 100, 50, 0});

    @Test
    void pointsInsideReachIt() {
        assertThat(square.reaches(50, 50, 0)).isTrue();
        assertThat(square.reaches(1, 99, 0)).isTrue();
    }

    @Test
    void pointsOutsideReachItOnlyWithinTheMargin() {
        assertThat(square.reaches(130, 50, 50)).isTrue();
        assertThat(square.reaches(160, 50, 50)).isFalse();
        // Beyond a corner the distance is to the corner, not to either edge's line.
        assertThat(square.reaches(135, 135, 50)).isTrue();
        assertThat(square.reaches(140, 140, 50)).isFalse();
    }

    @Test
    void fewerThanThreePointsStillHaveAMargin() {
        ConvexHull segment = ConvexHull.of(new int[] {0, 100}, new int[] {0, 0});
        assertThat(segment.reaches(50, 40, 50)).isTrue();
        assertThat(segment.reaches(50, 60, 50)).isFalse();
        ConvexHull point = ConvexHull.of(new int[] {10}, new int[] {10});
        assertThat(point.reaches(10, 50, 50)).isTrue();
        assertThat(point.reaches(10, 70, 50)).isFalse();
    }
}
