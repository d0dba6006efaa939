package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.CardTemplates;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.VerifyRequest;
import dev.ridgeline.api.v1.VerifyResponse;
import dev.ridgeline.engine.EngineConfig;
import dev.ridgeline.engine.card.CardGate;
import dev.ridgeline.engine.card.CardSigner;
import dev.ridgeline.engine.card.IssuerKey;
import dev.ridgeline.engine.card.SignedCardTemplate;
import dev.ridgeline.engine.card.TrustedIssuers;
import dev.ridgeline.server.grpc.CardSettings;
import dev.ridgeline.server.limits.ServiceLimits;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enrollment station signs the card template with its issuer key; a booth that requires signed
 * cards verifies the holder against it, and refuses a card that was altered, signed with another
 * key, signed with an expired key, or not signed at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedCardTest {

    private static final String KEY_ID = "cbsa-2026";

    @TempDir
    static Path stationData;
    @TempDir
    static Path boothData;
    @TempDir
    static Path lateBoothData;
    private final KeyPair issuer = ed25519();
    private ServerHarness station;
    private ServerHarness booth;
    private byte[] signedCard;

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CardSettings boothTrusting(IssuerKey key, Clock clock) {
        return new CardSettings(Optional.empty(), new CardGate(new TrustedIssuers(List.of(key)), true, clock));
    }

    @BeforeAll
    void startStationAndBooth() throws Exception {
        station = new ServerHarness(EngineConfig.defaults(stationData), ServiceLimits.DEFAULT,
                new CardSettings(Optional.of(new CardSigner(KEY_ID, issuer.getPrivate())), CardGate.OPEN));
        booth = new ServerHarness(EngineConfig.defaults(boothData), ServiceLimits.DEFAULT,
                boothTrusting(new IssuerKey(KEY_ID, issuer.getPublic(), Instant.now().plus(Duration.ofDays(365))),
                        Clock.systemUTC()));
        signedCard = station.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(500, 0)).setSignForCard(true).build()).getTemplate().toByteArray();
    }

    @AfterAll
    void stop() throws Exception {
        station.close();
        booth.close();
    }

    private static VerifyResponse verify(ServerHarness server, int finger, byte[] card) {
        return server.matching().verify(VerifyRequest.newBuilder().addProbe(GeneratedFingers.sample(finger, 1))
                .setCard(CardTemplates.newBuilder().addTemplates(ByteString.copyFrom(card))).build());
    }

    private static void assertRefused(ServerHarness server, byte[] card, String reason) {
        assertThatThrownBy(() -> verify(server, 500, card)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(reason);
        });
    }

    @Test
    void theHolderMatchesTheSignedCardAndAnotherFingerDoesNot() {
        assertThat(SignedCardTemplate.isSigned(signedCard)).isTrue();
        assertThat(verify(booth, 500, signedCard).getDecision().getMatch()).isTrue();
        assertThat(verify(booth, 501, signedCard).getDecision().getMatch()).isFalse();
    }

    @Test
    void anAlteredByteIsRefused() {
        SignedCardTemplate card = SignedCardTemplate.parse(signedCard);
        for (int at : new int[] {10, signedCard.length / 2, signedCard.length - 1}) {
            byte[] altered = signedCard.clone();
            altered[at] ^= 0x20;
            assertThatThrownBy(() -> verify(booth, 500, altered)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
        byte[] envelopeByte = signedCard.clone();
        envelopeByte[signedCard.length - card.signature().length - 2 - card.envelope().length / 2] ^= 0x01;
        assertRefused(booth, envelopeByte, "card template 0: card template refused: its signature does not verify"
                + " under issuer key 'cbsa-2026': the template was altered or signed with another key");
    }

    @Test
    void aCardSignedWithAnotherKeyUnderTheIssuersIdIsRefused() {
        byte[] envelope = SignedCardTemplate.parse(signedCard).envelope();
        byte[] forged = new CardSigner(KEY_ID, ed25519().getPrivate()).sign(envelope, Instant.now()).toBytes();
        assertRefused(booth, forged, "does not verify under issuer key 'cbsa-2026'");
    }

    @Test
    void anUnsignedTemplateIsRefusedWhereSignaturesAreRequired() {
        byte[] plain = station.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(500, 0)).build()).getTemplate().toByteArray();
        assertThat(SignedCardTemplate.isSigned(plain)).isFalse();
        assertRefused(booth, plain, "card template 0 refused: it is unsigned");
        assertThat(verify(station, 500, plain).getDecision().getMatch()).as("a booth not requiring signatures").isTrue();
        assertRefused(station, signedCard, "which this booth does not trust");
    }

    @Test
    void aCardSignedWithAnExpiredKeyIsRefused() throws Exception {
        Instant expiry = Instant.now().minus(Duration.ofDays(1));
        try (ServerHarness lateBooth = new ServerHarness(EngineConfig.defaults(lateBoothData), ServiceLimits.DEFAULT,
                boothTrusting(new IssuerKey(KEY_ID, issuer.getPublic(), expiry), Clock.systemUTC()))) {
            assertRefused(lateBooth, signedCard, "issuer key 'cbsa-2026' expired at " + expiry);
        }
    }

    @Test
    void signingNeedsAnIssuerKey() {
        assertThatThrownBy(() -> booth.templates().extractTemplate(ExtractTemplateRequest.newBuilder()
                .setSample(GeneratedFingers.sample(500, 0)).setSignForCard(true).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("serve --issuer-key");
                });
    }
}
