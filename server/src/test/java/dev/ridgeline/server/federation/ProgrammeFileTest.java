package dev.ridgeline.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgrammeFileTest {

    @TempDir
    Path directory;

    @Test
    void readsTheDocumentedExampleWithItsDefaults() throws Exception {
        Map<String, Programme> programmes = ProgrammeFile.load(write("""
                {"programmes": [
                  {"name": "nexus", "gallery": "nexus", "hold_gallery": "nexus-held",
                   "lookouts": ["lookout-ca", "us-cbp:lookout"], "purpose": "NEXUS-VETTING",
                   "on_hit": "refuse", "on_incomplete": "hold"},
                  {"name": "local-only", "gallery": "staff", "lookouts": ["lookout-ca"], "on_incomplete": "refuse"}
                ]}"""));

        assertThat(programmes.get("nexus")).isEqualTo(new Programme("nexus", "nexus", "nexus-held",
                List.of("lookout-ca", "us-cbp:lookout"), "NEXUS-VETTING", Programme.Rule.REFUSE, Programme.Rule.HOLD));
        assertThat(programmes.get("nexus").checkedGalleries())
                .containsExactly("nexus", "nexus-held", "lookout-ca", "us-cbp:lookout");
        Programme local = programmes.get("local-only");
        assertThat(local.onHit()).as("a hit refuses unless the file says hold").isEqualTo(Programme.Rule.REFUSE);
        assertThat(local.holdGallery()).isNull();
        assertThat(local.purpose()).isNull();
    }

    @Test
    void refusesAProgrammeThatCouldLetAnApplicantThroughOrIsMisspelt() throws Exception {
        assertRefused("""
                {"programmes": [{"name": "nexus", "gallery": "nexus", "lookouts": ["us-cbp:lookout"],
                  "purpose": "NEXUS-VETTING"}]}""", "holds applicants names its hold_gallery");
        assertRefused("""
                {"programmes": [{"name": "nexus", "gallery": "nexus", "lookouts": ["us-cbp:lookout"],
                  "on_incomplete": "refuse"}]}""", "states its purpose code");
        assertRefused("""
                {"programmes": [{"name": "nexus", "gallery": "nexus", "on_hit": "accept", "on_incomplete": "refuse"}]}""",
                "on_hit 'accept' must be refuse or hold");
        assertRefused("""
                {"programmes": [{"name": "nexus", "gallery": "nexus", "hold_gallery": "nexus"}]}""",
                "hold_gallery must differ from gallery");
        assertRefused("""
                {"programmes": [{"name": "nexus", "gallery": "nexus", "on_incomplete": "refuse", "lookout": ["x"]}]}""",
                "Unrecognized field \"lookout\"");
        assertRefused("""
                {"programmes": [{"name": "nexus", "gallery": "nexus", "on_incomplete": "refuse"},
                                {"name": "nexus", "gallery": "other", "on_incomplete": "refuse"}]}""",
                "programme 2 ('nexus'): the name is used by an earlier programme");
        assertRefused("""
                {"programmes": [{"name": "nexus", "gallery": "nexus", "on_incomplete": "refuse",
                  "lookouts": ["us-cbp:"]}]}""", "the gallery of look-out 'us-cbp:'");
    }

    private Path write(String json) throws Exception {
        return Files.writeString(directory.resolve("programmes.json"), json);
    }

    private void assertRefused(String json, String reason) throws Exception {
        Path file = write(json);
        assertThatThrownBy(() -> ProgrammeFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(reason);
    }
}
