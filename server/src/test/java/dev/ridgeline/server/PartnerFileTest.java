package dev.ridgeline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.server.TestCertificates.Authority;
import dev.ridgeline.server.federation.Agreement;
import dev.ridgeline.server.federation.Operation;
import dev.ridgeline.server.federation.Partner;
import dev.ridgeline.server.federation.PartnerFile;
import dev.ridgeline.server.federation.Partners;
import dev.ridgeline.server.federation.Subscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partner file's format: what it reads, its defaults (deny by default) and the errors that name the fault. */
class PartnerFileTest {

    @TempDir
    Path directory;
    private Authority ca;

    @BeforeEach
    void makeCa() throws Exception {
        ca = new Authority(directory, "us-cbp-ca");
    }

    @Test
    void readsAPartnerWithItsPinnedIdentityAndAgreement() throws Exception {
        Partner partner = load("""
                {"partners": [{"name": "us-cbp", "endpoint": "cbp.example:50061", "ca_file": "us-cbp-ca.pem",
                  "certificate_subject": "CN=us-cbp, O=CBP, C=US",
                  "agreement": {"galleries": ["lookout-ca"], "operations": ["identify", "verify"],
                    "disclosure": "attributes", "attributes": ["programme"], "purposes": ["BORDER-ENTRY"],
                    "max_results": 3, "rate_limit_per_minute": 60, "yearly_quota": 5000, "probe_images": true}}]}
                """).named("us-cbp").orElseThrow();

        assertThat(partner.endpoint()).isEqualTo("cbp.example:50061");
        assertThat(partner.subject().getName()).isEqualTo("CN=us-cbp,O=CBP,C=US");
        assertThat(partner.ca().getSubjectX500Principal().getName()).isEqualTo("CN=us-cbp-ca");
        assertThat(partner.agreement()).isEqualTo(new Agreement(Set.of("lookout-ca"),
                Set.of(Operation.IDENTIFY, Operation.VERIFY), Disclosure.ATTRIBUTES, Set.of("programme"),
                Set.of("BORDER-ENTRY"), 3, 60, 5000, true));
    }

    @Test
    void aPartnerWithoutAnAgreementMayAskNothingAndDisclosureDefaultsToHitNoHit() throws Exception {
        var partners = load("""
                {"partners": [
                  {"name": "mx-inm", "ca_file": "us-cbp-ca.pem", "certificate_subject": "CN=mx-inm"},
                  {"name": "us-cbp", "ca_file": "us-cbp-ca.pem", "certificate_subject": "CN=us-cbp",
                   "agreement": {"galleries": ["lookout"], "operations": ["identify"], "purposes": ["BORDER-ENTRY"],
                     "rate_limit_per_minute": 10, "yearly_quota": 10}}]}
                """);

        Agreement none = partners.named("mx-inm").orElseThrow().agreement();
        assertThat(none.galleries()).isEmpty();
        assertThat(none.operations()).isEmpty();
        assertThat(none.purposes()).isEmpty();
        Agreement minimal = partners.named("us-cbp").orElseThrow().agreement();
        assertThat(minimal.disclosure()).isEqualTo(Disclosure.HIT_NO_HIT);
        assertThat(minimal.probeImages()).isFalse();
        assertThat(minimal.maxResults()).isEqualTo(10);
    }

    @Test
    void faultsAreNamedWithThePartner() throws Exception {
        String identity = "\"ca_file\": \"us-cbp-ca.pem\", \"certificate_subject\": \"CN=us-cbp\"";
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", " + identity + ", \"agreemnt\": {}}]}",
                "Unrecognized field \"agreemnt\"");
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", " + identity + ", \"agreement\": {\"disclosure\": \"everything\"}}]}",
                "partner 1 ('us-cbp'): disclosure 'everything' must be hit/no-hit (the default), reference-id or attributes");
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", " + identity + ", \"agreement\": {\"attributes\": [\"status\"]}}]}",
                "attributes are disclosed under disclosure 'attributes' only");
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", " + identity + ", \"agreement\": {\"galleries\": [\"lookout\"],"
                        + " \"operations\": [\"identify\"], \"purposes\": [\"BORDER-ENTRY\"]}}]}",
                "an agreement that allows queries states rate_limit_per_minute and yearly_quota");
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", " + identity + ", \"agreement\": {\"operations\": [\"enroll\"]}}]}",
                "unknown operation 'enroll'; operations are verify, identify");
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", \"ca_file\": \"us-cbp-ca.pem\"}]}",
                "needs ca_file and certificate_subject: the partner's identity is pinned");
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", " + identity + "}, {\"name\": \"us-cbp\", " + identity + "}]}",
                "partner 2 ('us-cbp'): the name is used by an earlier partner");
        ca.deployment(directory, "leaf", "CN=leaf"); // writes leaf.pem: a certificate, but no CA
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", \"ca_file\": \"leaf.pem\", \"certificate_subject\": \"CN=x\"}]}",
                "is not a CA certificate");
    }

    @Test
    void publicationsAndSubscriptionsAreNamedGalleriesAndCopiesGetDistinctLocalNames() throws Exception {
        var partners = load("""
                {"partners": [
                  {"name": "ca-cbsa", "ca_file": "us-cbp-ca.pem", "certificate_subject": "CN=ca-cbsa",
                   "agreement": {"publish": ["lookout"], "disclosure": "attributes", "attributes": ["status"]}},
                  {"name": "us-cbp", "endpoint": "cbp.example:50261", "ca_file": "us-cbp-ca.pem",
                   "certificate_subject": "CN=us-cbp",
                   "subscriptions": [{"gallery": "lookout"}, {"gallery": "nexus", "local_gallery": "nexus-us"}]}]}
                """);

        Agreement publishing = partners.named("ca-cbsa").orElseThrow().agreement();
        assertThat(publishing.published()).containsExactly("lookout");
        assertThat(publishing.galleries()).as("publishing grants no query").isEmpty();
        assertThat(partners.named("us-cbp").orElseThrow().agreement().published()).as("deny by default").isEmpty();
        assertThat(partners.named("us-cbp").orElseThrow().subscriptions()).containsExactly(
                new Subscription("us-cbp", "lookout", "us-cbp_lookout"), new Subscription("us-cbp", "nexus", "nexus-us"));

        String identity = "\"ca_file\": \"us-cbp-ca.pem\", \"certificate_subject\": \"CN=us-cbp\"";
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", " + identity + ", \"subscriptions\": [{\"gallery\": \"lookout\"}]}]}",
                "partner 1 ('us-cbp'): subscriptions need the partner's endpoint");
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", \"endpoint\": \"h:1\", " + identity
                        + ", \"subscriptions\": [{\"gallery\": \"a\", \"local_gallery\": \"copy\"},"
                        + " {\"gallery\": \"b\", \"local_gallery\": \"copy\"}]}]}",
                "local_gallery 'copy' is the copy of an earlier subscription");
        assertFault("{\"partners\": [{\"name\": \"us-cbp\", " + identity + ", \"agreement\": {\"publish\": [\"Look Out\"]}}]}",
                "a published gallery: name 'Look Out' must be");
    }

    private Partners load(String json) throws Exception {
        return PartnerFile.load(Files.writeString(directory.resolve("partners.json"), json));
    }

    private void assertFault(String json, String message) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
