package dev.ridgeline.cluster.postgres;

import dev.ridgeline.engine.EngineException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Connections kept open between transactions. Writes arrive on Hazelcast's partition threads, one
 * per core, so a handful suffices; a connection that failed is closed rather than reused. While
 * PostgreSQL is unreachable every transaction fails UNAVAILABLE; once it is back, new connections
 * are made, so no restart is needed.
 */
final class ConnectionPool implements AutoCloseable {

    private static final int KEPT_IDLE = 8;
    /** A connection idle this long is checked before use: the server may have restarted meanwhile. */
    private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int CHECK_TIMEOUT_SECONDS = 2;
    /** Fail fast while the server is down rather than hold a partition thread. */
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private record Idle(Connection connection, long since) {
    }

    private final PostgresSettings settings;
    private final BlockingQueue<Idle> idle = new ArrayBlockingQueue<>(KEPT_IDLE);

    ConnectionPool(PostgresSettings settings) {
        this.settings = settings;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(Work<T> work) {
        Connection connection = borrow();
        try {
            T result = work.run(connection);
            connection.commit();
            release(connection);
            return result;
        } catch (SQLException e) {
            discard(connection);
            if (lostConnection(e)) {
                discardIdle();
                throw unreachable(e);
            }
            throw new EngineException(EngineException.Kind.STORAGE_FAILURE,
                    "PostgreSQL refused the transaction: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            discard(connection);
            throw e;
        }
    }

    /** SQLSTATE class 08 is a connection exception; 57P01-57P03 mean the server is shutting down or starting. */
    private static boolean lostConnection(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private EngineException unreachable(SQLException e) {
        return new EngineException(EngineException.Kind.UNAVAILABLE,
                "PostgreSQL at " + settings.jdbcUrl() + " is unreachable: " + e.getMessage(), e);
    }

    private Connection borrow() {
        for (Idle kept = idle.poll(); kept != null; kept = idle.poll()) {
            if (System.nanoTime() - kept.since() < CHECK_AFTER_IDLE_NANOS || valid(kept.connection())) {
                return kept.connection();
            }
            discard(kept.connection());
        }
        try {
            Connection connection = DriverManager.getConnection(settings.jdbcUrl(),
                    settings.connectionProperties(CONNECT_TIMEOUT_SECONDS));
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    private static boolean valid(Connection connection) {
        try {
            return connection.isValid(CHECK_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private void release(Connection connection) {
        if (!idle.offer(new Idle(connection, System.nanoTime()))) {
            discard(connection);
        }
    }

    private void discardIdle() {
        for (Idle kept = idle.poll(); kept != null; kept = idle.poll()) {
            discard(kept.connection());
        }
    }

    private static void discard(Connection connection) {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException ignored) {
            // already broken: nothing more to release
        }
    }

    @Override
    public void close() {
        discardIdle();
    }
}
