package dev.ridgeline.server.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The certificate a TLS client presented, for the services that name callers by it. */
public final class ClientCertificates {

    private ClientCertificates() {
    }

    /** The client's own (first) certificate, or null without TLS or when the client presented none. */
    public static X509Certificate of(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // TLS without a client certificate
        }
    }
}
