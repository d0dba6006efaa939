package dev.ridgeline.cluster;

import dev.ridgeline.cluster.postgres.TestPostgres;
import dev.ridgeline.engine.store.KeyRing;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Cluster tests over one real PostgreSQL per test class, with store keys made to order. */
abstract class PostgresBackedTest {

    static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    /** A store key named {@code id} whose 32 bytes all hold {@code fill}: distinct fills, distinct keys. */
    static KeyRing storeKey(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return KeyRing.parse(id + "=" + Base64.getEncoder().encodeToString(secret), "test");
    }
}
