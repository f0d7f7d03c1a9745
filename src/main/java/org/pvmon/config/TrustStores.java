package org.pvmon.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of the broker connection: the CAs the broker's certificate must chain to, from {@code mqtt.truststore}
 * (a PKCS12 or JKS keystore with {@code mqtt.truststore-password}, or a PEM file of CA certificates, e.g. the
 * {@code ca.crt} mosquitto's {@code cafile} names). Read once per connection factory; a file that cannot be read stops
 * the start naming the setting.
 */
public final class TrustStores {
    private TrustStores() {
    }

    /** The socket factory for {@code mqtt}'s TLS connections, or null when its url is not TLS or no truststore is set (the JVM's CAs). */
    public static SSLSocketFactory socketFactory(Config.Mqtt mqtt) {
        SSLContext ctx = context(mqtt);
        return ctx == null ? null : ctx.getSocketFactory();
    }

    /** The TLS context for {@code mqtt}'s connections, or null when its url is not TLS or no truststore is set (the JVM's CAs). */
    public static SSLContext context(Config.Mqtt mqtt) {
        if (!mqtt.tls() || mqtt.truststore().isEmpty()) return null;
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(Path.of(mqtt.truststore()), mqtt.truststorePassword()));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("mqtt.truststore (PVMON_MQTT_TRUSTSTORE): cannot read " + mqtt.truststore() + ": " + e.getMessage());
        }
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        KeyStore ks;
        if (new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(file)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) throw new GeneralSecurityException("no certificate in the PEM file");
            int i = 0;
            for (Certificate c : certs) ks.setCertificateEntry("ca-" + i++, c);
        } else {
            // PKCS12 by default; Java 17 reads a JKS file through the same type (keystore.type.compat)
            ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, password.isEmpty() ? null : password.toCharArray());
            }
        }
        return ks;
    }
}
