package dev.ridgeline.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    static String base64(int fill) {
        byte[] key = new byte[StoreKey.KEY_BYTES];
        java.util.Arrays.fill(key, (byte) fill);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void firstKeyIsCurrentAndEveryKeyReads() {
        KeyRing ring = KeyRing.parse("# rotated 2026-11\n\nnew=" + base64(2) + "\nold=" + base64(1) + "\n", "test");
        assertThat(ring.current()).map(StoreKey::id).contains("new");
        assertThat(ring.key("old")).isPresent();
        assertThat(ring.key("other")).isEmpty();
    }

    @Test
    void aBareKeyIsNamedByItsHash() {
        KeyRing ring = KeyRing.parse(base64(7), "RIDGELINE_STORE_KEY");
        assertThat(ring.current().orElseThrow().id()).matches("[0-9a-f]{8}")
                .isEqualTo(StoreKey.withDerivedId(Base64.getDecoder().decode(base64(7))).id())
                .isNotEqualTo(StoreKey.withDerivedId(Base64.getDecoder().decode(base64(8))).id());
    }

    @Test
    void badKeysAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> KeyRing.parse("k=" + base64(1) + "\nshort=AAAA", "key file k.txt"))
                .hasMessage("key file k.txt line 2: key 'short' has 3 bytes; AES-256 needs 32");
        assertThatThrownBy(() -> KeyRing.parse("k=not base64!", "key file k.txt"))
                .hasMessageStartingWith("key file k.txt line 1: the key is not base64");
        assertThatThrownBy(() -> KeyRing.parse("# nothing\n", "key file k.txt")).hasMessage("key file k.txt holds no key");
        assertThatThrownBy(() -> KeyRing.parse("k=" + base64(1) + "\nk=" + base64(2), "f"))
                .hasMessage("two different keys share the id 'k'");
    }

    @Test
    void toStringNeverShowsKeyMaterial() {
        KeyRing ring = KeyRing.parse("k=" + base64(3), "test");
        assertThat(ring.toString()).doesNotContain(base64(3)).contains("k");
    }
}
