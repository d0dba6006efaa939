package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.face.FaceCapture;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.FaceQuality;
import dev.ridgeline.engine.face.FaceSelection;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.face.QuantizedFace;
import dev.ridgeline.engine.template.TemplateEnvelope;

/**
 * One photo's face as the service sees it: the model's float32 unit vector (what a live probe is
 * scored with), the int8 vector an enrolled template stores, taken through the same envelope
 * round trip a stored template makes, and the face's measured quality.
 */
record FaceVectors(float[] embedding, QuantizedFace stored, FaceQuality quality) {

    /**
     * Captures the face nearest the image centre: evaluation photos are framed on their subject,
     * and other faces in the background must not be mistaken for it.
     */
    static TemplateExtractor<FaceVectors> extractor(FaceModel model) {
        FaceTemplates templates = new FaceTemplates(model.id(), model.version(), model.dimension());
        return encoded -> {
            FaceCapture capture = model.capture(encoded, FaceSelection.MOST_CENTRAL);
            TemplateEnvelope stored = TemplateEnvelope.parse(templates.envelope(capture).toBytes());
            return new FaceVectors(capture.embedding(), templates.vector(stored), capture.quality());
        };
    }
}
