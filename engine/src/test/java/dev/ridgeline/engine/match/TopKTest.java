package dev.ridgeline.engine.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void keepsTheBestKInRankOrder() {
        TopK top = new TopK(3);
        Random random = new Random(7);
        IntStream.range(0, 1000).forEach(i -> top.offer(new SubjectScore("s" + i, random.nextDouble() * 100, java.util.List.of())));
        top.offer(new SubjectScore("best", 500, java.util.List.of()));
        top.offer(new SubjectScore("second", 400, java.util.List.of()));

        assertThat(top.ranked()).extracting(SubjectScore::subjectId).startsWith("best", "second").hasSize(3);
    }

    @Test
    void breaksTiesBySubjectId() {
        TopK top = new TopK(2);
        top.offer(new SubjectScore("c", 50, java.util.List.of()));
        top.offer(new SubjectScore("a", 50, java.util.List.of()));
        top.offer(new SubjectScore("b", 50, java.util.List.of()));

        assertThat(top.ranked()).extracting(SubjectScore::subjectId).containsExactly("a", "b");
    }
}
