package dev.ridgeline.server.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The subject ids a hit/no-hit copy holds: an HMAC of the partner, gallery and id under a secret
 * this deployment keeps, so that the same subject always has the same pseudonym in one partner's
 * copy (its deletion reaches the copy) while the partner learns no reference id, and two partners'
 * copies cannot be linked. The secret is made once, in {@code DATA_DIR/federation/pseudonym.key}.
 */
final class Pseudonyms {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    private Pseudonyms(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** Reads the secret from {@code file}, or makes one there (readable by this user only). */
    static Pseudonyms keptIn(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, secret, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return new Pseudonyms(Files.readAllBytes(file));
    }

    /** 32 hex digits standing for {@code subjectId} of {@code gallery} in {@code partner}'s copy. */
    String of(String partner, String gallery, String subjectId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((partner + '\0' + gallery + '\0' + subjectId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
