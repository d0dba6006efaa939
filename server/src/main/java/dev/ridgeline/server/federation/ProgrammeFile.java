package dev.ridgeline.server.federation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the programme file: a JSON object whose {@code programmes} list names each vetted
 * programme (docs/FEDERATION.md). Unknown fields are refused, and so is a programme that could
 * accept an applicant it has not cleared.
 */
final class ProgrammeFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Contents(List<Entry> programmes) {
    }

    record Entry(String name, String gallery, @JsonProperty("hold_gallery") String holdGallery, List<String> lookouts,
                 String purpose, @JsonProperty("on_hit") String onHit,
                 @JsonProperty("on_incomplete") String onIncomplete) {
    }

    private ProgrammeFile() {
    }

    /** The programmes by name; the exception's message names the file, the programme and the fault. */
    static Map<String, Programme> load(Path file) {
        Contents contents;
        try {
            contents = JSON.readValue(Files.readString(file), Contents.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("programme file " + file + " is not valid: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the programme file " + file + ": " + e, e);
        }
        if (contents == null || contents.programmes() == null) {
            throw new IllegalArgumentException("programme file " + file + " has no 'programmes' list");
        }
        Map<String, Programme> programmes = new LinkedHashMap<>();
        for (int i = 0; i < contents.programmes().size(); i++) {
            Entry entry = contents.programmes().get(i);
            String where = "programme file " + file + ", programme " + (i + 1)
                    + (entry.name() == null ? "" : " ('" + entry.name() + "')") + ": ";
            try {
                Programme programme = programme(entry);
                if (programmes.putIfAbsent(programme.name(), programme) != null) {
                    throw new IllegalArgumentException("the name is used by an earlier programme");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return Map.copyOf(programmes);
    }

    private static Programme programme(Entry entry) {
        PartnerFile.checkName(entry.name(), "a programme name");
        PartnerFile.checkName(entry.gallery(), "gallery");
        if (entry.holdGallery() != null) {
            PartnerFile.checkName(entry.holdGallery(), "hold_gallery");
            if (entry.holdGallery().equals(entry.gallery())) {
                throw new IllegalArgumentException("hold_gallery must differ from gallery: held applicants are not members");
            }
        }
        List<String> lookouts = entry.lookouts() == null ? List.of() : entry.lookouts();
        boolean asksPartners = false;
        for (String lookout : lookouts) {
            int colon = lookout == null ? -1 : lookout.indexOf(':');
            if (colon < 0) {
                PartnerFile.checkName(lookout, "look-out gallery");
            } else {
                PartnerFile.checkName(lookout.substring(0, colon), "the partner of look-out '" + lookout + "'");
                PartnerFile.checkName(lookout.substring(colon + 1), "the gallery of look-out '" + lookout + "'");
                asksPartners = true;
            }
        }
        if (asksPartners && entry.purpose() == null) {
            throw new IllegalArgumentException("a programme that checks partners' look-out lists states its purpose code");
        }
        String purpose = entry.purpose() == null ? null : PartnerFile.checkPurpose(entry.purpose());
        Programme.Rule onHit = rule(entry.onHit(), Programme.Rule.REFUSE, "on_hit");
        Programme.Rule onIncomplete = rule(entry.onIncomplete(), Programme.Rule.HOLD, "on_incomplete");
        if ((onHit == Programme.Rule.HOLD || onIncomplete == Programme.Rule.HOLD) && entry.holdGallery() == null) {
            throw new IllegalArgumentException("a programme that holds applicants names its hold_gallery");
        }
        return new Programme(entry.name(), entry.gallery(), entry.holdGallery(), lookouts, purpose, onHit, onIncomplete);
    }

    private static Programme.Rule rule(String label, Programme.Rule absent, String field) {
        return switch (label == null ? absent.label() : label) {
            case "refuse" -> Programme.Rule.REFUSE;
            case "hold" -> Programme.Rule.HOLD;
            default -> throw new IllegalArgumentException(field + " '" + label + "' must be refuse or hold");
        };
    }
}
