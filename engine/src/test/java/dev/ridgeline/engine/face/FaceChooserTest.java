package dev.ridgeline.engine.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceChooserTest {

    private static final FaceBox BIG_LEFT = new FaceBox(100, 100, 200, 200, 0.99);
    private static final FaceBox SMALL_CENTRE = new FaceBox(480, 380, 60, 60, 0.90);
    private static final FaceBox BIG_RIGHT = new FaceBox(700, 100, 180, 190, 0.98);

    @Test
    void singleIgnoresSmallBackgroundFaces() {
        assertThat(FaceChooser.choose(List.of(BIG_LEFT, SMALL_CENTRE), FaceSelection.SINGLE, 1000, 800)).isEqualTo(BIG_LEFT);
    }

    @Test
    void singleRefusesFacesOfComparableSize() {
        assertThatThrownBy(() -> FaceChooser.choose(List.of(BIG_LEFT, BIG_RIGHT, SMALL_CENTRE), FaceSelection.SINGLE, 1000, 800))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("2 faces found; enrollment needs exactly one face");
    }

    @Test
    void largestAndMostCentralPickByTheirRule() {
        List<FaceBox> faces = List.of(BIG_LEFT, BIG_RIGHT, SMALL_CENTRE);
        assertThat(FaceChooser.choose(faces, FaceSelection.LARGEST, 1000, 800)).isEqualTo(BIG_LEFT);
        assertThat(FaceChooser.choose(faces, FaceSelection.MOST_CENTRAL, 1000, 800)).isEqualTo(SMALL_CENTRE);
    }

    @Test
    void noFaceIsAnInvalidInputForEverySelection() {
        for (FaceSelection selection : FaceSelection.values()) {
            assertThatThrownBy(() -> FaceChooser.choose(List.of(), selection, 640, 480))
                    .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.INVALID_INPUT))
                    .hasMessageStartingWith("no face found in the 640x480 image");
        }
    }
}
