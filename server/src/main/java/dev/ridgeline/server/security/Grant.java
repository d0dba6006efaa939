package dev.ridgeline.server.security;

import java.util.Set;

/** The roles a caller holds on one gallery, or on every gallery when {@code gallery} is {@link #ANY_GALLERY}. */
public record Grant(String gallery, Set<Role> roles) {

    public static final String ANY_GALLERY = "*";

    public Grant {
        roles = Set.copyOf(roles);
    }

    boolean covers(String gallery) {
        return ANY_GALLERY.equals(this.gallery) || this.gallery.equals(gallery);
    }
}
