package dev.ridgeline.server.federation;

/**
 * A partner's gallery this deployment keeps a read-only copy of, fed by the partner's
 * {@code GalleryPublication} stream and searched here like a local gallery.
 *
 * @param partner      the publishing partner
 * @param gallery      the gallery's name at the partner
 * @param localGallery the copy's name here
 */
public record Subscription(String partner, String gallery, String localGallery) {

    /** How the partner file and reports name it: {@code PARTNER:GALLERY}. */
    public String label() {
        return partner + ":" + gallery;
    }
}
