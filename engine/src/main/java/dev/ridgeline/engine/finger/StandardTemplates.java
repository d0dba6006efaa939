package dev.ridgeline.engine.finger;

import com.machinezoo.fingerprintio.TemplateFormat;
import com.machinezoo.fingerprintio.ansi378v2004.Ansi378v2004Position;
import com.machinezoo.fingerprintio.ansi378v2004.Ansi378v2004Template;
import com.machinezoo.fingerprintio.ansi378v2009.Ansi378v2009Position;
import com.machinezoo.fingerprintio.ansi378v2009.Ansi378v2009Template;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Position;
import com.machinezoo.fingerprintio.iso19794p2v2005.Iso19794p2v2005Template;
import com.machinezoo.sourceafis.FingerprintCompatibility;
import com.machinezoo.sourceafis.FingerprintTemplate;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.template.Modality;
import dev.ridgeline.engine.template.TemplateEnvelope;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fingerprint minutiae records other vendors read and write: ISO/IEC 19794-2:2005 and ANSI INCITS
 * 378 (2004, 2009). SourceAFIS converts its templates to and from their minutiae (the fingerprintio
 * library parses them); the finger position, which SourceAFIS templates do not carry, is written
 * into and read from the record's finger view here. Importing also accepts ISO/IEC 19794-2:2011
 * and ANSI 378-2009 amendment 1, which fingerprintio reads too.
 */
public final class StandardTemplates {

    /** The record formats Ridgeline writes, which a client may also declare for the records it sends. */
    public enum Format {
        ISO_19794_2_2005(TemplateFormat.ISO_19794_2_2005),
        ANSI_378_2004(TemplateFormat.ANSI_378_2004),
        // amendment 1 revises the 2009 edition without a format of its own to declare
        ANSI_378_2009(TemplateFormat.ANSI_378_2009, TemplateFormat.ANSI_378_2009_AM1);

        private final TemplateFormat fingerprintio;
        private final Set<TemplateFormat> readAs;

        Format(TemplateFormat fingerprintio, TemplateFormat... revisions) {
            this.fingerprintio = fingerprintio;
            this.readAs = EnumSet.of(fingerprintio, revisions);
        }
    }

    private StandardTemplates() {
    }

    /** True when the bytes are a minutiae record of a format fingerprintio recognises. */
    public static boolean isStandardRecord(byte[] bytes) {
        return identify(bytes) != null;
    }

    /** The record format of the bytes, or null when they are no record fingerprintio recognises. */
    private static TemplateFormat identify(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'F' && bytes[1] == 'M' && bytes[2] == 'R' && bytes[3] == 0
                ? TemplateFormat.identify(bytes) : null;
    }

    /**
     * Refuses a record whose bytes are not of the format declared for it, naming both: the bytes
     * alone decide how a record is read, so a mislabelled one would otherwise pass without a word
     * and the card or vendor that wrote it would never be found out.
     */
    public static void requireDeclared(byte[] bytes, Format declared) {
        TemplateFormat detected = identify(bytes);
        if (detected == null || !declared.readAs.contains(detected)) {
            throw EngineException.invalid("the template is declared " + label(declared.fingerprintio)
                    + " but its bytes are " + (detected != null ? "an " + label(detected) + " record"
                    : TemplateEnvelope.isEnvelope(bytes) ? "a Ridgeline template envelope"
                    : "no minutiae record this server recognises"));
        }
    }

    private static String label(TemplateFormat format) {
        return switch (format) {
            case ISO_19794_2_2005 -> "ISO/IEC 19794-2:2005";
            case ISO_19794_2_2011 -> "ISO/IEC 19794-2:2011";
            case ANSI_378_2004 -> "ANSI INCITS 378-2004";
            case ANSI_378_2009 -> "ANSI INCITS 378-2009";
            case ANSI_378_2009_AM1 -> "ANSI INCITS 378-2009/AM 1";
        };
    }

    /** A single-finger record of the envelope's minutiae, carrying its finger position. */
    public static byte[] export(TemplateEnvelope envelope, Format format) {
        FingerprintTemplate template = FingerprintTemplates.matchable(envelope);
        byte[] record = FingerprintCompatibility.exportTemplates(format.fingerprintio, template);
        int position = envelope.position();
        return switch (format) {
            case ISO_19794_2_2005 -> {
                Iso19794p2v2005Template iso = new Iso19794p2v2005Template(record);
                iso.fingerprints.forEach(view -> view.position = Iso19794p2v2005Position.values()[position]);
                yield iso.toByteArray();
            }
            case ANSI_378_2004 -> {
                Ansi378v2004Template ansi = new Ansi378v2004Template(record);
                ansi.fingerprints.forEach(view -> view.position = Ansi378v2004Position.values()[position]);
                yield ansi.toByteArray();
            }
            case ANSI_378_2009 -> {
                Ansi378v2009Template ansi = new Ansi378v2009Template(record);
                ansi.fingerprints.forEach(view -> view.position = Ansi378v2009Position.values()[position]);
                yield ansi.toByteArray();
            }
        };
    }

    /**
     * The envelope of the record's first finger view, made matchable by SourceAFIS.
     *
     * @param position the finger position to record when the record says "unknown" (0)
     */
    public static TemplateEnvelope importRecord(byte[] record, int position) {
        TemplateFormat format = TemplateFormat.identify(record);
        FingerprintTemplate template;
        try {
            template = FingerprintCompatibility.importTemplate(record);
        } catch (RuntimeException e) {
            throw EngineException.invalid("malformed " + format + " record: " + describe(e));
        }
        int recorded = recordedPosition(record, format);  // 0-10: the position enums list unknown, then the ten fingers
        int minutiae = FingerprintTemplates.countMinutiae(template);
        return new TemplateEnvelope(Modality.FINGERPRINT, FingerprintTemplates.ALGORITHM,
                FingerprintTemplates.ALGORITHM_VERSION, recorded != 0 ? recorded : position, 0, minutiae,
                template.toByteArray());
    }

    private static int recordedPosition(byte[] record, TemplateFormat format) {
        return switch (format) {
            case ISO_19794_2_2005 -> new Iso19794p2v2005Template(record, false).fingerprints.getFirst().position.ordinal();
            case ANSI_378_2004 -> new Ansi378v2004Template(record, false).fingerprints.getFirst().position.ordinal();
            case ANSI_378_2009 -> new Ansi378v2009Template(record, false).fingerprints.getFirst().position.ordinal();
            default -> 0; // formats Ridgeline does not write: the caller's position stands
        };
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
