package dev.sociindex.lambda;

import java.util.Locale;

/**
 * Where the registry of an event lives: {@code host[:port]} and whether it speaks plain HTTP. ECR is always HTTPS;
 * plain HTTP exists for the local registry that tests and local runs use.
 */
public record RegistryAddress(String host, boolean plainHttp) {

    public RegistryAddress {
        if (host == null || host.isBlank() || host.contains("/")) {
            throw new IllegalArgumentException("registry host must be 'host' or 'host:port', was '" + host + "'");
        }
    }

    /** The private ECR registry of an account in a region ({@code .com.cn} in the China partition). */
    public static RegistryAddress ecr(String account, String region) {
        String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return new RegistryAddress(account + ".dkr.ecr." + region + "." + domain, false);
    }

    /**
     * Parses an endpoint override: {@code http://host:port} or {@code https://host:port} say the scheme; a bare
     * {@code host:port} means plain HTTP only for a loopback host (a registry on this machine), HTTPS otherwise.
     */
    public static RegistryAddress parseOverride(String endpoint) {
        String text = endpoint.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://")) {
            return new RegistryAddress(stripSlash(text.substring("http://".length())), true);
        }
        if (lower.startsWith("https://")) {
            return new RegistryAddress(stripSlash(text.substring("https://".length())), false);
        }
        String host = stripSlash(text);
        return new RegistryAddress(host, isLoopback(host));
    }

    static boolean isLoopback(String hostAndPort) {
        String host = hostAndPort;
        if (host.startsWith("[")) {
            host = host.substring(1, host.indexOf(']') < 0 ? host.length() : host.indexOf(']'));
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static String stripSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
