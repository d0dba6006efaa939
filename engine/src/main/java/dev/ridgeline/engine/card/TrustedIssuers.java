package dev.ridgeline.engine.card;

import dev.ridgeline.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The issuer keys a booth accepts card templates from. A signed template is accepted when its
 * key is listed, has not expired, and its signature verifies over the envelope, the key id and
 * the signing time; otherwise it is refused with the reason.
 *
 * <p>File format, one key per line ({@code #} starts a comment):
 * {@code <key id> <not after: YYYY-MM-DD or an ISO instant> <public key: base64 of its DER>}.
 */
public final class TrustedIssuers {

    /** Clocks of issuing stations and booths disagree a little; more than this is a forgery or a broken clock. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    private final Map<String, IssuerKey> keys = new LinkedHashMap<>();

    public TrustedIssuers(List<IssuerKey> keys) {
        for (IssuerKey key : keys) {
            if (this.keys.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException("issuer key id '" + key.id() + "' is listed twice");
            }
        }
    }

    public static TrustedIssuers read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<IssuerKey> keys = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            try {
                if (fields.length != 3) {
                    throw new IllegalArgumentException("expected '<key id> <not after> <public key>', found "
                            + fields.length + " fields");
                }
                keys.add(new IssuerKey(fields[0], PemKeys.publicKey(fields[2]), instant(fields[1])));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new TrustedIssuers(keys);
    }

    /** A date means the end of that day, UTC. */
    private static Instant instant(String text) {
        return text.contains("T") ? Instant.parse(text)
                : LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
    }

    public int size() {
        return keys.size();
    }

    /** The envelope inside a signed card template, once its signature is checked; refuses with the reason otherwise. */
    public byte[] verified(SignedCardTemplate card, Instant now) {
        IssuerKey issuer = keys.get(card.keyId());
        if (issuer == null) {
            throw refused("it is signed with issuer key '" + card.keyId() + "', which this booth does not trust"
                    + (keys.isEmpty() ? " (it trusts no issuer: serve --trusted-issuers)" : ""));
        }
        if (issuer.algorithm() != card.algorithm()) {
            throw refused("it claims " + card.algorithm() + " but issuer key '" + issuer.id() + "' is " + issuer.algorithm());
        }
        if (now.isAfter(issuer.notAfter())) {
            throw refused("issuer key '" + issuer.id() + "' expired at " + issuer.notAfter());
        }
        if (card.signedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw refused("it claims to be signed at " + card.signedAt() + ", in the future");
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(card.algorithm().jcaSignature());
            verifier.initVerify(issuer.key());
            verifier.update(card.signedPart());
            valid = verifier.verify(card.signature());
        } catch (GeneralSecurityException e) {
            valid = false; // a malformed signature value is a bad signature
        }
        if (!valid) {
            throw refused("its signature does not verify under issuer key '" + issuer.id()
                    + "': the template was altered or signed with another key");
        }
        return card.envelope();
    }

    private static EngineException refused(String why) {
        return EngineException.invalid("card template refused: " + why);
    }
}
