package dev.ridgeline.server;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throwaway P-256 certificates for the TLS tests, written as PEM files the way an operator's would be. */
final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(1);

    /** A certificate authority that signs server and client certificates. */
    static final class Authority {
        private final KeyPair keys = keyPair();
        private final X509Certificate certificate;
        final Path pem;

        Authority(Path directory, String name) throws Exception {
            X500Principal subject = new X500Principal("CN=" + name);
            X509v3CertificateBuilder builder = builder(subject, subject, keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            certificate = sign(builder, keys.getPrivate());
            pem = writeCertificate(directory.resolve(name + ".pem"), certificate);
        }

        /** A server certificate for 127.0.0.1 and localhost. */
        Issued server(Path directory) throws Exception {
            KeyPair serverKeys = keyPair();
            GeneralNames names = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
            X509v3CertificateBuilder builder = builder(certificate.getSubjectX500Principal(),
                    new X500Principal("CN=localhost"), serverKeys)
                    .addExtension(Extension.subjectAlternativeName, false, names);
            return write(directory, "server", sign(builder, keys.getPrivate()), serverKeys.getPrivate());
        }

        /**
         * A deployment's certificate: this subject DN, for 127.0.0.1 and localhost, used both to
         * answer partners (server) and to call them (client).
         */
        Issued deployment(Path directory, String file, String subject) throws Exception {
            KeyPair deploymentKeys = keyPair();
            GeneralNames names = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
            X509v3CertificateBuilder builder = builder(certificate.getSubjectX500Principal(),
                    new X500Principal(subject), deploymentKeys)
                    .addExtension(Extension.subjectAlternativeName, false, names);
            return write(directory, file, sign(builder, keys.getPrivate()), deploymentKeys.getPrivate());
        }

        /** A client certificate with this subject DN. */
        Issued client(Path directory, String file, String subject) throws Exception {
            KeyPair clientKeys = keyPair();
            X509v3CertificateBuilder builder = builder(certificate.getSubjectX500Principal(),
                    new X500Principal(subject), clientKeys);
            return write(directory, file, sign(builder, keys.getPrivate()), clientKeys.getPrivate());
        }
    }

    /** A certificate and its private key as PEM files. */
    record Issued(Path certificate, Path privateKey) {
    }

    private TestCertificates() {
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.getAndIncrement()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static Issued write(Path directory, String name, X509Certificate certificate, PrivateKey key) throws Exception {
        Path certificateFile = writeCertificate(directory.resolve(name + ".pem"), certificate);
        // getEncoded() of a JDK private key is PKCS#8: the same as `openssl genpkey` writes.
        Path keyFile = Files.writeString(directory.resolve(name + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        return new Issued(certificateFile, keyFile);
    }

    private static Path writeCertificate(Path file, X509Certificate certificate) throws Exception {
        return Files.writeString(file, pem("CERTIFICATE", certificate.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
