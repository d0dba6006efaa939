package dev.ridgeline.server.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ridgeline.engine.EngineException;
import dev.ridgeline.engine.gallery.GalleryConfig;
import dev.ridgeline.engine.work.WorkClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Reads the access file: a JSON object whose {@code principals} list names each caller, its agency,
 * one credential (the SHA-256 of its bearer token, or its client certificate's subject DN) and its
 * grants per gallery. The format, with an example, is in docs/SECURITY.md.
 */
public final class AccessFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** The file as written; unknown fields are refused, so a misspelt field is not silently ignored. */
    record Contents(List<Entry> principals) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String name, String agency,
                 @JsonProperty("token_sha256") String tokenSha256,
                 @JsonProperty("certificate_subject") String certificateSubject,
                 List<GrantEntry> grants, String priority) {
    }

    record GrantEntry(String gallery, List<String> roles) {
    }

    private AccessFile() {
    }

    /** Reads and checks an access file; the exception's message names the file, the principal and the fault. */
    public static Principals load(Path file) {
        Contents contents;
        try {
            contents = JSON.readValue(Files.readString(file), Contents.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("access file " + file + " is not valid: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the access file " + file + ": " + e, e);
        }
        if (contents == null || contents.principals() == null || contents.principals().isEmpty()) {
            throw new IllegalArgumentException("access file " + file + " names no principals");
        }
        List<Principals.TokenHolder> tokenHolders = new ArrayList<>();
        Map<X500Principal, Caller> bySubject = new HashMap<>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < contents.principals().size(); i++) {
            Entry entry = contents.principals().get(i);
            String where = "access file " + file + ", principal " + (i + 1)
                    + (entry.name() == null ? "" : " ('" + entry.name() + "')") + ": ";
            try {
                Caller caller = caller(entry, names);
                if (entry.tokenSha256() != null) {
                    String hash = entry.tokenSha256().toLowerCase(Locale.ROOT);
                    if (!hashes.add(hash)) {
                        throw new IllegalArgumentException("the same token_sha256 as an earlier principal");
                    }
                    tokenHolders.add(new Principals.TokenHolder(HexFormat.of().parseHex(hash), caller));
                } else if (bySubject.putIfAbsent(subject(entry.certificateSubject()), caller) != null) {
                    throw new IllegalArgumentException("the same certificate_subject as an earlier principal");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return new Principals(tokenHolders, bySubject);
    }

    private static Caller caller(Entry entry, Set<String> names) {
        if (entry.name() == null || entry.name().isBlank()) {
            throw new IllegalArgumentException("needs a name");
        }
        if (!names.add(entry.name())) {
            throw new IllegalArgumentException("the name is used by an earlier principal");
        }
        if (entry.agency() == null || entry.agency().isBlank()) {
            throw new IllegalArgumentException("needs an agency");
        }
        if ((entry.tokenSha256() == null) == (entry.certificateSubject() == null)) {
            throw new IllegalArgumentException("needs exactly one of token_sha256 and certificate_subject");
        }
        if (entry.tokenSha256() != null
                && !SHA256_HEX.matcher(entry.tokenSha256().toLowerCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException("token_sha256 must be 64 hex digits (`./ridgeline token` prints it)");
        }
        List<Grant> grants = new ArrayList<>();
        for (GrantEntry grant : entry.grants() == null ? List.<GrantEntry>of() : entry.grants()) {
            grants.add(grant(grant));
        }
        Optional<WorkClass> priority = entry.priority() == null ? Optional.empty()
                : Optional.of(WorkClass.parse(entry.priority()));
        return new Caller(entry.name(), entry.agency(), grants, entry.tokenSha256() != null ? "token" : "certificate",
                priority);
    }

    private static Grant grant(GrantEntry entry) {
        String gallery = entry.gallery();
        if (!Grant.ANY_GALLERY.equals(gallery)) {
            try {
                // a partner deployment's gallery is named PARTNER:GALLERY, each part a gallery-style name
                for (String part : gallery == null ? new String[] {null} : gallery.split(":", 2)) {
                    GalleryConfig.checkName(part);
                }
            } catch (EngineException e) {
                throw new IllegalArgumentException("grant: " + e.getMessage()
                        + ", or PARTNER:GALLERY for a partner's gallery, or '*' for every gallery");
            }
        }
        if (entry.roles() == null || entry.roles().isEmpty()) {
            throw new IllegalArgumentException("the grant on gallery '" + gallery + "' names no roles");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : entry.roles()) {
            roles.add(Role.parse(role));
        }
        return new Grant(gallery, roles);
    }

    private static X500Principal subject(String distinguishedName) {
        try {
            return new X500Principal(distinguishedName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certificate_subject '" + distinguishedName
                    + "' is not a distinguished name such as CN=booth-01,O=CBP,C=US");
        }
    }

    /** One principal as the access file spells it, for {@code ./ridgeline token} to print. */
    public static String entry(String name, String agency, String tokenSha256, List<Grant> grants) {
        List<GrantEntry> grantEntries = grants.stream()
                .map(g -> new GrantEntry(g.gallery(), EnumSet.copyOf(g.roles()).stream().map(Role::label).toList()))
                .toList();
        try {
            return JSON.writeValueAsString(new Entry(name, agency, tokenSha256, null, grantEntries, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a principal always serializes", e);
        }
    }
}
