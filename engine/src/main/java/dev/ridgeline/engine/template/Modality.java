package dev.ridgeline.engine.template;

/** What a template describes. Codes are stored in envelopes: never renumber them. */
public enum Modality {
    FINGERPRINT(1),
    FACE(2);

    private final int code;

    Modality(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Modality fromCode(int code) {
        for (Modality modality : values()) {
            if (modality.code == code) {
                return modality;
            }
        }
        throw new IllegalArgumentException("unknown modality code " + code);
    }
}
