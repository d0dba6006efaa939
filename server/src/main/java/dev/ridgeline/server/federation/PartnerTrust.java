package dev.ridgeline.server.federation;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Certificate checks of partner connections. Partners' CAs are not trusted for anything but their
 * own partner: a certificate counts only when the CA pinned for a partner issued it directly and it
 * names that partner's pinned subject. No system CA, no intermediate and no host name is trusted instead.
 */
final class PartnerTrust {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private PartnerTrust() {
    }

    /**
     * The answering side's handshake: a client certificate issued by some partner's CA in the current
     * file. Which partner it is (CA and subject) is decided per call, so that a partner CA issuing a
     * certificate in another partner's name is refused, and audited, as a call.
     */
    static X509ExtendedTrustManager forPartnerClients(Supplier<Partners> partners) {
        return new Base() {
            @Override
            void check(X509Certificate leaf) throws CertificateException {
                if (!partners.get().issuedByAnyPartnerCa(leaf)) {
                    throw new CertificateException("the client certificate '" + leaf.getSubjectX500Principal().getName()
                            + "' issued by '" + leaf.getIssuerX500Principal().getName()
                            + "' is not issued by the CA of any partner in the partner file");
                }
            }
        };
    }

    /** The asking side's handshake: the server must present exactly this partner's pinned identity. */
    static X509ExtendedTrustManager forPartnerServer(Partner partner) {
        return new Base() {
            @Override
            void check(X509Certificate leaf) throws CertificateException {
                if (!partner.presentedBy(leaf)) {
                    throw new CertificateException("the server at " + partner.endpoint() + " presented '"
                            + leaf.getSubjectX500Principal().getName() + "' issued by '"
                            + leaf.getIssuerX500Principal().getName() + "', not the pinned identity of partner '"
                            + partner.name() + "' ('" + partner.subject().getName() + "' issued by '"
                            + partner.ca().getSubjectX500Principal().getName() + "')");
                }
            }
        };
    }

    /** Checks the first certificate of the peer's chain whichever way the TLS engine asks. */
    private abstract static class Base extends X509ExtendedTrustManager {

        abstract void check(X509Certificate leaf) throws CertificateException;

        private void checkChain(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the peer presented no certificate");
            }
            check(chain[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            checkChain(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            checkChain(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkChain(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkChain(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkChain(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkChain(chain);
        }

        /** None named: a client then presents its one certificate whoever issued it, and the check above decides. */
        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return NO_ISSUERS;
        }
    }
}
