package dev.ridgeline.server.federation;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A partner deployment: where it answers, the CA that issues its certificates, the certificate
 * subject it must present (its pinned identity, both when it calls and when it answers), and what
 * it may ask of this deployment.
 *
 * @param endpoint         HOST:PORT of its federation port; null when this deployment never asks it
 * @param sendsProbeImages whether its half of the agreement accepts probe images from this deployment
 *                         (federated queries then send the caller's images, not templates)
 * @param subscriptions    the partner's galleries this deployment keeps a read-only copy of
 */
public record Partner(String name, String endpoint, X509Certificate ca, X500Principal subject, Agreement agreement,
                      boolean sendsProbeImages, List<Subscription> subscriptions) {

    public Partner {
        subscriptions = List.copyOf(subscriptions);
    }

    /** Whether {@code certificate} is this partner's: issued by its CA, with its subject, and valid now. */
    boolean presentedBy(X509Certificate certificate) {
        return subject.equals(certificate.getSubjectX500Principal()) && issuedByCa(certificate);
    }

    /** Whether this partner's CA signed {@code certificate}, and both are valid now. */
    boolean issuedByCa(X509Certificate certificate) {
        if (!ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            certificate.checkValidity();
            ca.checkValidity();
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
