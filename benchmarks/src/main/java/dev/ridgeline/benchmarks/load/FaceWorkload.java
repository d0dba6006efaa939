package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.fixtures.face.SyntheticFaceVectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic face vectors in the service's own template envelope, for galleries of any size. With
 * template probes, capture 1 of an identity probes its enrolled capture 0. With image probes the
 * first subjects are real people instead: faces cut from the pinned photos and templated by the
 * service, probed by the same face framed as a 640x480 booth photo.
 */
final class FaceWorkload implements Workload {

    /** Same-identity cosines around 0.75, as real 512-d embeddings give. */
    private static final double CAPTURE_NOISE = 0.6;
    /** Template probes cycled through; enough that clients do not hit one subject. */
    private static final int MAX_TEMPLATE_PROBES = 1000;

    private final SyntheticFaceVectors vectors;
    private final List<Sample> photoSubjects;
    private final List<Probe> probes;
    private final int gallerySize;

    private FaceWorkload(SyntheticFaceVectors vectors, List<Sample> photoSubjects, List<Probe> probes, int gallerySize) {
        this.vectors = vectors;
        this.photoSubjects = photoSubjects;
        this.probes = probes;
        this.gallerySize = gallerySize;
    }

    static FaceWorkload withTemplateProbes(int gallerySize, long seed) {
        SyntheticFaceVectors vectors = new SyntheticFaceVectors(seed, FaceTemplates.FACEPLUGIN.dimension(), CAPTURE_NOISE);
        List<Probe> probes = new ArrayList<>();
        for (int identity = 0; identity < Math.min(gallerySize, MAX_TEMPLATE_PROBES); identity++) {
            probes.add(new Probe(template(vectors.capture(identity, 1)), Workload.subjectId(identity)));
        }
        return new FaceWorkload(vectors, List.of(), probes, gallerySize);
    }

    /** @param people enrolled template and booth photo of each real person, at most the gallery size of them used */
    static FaceWorkload withImageProbes(int gallerySize, long seed, List<BoothPhotos.Person> people) {
        SyntheticFaceVectors vectors = new SyntheticFaceVectors(seed, FaceTemplates.FACEPLUGIN.dimension(), CAPTURE_NOISE);
        List<Sample> enrolled = new ArrayList<>();
        List<Probe> probes = new ArrayList<>();
        for (BoothPhotos.Person person : people.subList(0, Math.min(people.size(), gallerySize))) {
            probes.add(new Probe(Extraction.image(Modality.FACE, person.boothPhoto()), Workload.subjectId(enrolled.size())));
            enrolled.add(person.enrolled());
        }
        return new FaceWorkload(vectors, enrolled, probes, gallerySize);
    }

    /** A face envelope as the service makes one, of a synthetic vector at full quality. */
    private static Sample template(float[] vector) {
        return Extraction.template(Modality.FACE, FaceTemplates.FACEPLUGIN.envelope(vector, 100).toBytes());
    }

    @Override
    public GallerySubject subject(int index) {
        Sample sample = index < photoSubjects.size() ? photoSubjects.get(index) : template(vectors.capture(index, 0));
        return new GallerySubject(Workload.subjectId(index), sample);
    }

    @Override
    public List<Probe> probes() {
        return probes;
    }

    @Override
    public String description() {
        if (photoSubjects.isEmpty()) {
            return gallerySize + " synthetic 512-d faces (capture 0 enrolled, capture 1 of the first " + probes.size()
                    + " probes as templates)";
        }
        return photoSubjects.size() + " real faces from the pinned photos (probed by 640x480 booth photos of them) and "
                + (gallerySize - photoSubjects.size()) + " synthetic 512-d faces";
    }
}
