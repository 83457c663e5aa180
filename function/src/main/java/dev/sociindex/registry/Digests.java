package dev.sociindex.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** {@code sha256:<hex>} digests: the only algorithm SOCI and ECR use. */
public final class Digests {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern ANY_DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    private Digests() {
    }

    public static String sha256(byte[] content) {
        return "sha256:" + HexFormat.of().formatHex(newSha256().digest(content));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String format(MessageDigest sha256) {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    /** True when a reference is written as a digest ({@code algorithm:encoded}) rather than a tag. */
    public static boolean isDigest(String reference) {
        return reference.indexOf(':') > 0 && ANY_DIGEST.matcher(reference).matches();
    }

    /** Rejects anything but a well-formed sha256 digest; also keeps digests safe to use as file names. */
    public static String requireSha256(String digest) {
        if (digest == null || !SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest (sha256: and 64 lower-case hex digits): '"
                    + digest + "'");
        }
        return digest;
    }

    /** The 64 hex digits of a sha256 digest. */
    public static String hex(String digest) {
        return requireSha256(digest).substring("sha256:".length());
    }
}
