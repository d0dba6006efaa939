package dev.ridgeline.cluster.postgres;

import dev.ridgeline.engine.EngineException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Connections kept open between transactions. Writes arrive on Hazelcast's partition threads, one
 * per core, so a handful suffices; a connection that failed is closed rather than reused.
 */
final class ConnectionPool implements AutoCloseable {

    private static final int KEPT_IDLE = 8;

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final PostgresSettings settings;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(KEPT_IDLE);

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
        } catch (SQLException | RuntimeException e) {
            discard(connection);
            if (e instanceof EngineException engineException) {
                throw engineException;
            }
            throw new EngineException(EngineException.Kind.STORAGE_FAILURE,
                    "PostgreSQL refused the transaction: " + e.getMessage(), e);
        }
    }

    private Connection borrow() {
        Connection connection = idle.poll();
        if (connection != null) {
            return connection;
        }
        try {
            connection = DriverManager.getConnection(settings.jdbcUrl(), settings.connectionProperties());
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw new EngineException(EngineException.Kind.STORAGE_FAILURE,
                    "cannot connect to PostgreSQL at " + settings.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    private void release(Connection connection) {
        if (!idle.offer(connection)) {
            discard(connection);
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
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            discard(connection);
        }
    }
}
