package dev.ridgeline.server.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a caller may do on a gallery; which role each gRPC method needs is in {@link AccessPolicy}. */
public enum Role {
    /** Put subjects into a gallery, change and remove them, read them back. */
    ENROLL,
    /** Search a gallery: verify against its subjects, identify in it. */
    VERIFY,
    /** Create, describe and delete galleries; server reflection. */
    OPERATOR;

    /** The role's name as the access file and error messages spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a role as the access file spells it. */
    public static Role parse(String label) {
        for (Role role : values()) {
            if (role.label().equals(label)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label + "'; roles are "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }
}
