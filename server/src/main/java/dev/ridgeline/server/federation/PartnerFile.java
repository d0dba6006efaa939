package dev.ridgeline.server.federation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ridgeline.api.v1.Disclosure;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.GalleryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Reads the partner file: a JSON object whose {@code partners} list names each partner deployment,
 * its endpoint, its CA, the certificate subject it must present and its agreement. Unknown fields
 * are refused, so a misspelt limit is never silently ignored. Format and example: docs/FEDERATION.md.
 */
public final class PartnerFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PURPOSE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,63}");
    private static final Pattern ENDPOINT = Pattern.compile(".+:[0-9]{1,5}");

    record Contents(List<Entry> partners) {
    }

    record Entry(String name, String endpoint, @JsonProperty("ca_file") String caFile,
                 @JsonProperty("certificate_subject") String certificateSubject, AgreementEntry agreement,
                 @JsonProperty("send_probe_images") Boolean sendProbeImages, List<SubscriptionEntry> subscriptions) {
    }

    record SubscriptionEntry(String gallery, @JsonProperty("local_gallery") String localGallery) {
    }

    record AgreementEntry(List<String> galleries, List<String> operations, String disclosure, List<String> attributes,
                          List<String> purposes, @JsonProperty("max_results") Integer maxResults,
                          @JsonProperty("rate_limit_per_minute") Integer ratePerMinute,
                          @JsonProperty("yearly_quota") Long yearlyQuota,
                          @JsonProperty("probe_images") Boolean probeImages, List<String> publish) {
    }

    /** The agreement of a partner whose entry has none: it may ask nothing. */
    private static final Agreement NOTHING = new Agreement(Set.of(), Set.of(), Disclosure.HIT_NO_HIT, Set.of(), Set.of(),
            0, 0, 0, false);

    private PartnerFile() {
    }

    /** Reads and checks a partner file; the exception's message names the file, the partner and the fault. */
    public static Partners load(Path file) {
        Contents contents;
        try {
            contents = JSON.readValue(Files.readString(file), Contents.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("partner file " + file + " is not valid: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the partner file " + file + ": " + e, e);
        }
        if (contents == null || contents.partners() == null) {
            throw new IllegalArgumentException("partner file " + file + " has no 'partners' list");
        }
        List<Partner> partners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> copies = new HashSet<>();
        for (int i = 0; i < contents.partners().size(); i++) {
            Entry entry = contents.partners().get(i);
            String where = "partner file " + file + ", partner " + (i + 1)
                    + (entry.name() == null ? "" : " ('" + entry.name() + "')") + ": ";
            try {
                Partner partner = partner(entry, file.toAbsolutePath().getParent());
                if (!names.add(partner.name())) {
                    throw new IllegalArgumentException("the name is used by an earlier partner");
                }
                for (Subscription subscription : partner.subscriptions()) {
                    if (!copies.add(subscription.localGallery())) {
                        throw new IllegalArgumentException("local_gallery '" + subscription.localGallery()
                                + "' is the copy of an earlier subscription");
                    }
                }
                partners.add(partner);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return Partners.of(partners);
    }

    private static Partner partner(Entry entry, Path directory) {
        checkName(entry.name(), "a partner name");
        if (entry.endpoint() != null && !ENDPOINT.matcher(entry.endpoint()).matches()) {
            throw new IllegalArgumentException("endpoint '" + entry.endpoint() + "' is not HOST:PORT");
        }
        if (entry.caFile() == null || entry.certificateSubject() == null) {
            throw new IllegalArgumentException("needs ca_file and certificate_subject: the partner's identity is pinned");
        }
        X500Principal subject;
        try {
            subject = new X500Principal(entry.certificateSubject());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certificate_subject '" + entry.certificateSubject()
                    + "' is not a distinguished name such as CN=us-cbp,O=CBP,C=US");
        }
        return new Partner(entry.name(), entry.endpoint(), ca(directory.resolve(entry.caFile())), subject,
                entry.agreement() == null ? NOTHING : agreement(entry.agreement()),
                Boolean.TRUE.equals(entry.sendProbeImages()), subscriptions(entry));
    }

    /** The partner's galleries copied here; a copy is named {@code PARTNER_GALLERY} unless local_gallery says otherwise. */
    private static List<Subscription> subscriptions(Entry entry) {
        if (entry.subscriptions() == null || entry.subscriptions().isEmpty()) {
            return List.of();
        }
        if (entry.endpoint() == null) {
            throw new IllegalArgumentException("subscriptions need the partner's endpoint");
        }
        List<Subscription> subscriptions = new ArrayList<>();
        Set<String> galleries = new HashSet<>();
        for (SubscriptionEntry subscription : entry.subscriptions()) {
            checkName(subscription.gallery(), "a subscribed gallery");
            if (!galleries.add(subscription.gallery())) {
                throw new IllegalArgumentException("gallery '" + subscription.gallery() + "' is subscribed to twice");
            }
            String local = subscription.localGallery() == null ? entry.name() + "_" + subscription.gallery()
                    : subscription.localGallery();
            checkName(local, "local_gallery of '" + subscription.gallery() + "'");
            subscriptions.add(new Subscription(entry.name(), subscription.gallery(), local));
        }
        return subscriptions;
    }

    private static X509Certificate ca(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            if (ca.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("ca_file " + file + " is not a CA certificate");
            }
            return ca;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ca_file " + file + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new IllegalArgumentException("ca_file " + file + " holds no PEM certificate: " + e.getMessage());
        }
    }

    private static Agreement agreement(AgreementEntry entry) {
        Set<String> galleries = new HashSet<>();
        for (String gallery : orEmpty(entry.galleries())) {
            checkName(gallery, "a gallery");
            galleries.add(gallery);
        }
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        orEmpty(entry.operations()).forEach(label -> operations.add(Operation.parse(label)));
        Set<String> purposes = new HashSet<>();
        for (String purpose : orEmpty(entry.purposes())) {
            purposes.add(checkPurpose(purpose));
        }
        Disclosure disclosure = disclosure(entry.disclosure());
        Set<String> attributes = Set.copyOf(orEmpty(entry.attributes()));
        if (!attributes.isEmpty() && disclosure != Disclosure.ATTRIBUTES) {
            throw new IllegalArgumentException("attributes are disclosed under disclosure 'attributes' only");
        }
        int maxResults = entry.maxResults() == null ? 10 : entry.maxResults();
        if (maxResults < 1 || maxResults > 1000) {
            throw new IllegalArgumentException("max_results must be 1-1000, got " + maxResults);
        }
        boolean grantsSomething = !galleries.isEmpty() && !operations.isEmpty() && !purposes.isEmpty();
        if (grantsSomething && (entry.ratePerMinute() == null || entry.yearlyQuota() == null)) {
            throw new IllegalArgumentException("an agreement that allows queries states rate_limit_per_minute and yearly_quota");
        }
        int rate = entry.ratePerMinute() == null ? 0 : entry.ratePerMinute();
        long quota = entry.yearlyQuota() == null ? 0 : entry.yearlyQuota();
        if (rate < 0 || quota < 0) {
            throw new IllegalArgumentException("rate_limit_per_minute and yearly_quota cannot be negative");
        }
        Set<String> published = new HashSet<>();
        for (String gallery : orEmpty(entry.publish())) {
            checkName(gallery, "a published gallery");
            published.add(gallery);
        }
        return new Agreement(galleries, operations, disclosure, attributes, purposes, maxResults, rate, quota,
                Boolean.TRUE.equals(entry.probeImages()), published);
    }

    private static Disclosure disclosure(String label) {
        return switch (label == null ? "hit/no-hit" : label) {
            case "hit/no-hit" -> Disclosure.HIT_NO_HIT;
            case "reference-id" -> Disclosure.REFERENCE_ID;
            case "attributes" -> Disclosure.ATTRIBUTES;
            default -> throw new IllegalArgumentException("disclosure '" + label
                    + "' must be hit/no-hit (the default), reference-id or attributes");
        };
    }

    /** How the partner file and audit lines spell a disclosure level. */
    static String label(Disclosure disclosure) {
        return switch (disclosure) {
            case HIT_NO_HIT -> "hit/no-hit";
            case REFERENCE_ID -> "reference-id";
            case ATTRIBUTES -> "attributes";
            case UNRECOGNIZED -> "unrecognized";
        };
    }

    /** A purpose code as agreements list it (also a programme file's). */
    static String checkPurpose(String purpose) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose '" + purpose
                    + "' must be 1-64 upper-case letters, digits, '-' or '_', e.g. BORDER-ENTRY");
        }
        return purpose;
    }

    static void checkName(String name, String what) {
        try {
            GalleryConfig.checkName(name);
        } catch (EngineException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage().replace("gallery name", "name"));
        }
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
