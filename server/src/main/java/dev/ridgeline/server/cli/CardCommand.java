package dev.ridgeline.server.cli;

import com.google.protobuf.ByteString;
import dev.ridgeline.api.v1.ExtractTemplateRequest;
import dev.ridgeline.api.v1.ExtractTemplateResponse;
import dev.ridgeline.api.v1.Image;
import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.api.v1.TemplateFormat;
import dev.ridgeline.api.v1.TemplatesGrpc;
import dev.ridgeline.engine.card.PemKeys;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "card", mixinStandardHelpOptions = true,
        description = "Card templates: make an issuer key pair, write a (signed) template for a card.",
        subcommands = {CardCommand.Keygen.class, CardCommand.Write.class})
final class CardCommand {

    enum KeyType { ED25519, ECDSA_P256 }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Make an issuer key pair: the private key (PKCS#8 PEM, readable by its owner only) for",
                "`serve --issuer-key`, and the line booths add to their `--trusted-issuers` file."})
    static final class Keygen implements Callable<Integer> {

        @Option(names = "--id", required = true, description = "Key id, e.g. cbsa-2026: cards name the key that signed them.")
        String id;

        @Option(names = "--type", defaultValue = "ed25519", description = "ed25519 or ecdsa_p256 (default: ${DEFAULT-VALUE}).")
        KeyType type;

        @Option(names = "--valid-until", required = true, paramLabel = "YYYY-MM-DD",
                description = "Last day booths accept cards signed with this key.")
        LocalDate validUntil;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the private key.")
        Path out;

        @Override
        public Integer call() throws Exception {
            KeyPair pair = switch (type) {
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                case ECDSA_P256 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    yield generator.generateKeyPair();
                }
            };
            Files.writeString(Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    PemKeys.pem(pair.getPrivate()));
            System.err.println("private key written to " + out + "; add this line to the booths' trusted issuers file:");
            System.out.println(id + " " + validUntil + " " + PemKeys.base64(pair.getPublic()));
            return 0;
        }
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = "Template an image on the service and write the template a card would carry.")
    static final class Write implements Callable<Integer> {

        @Mixin
        ClientOptions.Target target;

        @Parameters(index = "0", paramLabel = "IMAGE", description = "Fingerprint or face image.")
        Path image;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the template.")
        Path out;

        @Option(names = "--sign", description = "Have the service sign it with its issuer key (serve --issuer-key).")
        boolean sign;

        @Option(names = "--format", defaultValue = "ridgeline_envelope",
                description = "ridgeline_envelope, iso_19794_2_2005, ansi_378_2004 or ansi_378_2009 (default: ${DEFAULT-VALUE}).")
        TemplateFormat format;

        @Option(names = "--modality", defaultValue = "fingerprint", description = "fingerprint or face (default: ${DEFAULT-VALUE}).")
        Modality modality;

        @Option(names = "--position", defaultValue = "0", description = "Finger position 1-10 (0 = unknown).")
        int position;

        @Option(names = "--dpi", defaultValue = "500", description = "Fingerprint scan resolution (default: ${DEFAULT-VALUE}).")
        int dpi;

        @Override
        public Integer call() throws Exception {
            ManagedChannel channel = target.channel();
            try {
                ExtractTemplateResponse response = TemplatesGrpc.newBlockingStub(channel).extractTemplate(
                        ExtractTemplateRequest.newBuilder().setSignForCard(sign).setFormat(format).setSample(Sample.newBuilder()
                                .setModality(modality).setFingerPosition(position)
                                .setImage(Image.newBuilder().setData(ByteString.copyFrom(Files.readAllBytes(image))).setDpi(dpi)))
                                .build());
                Files.write(out, response.getTemplate().toByteArray());
                System.out.printf("%s: %d bytes%s, %d features, quality %d%n", out, response.getTemplate().size(),
                        sign ? " (signed)" : "", response.getInfo().getFeatureCount(), response.getInfo().getQuality());
                return 0;
            } catch (StatusRuntimeException e) {
                System.err.println(image + ": " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                return 1;
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
