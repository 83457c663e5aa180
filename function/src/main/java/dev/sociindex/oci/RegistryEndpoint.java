package dev.sociindex.oci;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a registry answers: {@code host[:port]} and whether it speaks plain HTTP. TLS, when used, is always verified.
 *
 * @param host      host name or IP literal with an optional port, e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com}
 *                  or {@code 127.0.0.1:5000} or {@code [::1]:5000}
 * @param plainHttp true for {@code http://}, false for {@code https://}
 */
public record RegistryEndpoint(String host, boolean plainHttp) {
    private static final Pattern HOST_PORT =
            Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+])(?::[0-9]{1,5})?");

    public RegistryEndpoint {
        if (host == null || !HOST_PORT.matcher(host).matches()) {
            throw new IllegalArgumentException("not a registry host[:port]: '" + host + "'");
        }
    }

    /**
     * The endpoint for a host as users write it. Loopback hosts ({@code localhost}, {@code 127.0.0.1}, {@code [::1]},
     * any port) default to plain HTTP, like Docker's own client does for local registries; every other host uses HTTPS
     * unless {@code forcePlainHttp} says otherwise.
     */
    public static RegistryEndpoint forHost(String host, boolean forcePlainHttp) {
        RegistryEndpoint probe = new RegistryEndpoint(host, false);
        String name = probe.hostName().toLowerCase(Locale.ROOT);
        boolean loopback = name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
        return new RegistryEndpoint(host, forcePlainHttp || loopback);
    }

    /** The host without the port (IPv6 literals keep their brackets). */
    public String hostName() {
        int bracket = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        return colon > bracket ? host.substring(0, colon) : host;
    }

    /** {@code http(s)://host[:port]}, the base every {@code /v2/...} path is resolved against. */
    public URI baseUri() {
        return URI.create((plainHttp ? "http" : "https") + "://" + host);
    }
}
