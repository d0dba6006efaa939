package dev.ridgeline.engine.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void keepsTheBestKInRankOrder() {
        TopK top = new TopK(3);
        Random random = new Random(7);
        IntStream.range(0, 1000).forEach(i -> top.offer(new SubjectScore("s" + i, random.nextDouble() * 100, List.of())));
        top.offer(new SubjectScore("best", 500, List.of()));
        top.offer(new SubjectScore("second", 400, List.of()));

        assertThat(top.ranked()).extracting(SubjectScore::subjectId).startsWith("best", "second").hasSize(3);
    }

    @Test
    void breaksTiesBySubjectId() {
        TopK top = new TopK(2);
        top.offer(new SubjectScore("c", 50, List.of()));
        top.offer(new SubjectScore("a", 50, List.of()));
        top.offer(new SubjectScore("b", 50, List.of()));

        assertThat(top.ranked()).extracting(SubjectScore::subjectId).containsExactly("a", "b");
    }

    @Test
    void admitsExactlyWhatOfferWouldKeep() {
        TopK top = new TopK(2);
        assertThat(top.admits(1, "z")).as("room left").isTrue();
        top.offer(new SubjectScore("b", 50, List.of()));
        top.offer(new SubjectScore("d", 40, List.of()));

        assertThat(top.admits(41, "z")).isTrue();
        assertThat(top.admits(40, "c")).as("equal score, earlier id").isTrue();
        assertThat(top.admits(40, "e")).as("equal score, later id").isFalse();
        assertThat(top.admits(39, "a")).isFalse();
    }
}
