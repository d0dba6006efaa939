package dev.ridgeline.server.security;

import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/** The callers an access file names, found by bearer token or by client-certificate subject. */
public final class Principals {

    /** A caller known by the SHA-256 of its token. */
    record TokenHolder(byte[] tokenSha256, Caller caller) {
    }

    private final List<TokenHolder> tokenHolders;
    /** X500Principal equality compares canonical names, so spacing and case of the DN do not matter. */
    private final Map<X500Principal, Caller> bySubject;

    Principals(List<TokenHolder> tokenHolders, Map<X500Principal, Caller> bySubject) {
        this.tokenHolders = List.copyOf(tokenHolders);
        this.bySubject = Map.copyOf(bySubject);
    }

    /**
     * The caller whose token this is. Every stored hash is compared, each in constant time, so the
     * time taken does not tell how close a guess came or which entry matched.
     */
    Optional<Caller> byToken(String token) {
        byte[] hash = Tokens.sha256(token);
        Caller found = null;
        for (TokenHolder holder : tokenHolders) {
            if (MessageDigest.isEqual(holder.tokenSha256(), hash)) {
                found = holder.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The caller whose client certificate has this subject DN. */
    Optional<Caller> byCertificateSubject(X500Principal subject) {
        return Optional.ofNullable(bySubject.get(subject));
    }

    /** How many principals there are. */
    public int size() {
        return tokenHolders.size() + bySubject.size();
    }
}
