package dev.ridgeline.benchmarks.load;

import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Minutia;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Template;
import dev.ridgeline.engine.finger.StandardTemplates;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Another placement of a finger on the sensor, so a gallery can hold more subjects than there are
 * generated fingers without holding identical templates: the minutiae rotated about their centre
 * by a seeded random angle, shifted, and {@value #DROPOUT} of them (rounded) left out, as a second
 * capture loses some. The work is done on the ISO/IEC 19794-2 record the engine exports and imports,
 * so a variant is an ordinary SourceAFIS envelope. Variants of one finger are mates of each other.
 */
final class RigidVariant {

    static final double MAX_ROTATION_DEGREES = 30;
    static final int MAX_SHIFT_PIXELS = 40;
    static final double DROPOUT = 0.15;
    /** ISO/IEC 19794-2:2005 angles are 256ths of a turn, counterclockwise (y grows downwards). */
    private static final double ANGLE_UNITS_PER_RADIAN = 256 / (2 * Math.PI);

    private RigidVariant() {
    }

    /** The variant of {@code source} that {@code seed} picks; the same seed always gives the same variant. */
    static TemplateEnvelope of(TemplateEnvelope source, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Iso19794p2v2005Template record = new Iso19794p2v2005Template(
                StandardTemplates.export(source, StandardTemplates.Format.ISO_19794_2_2005));
        List<Iso19794p2v2005Minutia> minutiae = record.fingerprints.getFirst().minutiae;
        double rotation = Math.toRadians(random.nextDouble(-MAX_ROTATION_DEGREES, MAX_ROTATION_DEGREES));
        int shiftX = random.nextInt(-MAX_SHIFT_PIXELS, MAX_SHIFT_PIXELS + 1);
        int shiftY = random.nextInt(-MAX_SHIFT_PIXELS, MAX_SHIFT_PIXELS + 1);
        double centreX = minutiae.stream().mapToInt(m -> m.positionX).average().orElse(0);
        double centreY = minutiae.stream().mapToInt(m -> m.positionY).average().orElse(0);
        double radius = minutiae.stream().mapToDouble(m -> Math.hypot(m.positionX - centreX, m.positionY - centreY))
                .max().orElse(0);
        // A canvas around the centre wide enough that no rotated, shifted minutia falls off the record.
        int half = (int) Math.ceil(radius) + MAX_SHIFT_PIXELS + 1;
        record.width = 2 * half + 1;
        record.height = 2 * half + 1;
        double cos = Math.cos(rotation);
        double sin = Math.sin(rotation);
        for (Iso19794p2v2005Minutia minutia : minutiae) {
            double dx = minutia.positionX - centreX;
            double dy = minutia.positionY - centreY;
            // Counterclockwise on screen, where y grows downwards.
            minutia.positionX = (int) Math.round(half + shiftX + dx * cos + dy * sin);
            minutia.positionY = (int) Math.round(half + shiftY - dx * sin + dy * cos);
            minutia.angle = Math.floorMod(minutia.angle + (int) Math.round(rotation * ANGLE_UNITS_PER_RADIAN), 256);
        }
        Collections.shuffle(minutiae, random);
        minutiae.subList(kept(minutiae.size()), minutiae.size()).clear();
        return StandardTemplates.importRecord(record.toByteArray(), source.position());
    }

    /** How many of {@code minutiae} a variant keeps. */
    static int kept(int minutiae) {
        return minutiae - (int) Math.round(minutiae * DROPOUT);
    }
}
