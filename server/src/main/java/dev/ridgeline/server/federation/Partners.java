package dev.ridgeline.server.federation;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The partners one version of the partner file names, by name. */
public record Partners(Map<String, Partner> byName) {

    /** No partner at all: every partner call is refused. */
    public static final Partners NONE = new Partners(Map.of());

    public Partners {
        byName = Map.copyOf(byName);
    }

    static Partners of(List<Partner> partners) {
        return new Partners(partners.stream().collect(Collectors.toMap(Partner::name, Function.identity())));
    }

    public Optional<Partner> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Partner> all() {
        return byName.values();
    }

    /** The partner whose pinned identity (CA and subject) this certificate is. */
    Optional<Partner> presenting(X509Certificate certificate) {
        return byName.values().stream().filter(partner -> partner.presentedBy(certificate)).findFirst();
    }

    /** Whether some partner's CA issued this certificate (whatever subject it names). */
    boolean issuedByAnyPartnerCa(X509Certificate certificate) {
        return byName.values().stream().anyMatch(partner -> partner.issuedByCa(certificate));
    }
}
