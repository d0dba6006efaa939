package dev.ridgeline.engine.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CardSignatureTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));

    private static KeyPair keyPair(SignatureAlgorithm algorithm) throws Exception {
        if (algorithm == SignatureAlgorithm.ED25519) {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] envelope() {
        byte[] bytes = new byte[600];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private static void assertRefused(TrustedIssuers trusted, byte[] card, Instant now, String reason) {
        assertThatThrownBy(() -> trusted.verified(SignedCardTemplate.parse(card), now))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.INVALID_INPUT))
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aValidSignatureYieldsTheEnvelopeAndAnyAlteredByteIsRefused(SignatureAlgorithm algorithm) throws Exception {
        KeyPair issuer = keyPair(algorithm);
        TrustedIssuers trusted = new TrustedIssuers(List.of(new IssuerKey("cbsa-2026", issuer.getPublic(), NEXT_YEAR)));
        byte[] card = new CardSigner("cbsa-2026", issuer.getPrivate()).sign(envelope(), NOW).toBytes();

        assertThat(trusted.verified(SignedCardTemplate.parse(card), NOW)).isEqualTo(envelope());

        int signatureStart = card.length - (algorithm == SignatureAlgorithm.ED25519 ? 64 : 70);
        // every byte of the signed part, and bytes of the signature itself
        for (int at = 0; at < card.length; at++) {
            byte[] altered = card.clone();
            altered[at] ^= 0x01;
            int position = at;
            assertThatThrownBy(() -> trusted.verified(SignedCardTemplate.parse(altered), NOW))
                    .as("byte %d of %d altered (signature from about %d)", position, card.length, signatureStart)
                    .isInstanceOf(EngineException.class)
                    .hasMessageMatching("(?s).*(card template refused|malformed signed card template).*");
        }
    }

    @Test
    void aTemplateSignedWithAnotherKeyUnderTheSameIdIsRefused() throws Exception {
        KeyPair issuer = keyPair(SignatureAlgorithm.ED25519);
        KeyPair forger = keyPair(SignatureAlgorithm.ED25519);
        TrustedIssuers trusted = new TrustedIssuers(List.of(new IssuerKey("cbp-2026", issuer.getPublic(), NEXT_YEAR)));
        byte[] forged = new CardSigner("cbp-2026", forger.getPrivate()).sign(envelope(), NOW).toBytes();

        assertRefused(trusted, forged, NOW, "does not verify under issuer key 'cbp-2026'");
        byte[] unknown = new CardSigner("someone-else", forger.getPrivate()).sign(envelope(), NOW).toBytes();
        assertRefused(trusted, unknown, NOW, "issuer key 'someone-else', which this booth does not trust");
    }

    @Test
    void anExpiredKeyIsRefusedEvenWithAValidSignature() throws Exception {
        KeyPair issuer = keyPair(SignatureAlgorithm.ECDSA_P256_SHA256);
        Instant expiry = NOW.plus(Duration.ofDays(1));
        TrustedIssuers trusted = new TrustedIssuers(List.of(new IssuerKey("old", issuer.getPublic(), expiry)));
        byte[] card = new CardSigner("old", issuer.getPrivate()).sign(envelope(), NOW).toBytes();

        assertThat(trusted.verified(SignedCardTemplate.parse(card), NOW)).isEqualTo(envelope());
        assertRefused(trusted, card, expiry.plusSeconds(1), "issuer key 'old' expired at " + expiry);
        assertRefused(trusted, card, NOW.minus(Duration.ofHours(1)), "in the future");
    }

    @Test
    void trustedIssuersAreReadFromTheKeyFile(@TempDir Path folder) throws Exception {
        KeyPair ed = keyPair(SignatureAlgorithm.ED25519);
        KeyPair ec = keyPair(SignatureAlgorithm.ECDSA_P256_SHA256);
        Path file = folder.resolve("issuers.txt");
        Files.writeString(file, "# trusted card issuers\n"
                + "cbsa-2026 2027-06-30 " + PemKeys.base64(ed.getPublic()) + "\n\n"
                + "cbp-2026  2027-12-31T00:00:00Z " + PemKeys.base64(ec.getPublic()) + "\n");
        TrustedIssuers trusted = TrustedIssuers.read(file);
        assertThat(trusted.size()).isEqualTo(2);

        byte[] card = new CardSigner("cbsa-2026", PemKeys.privateKey(PemKeys.pem(ed.getPrivate()))).sign(envelope(), NOW).toBytes();
        assertThat(trusted.verified(SignedCardTemplate.parse(card), NOW)).isEqualTo(envelope());
        assertRefused(trusted, card, Instant.parse("2027-07-01T00:00:00Z"), "expired at 2027-06-30T23:59:59Z");

        Files.writeString(file, "cbsa-2026 2027-06-30\n");
        assertThatThrownBy(() -> TrustedIssuers.read(file)).hasMessageContaining("line 1: expected");
    }

    @Test
    void truncatedAndUnknownFormatsAreMalformed() throws Exception {
        KeyPair issuer = keyPair(SignatureAlgorithm.ED25519);
        byte[] card = new CardSigner("k", issuer.getPrivate()).sign(envelope(), NOW).toBytes();
        assertThatThrownBy(() -> SignedCardTemplate.parse(java.util.Arrays.copyOf(card, 12)))
                .hasMessageContaining("malformed signed card template: truncated");
        byte[] otherFormat = card.clone();
        otherFormat[4] = 9;
        assertThatThrownBy(() -> SignedCardTemplate.parse(otherFormat)).hasMessageContaining("format 9 is not supported");
        assertThat(SignedCardTemplate.isSigned(envelope())).isFalse();
    }
}
