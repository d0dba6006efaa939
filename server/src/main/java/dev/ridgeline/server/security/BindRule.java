package dev.ridgeline.server.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may be exposed to what: a server reachable from other machines needs both TLS and an access
 * file; without an access file the server runs only on a loopback address, and says so loudly.
 */
public final class BindRule {

    private static final Logger LOG = LoggerFactory.getLogger("ridgeline.security");

    private BindRule() {
    }

    /** Throws {@link IllegalArgumentException} for a setup the rule refuses; warns when authentication is off. */
    public static void check(String host, boolean tls, boolean accessFile) {
        boolean loopback = isLoopback(host);
        if (!loopback && !(tls && accessFile)) {
            throw new IllegalArgumentException("refusing to listen on " + host + ", which is not a loopback address,"
                    + " without " + (tls ? "" : "TLS (--tls-cert and --tls-key)") + (tls || accessFile ? "" : " and ")
                    + (accessFile ? "" : "an access file (--access-file)")
                    + ": biometric galleries must not be open to the network. See docs/SECURITY.md.");
        }
        if (!accessFile) {
            LOG.warn("**** AUTHENTICATION IS OFF: no --access-file, so anyone who can reach {} may enroll, search"
                    + " and delete. This is allowed on a loopback address only; see docs/SECURITY.md. ****", host);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the address to listen on, '" + host + "'", e);
        }
    }
}
