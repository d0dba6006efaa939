package dev.ridgeline.cluster;

import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.gallery.SubjectRecord;
import dev.ridgeline.engine.template.TemplateEnvelope;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Travellers with a synthetic face each (no models needed), and later captures of the same faces as probes. */
final class TestSubjects {

    private static final SyntheticFaceVectors FACES = new SyntheticFaceVectors(19, 512, 0.3);

    private TestSubjects() {
    }

    static String id(int identity) {
        return "traveller-" + identity;
    }

    static SubjectRecord enrolled(int identity) {
        return new SubjectRecord(id(identity), Map.of("programme", identity % 2 == 0 ? "NEXUS" : "SENTRI"),
                List.of(face(identity, 0)), Instant.now());
    }

    /** The traveller {@code identity}'s face under another subject id (two people claiming one id). */
    static SubjectRecord enrolledAs(int identity, String id) {
        SubjectRecord record = enrolled(identity);
        return new SubjectRecord(id, record.attributes(), record.templates(), record.enrolled());
    }

    static List<TemplateEnvelope> probe(int identity) {
        return List.of(face(identity, 1));
    }

    private static TemplateEnvelope face(int identity, int capture) {
        return FaceTemplates.FACEPLUGIN.envelope(FACES.capture(identity, capture), 80);
    }
}
