package dev.ridgeline.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.engine.work.WorkClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessFileTest {

    @TempDir
    Path directory;

    @Test
    void aTokenCommandEntryLoadsAndItsTokenFindsTheCaller() throws Exception {
        String token = Tokens.newToken();
        String entry = AccessFile.entry("cbsa-booth", "CBSA", Tokens.sha256Hex(token), List.of(
                new Grant("nexus", EnumSet.of(Role.ENROLL, Role.VERIFY)), new Grant("lookout-us", EnumSet.of(Role.VERIFY))));
        assertThat(entry).doesNotContain(token);

        Principals principals = load("{\"principals\": [" + entry + ", "
                + "{\"name\": \"cbp-booth-01\", \"agency\": \"CBP\", \"certificate_subject\": \"CN=cbp-booth-01,O=CBP,C=US\","
                + " \"grants\": [{\"gallery\": \"*\", \"roles\": [\"verify\"]}]}]}");

        Caller booth = principals.byToken(token).orElseThrow();
        assertThat(booth.name()).isEqualTo("cbsa-booth");
        assertThat(booth.agency()).isEqualTo("CBSA");
        assertThat(booth.source()).isEqualTo("token");
        assertThat(booth.holds(Role.ENROLL, "nexus")).isTrue();
        assertThat(booth.holds(Role.VERIFY, "lookout-us")).isTrue();
        assertThat(booth.holds(Role.ENROLL, "lookout-us")).isFalse();
        assertThat(principals.byToken(token + "x")).isEmpty();

        Caller cbp = principals.byCertificateSubject(new X500Principal("CN=cbp-booth-01, O=CBP, C=US")).orElseThrow();
        assertThat(cbp.holds(Role.VERIFY, "any-gallery")).isTrue();
        assertThat(cbp.holdsAnywhere(Role.ENROLL)).isFalse();
        assertThat(principals.byCertificateSubject(new X500Principal("CN=cbp-booth-02,O=CBP,C=US"))).isEmpty();
    }

    @Test
    void theExampleInTheSecurityGuideLoads() throws Exception {
        String guide = Files.readString(Path.of("../docs/SECURITY.md"));
        int start = guide.indexOf("```json\n") + "```json\n".length();
        Principals principals = load(guide.substring(start, guide.indexOf("```", start)));

        assertThat(principals.size()).isEqualTo(3);
        Caller cbp = principals.byCertificateSubject(new X500Principal("CN=cbp-booth-01,O=CBP,C=US")).orElseThrow();
        assertThat(cbp.agency()).isEqualTo("CBP");
        assertThat(cbp.holds(Role.ENROLL, "lookout-us")).isTrue();
        assertThat(cbp.priority()).isEmpty();
    }

    @Test
    void aPrincipalsPriorityClassIsRead() throws Exception {
        String token = Tokens.newToken();
        Principals principals = load("{\"principals\": [{\"name\": \"loader\", \"agency\": \"CBSA\", \"token_sha256\": \""
                + Tokens.sha256Hex(token) + "\", \"priority\": \"bulk\"}]}");
        assertThat(principals.byToken(token).orElseThrow().priority()).contains(WorkClass.BULK);
    }

    @Test
    void mistakesAreNamedWithTheirPrincipal() {
        String hash = "\"" + Tokens.sha256Hex("t") + "\"";
        assertRefused("{\"principals\": [{\"name\": \"a\", \"agency\": \"CBSA\", \"token_sha256\": \"abc\"}]}",
                "principal 1 ('a')", "64 hex digits");
        assertRefused("{\"principals\": [{\"name\": \"a\", \"agency\": \"CBSA\", \"token_sha256\": " + hash
                + ", \"grants\": [{\"gallery\": \"nexus\", \"roles\": [\"admin\"]}]}]}", "unknown role 'admin'");
        assertRefused("{\"principals\": [{\"name\": \"a\", \"agency\": \"CBSA\", \"token_sha256\": " + hash
                + ", \"grants\": [{\"gallery\": \"NEXUS\", \"roles\": [\"verify\"]}]}]}", "gallery name 'NEXUS'");
        assertRefused("{\"principals\": [{\"name\": \"a\", \"agency\": \"CBSA\", \"token_sha256\": " + hash
                + ", \"certificate_subject\": \"CN=a\"}]}", "exactly one of token_sha256 and certificate_subject");
        assertRefused("{\"principals\": [{\"name\": \"a\", \"agency\": \"CBSA\", \"token_sha256\": " + hash + "},"
                + " {\"name\": \"b\", \"agency\": \"CBP\", \"token_sha256\": " + hash + "}]}", "principal 2 ('b')",
                "same token_sha256");
        assertRefused("{\"principals\": [{\"name\": \"a\", \"agencies\": \"CBSA\"}]}", "agencies");
        assertRefused("{\"principals\": []}", "names no principals");
        assertRefused("{\"principals\": [{\"name\": \"a\", \"agency\": \"CBSA\", \"token_sha256\": " + hash
                + ", \"priority\": \"urgent\"}]}", "principal 1 ('a')", "unknown priority class 'urgent'",
                "booth, enrollment, bulk");
    }

    private void assertRefused(String json, String... messageParts) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
    }

    private Principals load(String json) throws Exception {
        return AccessFile.load(Files.writeString(directory.resolve("access.json"), json));
    }
}
