package dev.ridgeline.server.federation;

import dev.ridgeline.engine.EngineException;

/** A partner's gallery as local callers name it, {@code PARTNER:GALLERY}, e.g. {@code us-cbp:lookout}. */
record PartnerGallery(Partner partner, String gallery) {

    /** The partner gallery {@code name} names; INVALID_ARGUMENT without a partner, NOT_FOUND for an unknown partner. */
    static PartnerGallery parse(String name, Partners known) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            throw EngineException.invalid("'" + name + "' is not a partner gallery (PARTNER:GALLERY)");
        }
        String partnerName = name.substring(0, colon);
        Partner partner = known.named(partnerName).orElseThrow(() -> EngineException.notFound(
                "'" + partnerName + "' in '" + name + "' is not a partner in the partner file"));
        return new PartnerGallery(partner, name.substring(colon + 1));
    }
}
