package dev.ridgeline.engine.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a store may read, and the one it writes with. Without a current key new records are
 * written plain (the format of stores made before encryption existed); plain records are always
 * readable, so a plain store can be opened with a key and re-encrypted.
 *
 * <p>Text form (a key file, or the {@code RIDGELINE_STORE_KEY} variable): one key per line,
 * {@code id=BASE64} or just {@code BASE64} (the id is then derived from the key), blank lines and
 * {@code #} comments ignored. The first key is the current one; the others are only read.
 */
public final class KeyRing {

    /** No keys: records are written plain and encrypted ones cannot be read. */
    public static final KeyRing NONE = new KeyRing(null, List.of());

    private final StoreKey current;
    private final Map<String, StoreKey> byId = new LinkedHashMap<>();

    private KeyRing(StoreKey current, List<StoreKey> keys) {
        this.current = current;
        for (StoreKey key : keys) {
            StoreKey previous = byId.putIfAbsent(key.id(), key);
            if (previous != null && !previous.equals(key)) {
                throw new IllegalArgumentException("two different keys share the id '" + key.id() + "'");
            }
        }
    }

    /** The first key writes, every key reads. */
    public static KeyRing of(List<StoreKey> keys) {
        return keys.isEmpty() ? NONE : new KeyRing(keys.getFirst(), keys);
    }

    /** Parses the text form; {@code source} names where it came from in error messages. */
    public static KeyRing parse(String text, String source) {
        List<StoreKey> keys = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(parseKey(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no key");
        }
        return of(keys);
    }

    public static KeyRing read(Path keyFile) {
        try {
            return parse(Files.readString(keyFile, StandardCharsets.UTF_8), "key file " + keyFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static StoreKey parseKey(String line) {
        int equals = line.indexOf('=');
        // Base64 may end in '=', so an id is only what precedes an '=' that is not padding.
        boolean named = equals > 0 && !line.substring(equals).matches("=+");
        String encoded = named ? line.substring(equals + 1).strip() : line;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not base64 (" + e.getMessage() + ")", e);
        }
        return named ? new StoreKey(line.substring(0, equals).strip(), key) : StoreKey.withDerivedId(key);
    }

    /** This ring's current key, reading with the other's keys too (re-encryption reads both). */
    public KeyRing readingAlso(KeyRing other) {
        List<StoreKey> keys = new ArrayList<>();
        if (current != null) {
            keys.add(current);
        }
        keys.addAll(byId.values());
        keys.addAll(other.byId.values());
        return new KeyRing(current, keys);
    }

    /** The key new records are sealed with; empty means they are written plain. */
    public Optional<StoreKey> current() {
        return Optional.ofNullable(current);
    }

    Optional<StoreKey> key(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean encrypts() {
        return current != null;
    }

    @Override
    public String toString() {
        return current == null ? "no key (plain)" : "current key id " + current.id() + ", reads " + byId.keySet();
    }
}
