package dev.ridgeline.cluster.postgres;

import java.util.Properties;

/**
 * Where the system of record is: a JDBC URL and the credentials to log in with. The credentials
 * come from a file or the environment, never the command line (where every user of the machine
 * could read them).
 */
public record PostgresSettings(String jdbcUrl, String user, String password) {

    public PostgresSettings {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the PostgreSQL address must be a jdbc:postgresql: URL, got '"
                    + jdbcUrl + "'");
        }
    }

    Properties connectionProperties(int connectTimeoutSeconds) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "ridgeline");
        return properties;
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + jdbcUrl + " as " + user + "]";
    }
}
