package dev.sociindex.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which TLS certificates a registry client trusts: the JDK's CAs (the default), the CAs of a PEM bundle (a private
 * registry's own CA, like skopeo's per-side cert options), or, with verification off, any certificate for any name.
 *
 * @param context the SSL context to use; empty for the JDK's default
 */
public record RegistryTls(Optional<SSLContext> context, String description) {
    public static RegistryTls system() {
        return new RegistryTls(Optional.empty(), "the JDK's CA certificates");
    }

    /** Trusts the certificates in {@code bundle} (PEM or DER, one or more) and nothing else. */
    public static RegistryTls caBundle(Path bundle) throws IOException {
        try (InputStream in = Files.newInputStream(bundle)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException(bundle + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new RegistryTls(Optional.of(context), "the CA certificates in " + bundle);
        } catch (GeneralSecurityException e) {
            throw new IOException(bundle + " is not a certificate bundle (PEM): " + e.getMessage(), e);
        }
    }

    /** {@code --tls-verify=false}: no certificate or host name check, as skopeo's option of that name. */
    public static RegistryTls insecure() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, null);
            return new RegistryTls(Optional.of(context), "any certificate (verification off)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS context", e);
        }
    }

    /**
     * An extended trust manager that accepts every chain. Being an {@link X509ExtendedTrustManager}, it also owns
     * the host name check (JSSE leaves endpoint identification to such managers), which it skips as well.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
