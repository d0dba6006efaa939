package dev.ridgeline.server.security;

import dev.ridgeline.engine.work.WorkClass;
import io.grpc.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Who is making the current call: a principal of the access file, or {@link #ANONYMOUS} when the
 * server runs without authentication. The auth interceptor puts it in the call's gRPC {@link Context}
 * under {@link #KEY}; later interceptors (audit) and services read it with {@link #current()}.
 *
 * @param name   the principal's name in the access file
 * @param agency the agency the credential belongs to, e.g. "CBSA"
 * @param grants the roles it holds per gallery
 * @param source how it was authenticated: {@code token}, {@code certificate}, or {@code none} (auth off)
 * @param priority the class all its calls are served in, from the access file; empty: each method's own
 */
public record Caller(String name, String agency, List<Grant> grants, String source, Optional<WorkClass> priority) {

    /** The caller of every call when the server runs without an access file: it may do everything. */
    public static final Caller ANONYMOUS = new Caller("anonymous", "",
            List.of(new Grant(Grant.ANY_GALLERY, EnumSet.allOf(Role.class))), "none", Optional.empty());

    public static final Context.Key<Caller> KEY = Context.key("ridgeline-caller");

    public Caller {
        grants = List.copyOf(grants);
    }

    /** The caller of the call running on this thread; {@link #ANONYMOUS} when auth is off. */
    public static Caller current() {
        Caller caller = KEY.get();
        return caller == null ? ANONYMOUS : caller;
    }

    /** Whether the caller holds {@code role} on {@code gallery}. */
    public boolean holds(Role role, String gallery) {
        return grants.stream().anyMatch(g -> g.covers(gallery) && g.roles().contains(role));
    }

    /** Whether the caller holds {@code role} on at least one gallery. */
    public boolean holdsAnywhere(Role role) {
        return grants.stream().anyMatch(g -> g.roles().contains(role));
    }

    /** Whether the caller holds any role on {@code gallery}, so that listing the galleries shows it. */
    public boolean maySee(String gallery) {
        return grants.stream().anyMatch(g -> g.covers(gallery) && !g.roles().isEmpty());
    }

    /** How messages name the caller: {@code 'cbsa-booth-01' (agency CBSA)}. */
    public String describe() {
        return "'" + name + "' (agency " + agency + ")";
    }
}
