package dev.ridgeline.engine.finger;

import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Fingerprint;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Minutia;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005MinutiaType;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Position;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005ScanType;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Template;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ISO/IEC 19794-2 compact card format, sized for a chip: 3 bytes per minutia and no header
 * (the card's own data objects carry the count and the finger). Per minutia: x and y in 0.1 mm
 * (one byte each, so a 25.5 mm square), then type (2 bits: 01 ending, 10 bifurcation, 00 other)
 * and direction (6 bits of 5.625 degrees).
 *
 * <p>At most {@link #DEFAULT_MAX_MINUTIAE} minutiae are kept. SourceAFIS grades no single minutia,
 * so reliability is judged by position: those nearest the centre of the minutiae are kept, as
 * minutiae near a print's border are the likeliest to be spurious. The minutiae are centred in
 * the 25.5 mm square and sorted by y, then x.
 */
public final class CompactCardTemplate {

    /** Match-on-card applets commonly take up to 60 minutiae: 180 bytes. */
    public static final int DEFAULT_MAX_MINUTIAE = 60;
    public static final int BYTES_PER_MINUTIA = 3;
    /** Pixels per centimetre at 500 dpi, as ISO records state resolution. */
    private static final int RESOLUTION = 197;
    private static final double UNITS_PER_CM = 100;
    private static final int SQUARE = 256;

    private CompactCardTemplate() {
    }

    /** The envelope's minutiae in compact card form, at most {@code maxMinutiae} of them. */
    public static byte[] export(TemplateEnvelope envelope, int maxMinutiae) {
        if (maxMinutiae < 1 || maxMinutiae > 255) {
            throw EngineException.invalid("a compact card template holds 1-255 minutiae, asked for " + maxMinutiae);
        }
        Iso19794p2v2005Template iso = new Iso19794p2v2005Template(
                StandardTemplates.export(envelope, StandardTemplates.Format.ISO_19794_2_2005));
        List<Iso19794p2v2005Minutia> minutiae = iso.fingerprints.getFirst().minutiae;
        double unitsPerPixelX = UNITS_PER_CM / iso.resolutionX;
        double unitsPerPixelY = UNITS_PER_CM / iso.resolutionY;
        double centreX = minutiae.stream().mapToDouble(m -> m.positionX * unitsPerPixelX).average().orElse(0);
        double centreY = minutiae.stream().mapToDouble(m -> m.positionY * unitsPerPixelY).average().orElse(0);
        List<int[]> kept = new ArrayList<>();
        for (Iso19794p2v2005Minutia minutia : minutiae) {
            int x = (int) Math.round(minutia.positionX * unitsPerPixelX - centreX + SQUARE / 2.0);
            int y = (int) Math.round(minutia.positionY * unitsPerPixelY - centreY + SQUARE / 2.0);
            if (x >= 0 && x < SQUARE && y >= 0 && y < SQUARE) {
                kept.add(new int[] {x, y, typeBits(minutia.type), Math.round(minutia.angle / 4f) & 0x3F});
            }
        }
        kept.sort(Comparator.comparingDouble(m -> Math.hypot(m[0] - SQUARE / 2.0, m[1] - SQUARE / 2.0)));
        List<int[]> chosen = new ArrayList<>(kept.subList(0, Math.min(maxMinutiae, kept.size())));
        chosen.sort(Comparator.<int[]>comparingInt(m -> m[1]).thenComparingInt(m -> m[0]));
        byte[] card = new byte[chosen.size() * BYTES_PER_MINUTIA];
        for (int i = 0; i < chosen.size(); i++) {
            int[] m = chosen.get(i);
            card[i * 3] = (byte) m[0];
            card[i * 3 + 1] = (byte) m[1];
            card[i * 3 + 2] = (byte) (m[2] << 6 | m[3]);
        }
        return card;
    }

    /** The envelope SourceAFIS rebuilds from compact card minutiae, for the finger at {@code position}. */
    public static TemplateEnvelope importCard(byte[] card, int position) {
        if (position < 0 || position > 10) {
            throw EngineException.invalid("finger position must be 0 (unknown) or 1-10, got " + position);
        }
        if (card.length == 0 || card.length % BYTES_PER_MINUTIA != 0) {
            throw EngineException.invalid("malformed compact card template: " + card.length
                    + " bytes is not a whole number of 3-byte minutiae");
        }
        Iso19794p2v2005Fingerprint view = new Iso19794p2v2005Fingerprint();
        view.position = Iso19794p2v2005Position.values()[position];
        view.scanType = Iso19794p2v2005ScanType.LIVE_PLAIN;
        view.quality = 0;
        view.minutiae = new ArrayList<>();
        double pixelsPerUnit = RESOLUTION / UNITS_PER_CM;
        for (int i = 0; i < card.length; i += BYTES_PER_MINUTIA) {
            Iso19794p2v2005Minutia minutia = new Iso19794p2v2005Minutia();
            minutia.positionX = (int) Math.round((card[i] & 0xFF) * pixelsPerUnit);
            minutia.positionY = (int) Math.round((card[i + 1] & 0xFF) * pixelsPerUnit);
            minutia.type = type((card[i + 2] & 0xFF) >> 6);
            minutia.angle = ((card[i + 2] & 0x3F) * 4) & 0xFF;
            view.minutiae.add(minutia);
        }
        Iso19794p2v2005Template iso = new Iso19794p2v2005Template();
        iso.width = (int) Math.ceil(SQUARE * pixelsPerUnit);
        iso.height = iso.width;
        iso.resolutionX = RESOLUTION;
        iso.resolutionY = RESOLUTION;
        iso.fingerprints = List.of(view);
        return StandardTemplates.importRecord(iso.toByteArray(), position);
    }

    private static int typeBits(Iso19794p2v2005MinutiaType type) {
        return switch (type) {
            case ENDING -> 1;
            case BIFURCATION -> 2;
            case OTHER -> 0;
        };
    }

    private static Iso19794p2v2005MinutiaType type(int bits) {
        return switch (bits) {
            case 1 -> Iso19794p2v2005MinutiaType.ENDING;
            case 2 -> Iso19794p2v2005MinutiaType.BIFURCATION;
            default -> Iso19794p2v2005MinutiaType.OTHER;
        };
    }
}
