package dev.sociindex.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Content digests as OCI writes them: {@code sha256:} and 64 lowercase hex digits. */
public final class Digests {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern ANY_DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    private Digests() {
    }

    public static String sha256(byte[] content) {
        return "sha256:" + HexFormat.of().formatHex(newSha256().digest(content));
    }

    /** Completes a running SHA-256 (see {@link #newSha256()}) as a digest string. */
    public static String sha256(MessageDigest running) {
        return "sha256:" + HexFormat.of().formatHex(running.digest());
    }

    /** The digest of a file's content, read in one pass. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return sha256(sha);
    }

    public static boolean isSha256(String digest) {
        return SHA256.matcher(digest).matches();
    }

    /** A fresh SHA-256 instance (every JDK ships one, so absence is a broken runtime, not an input error). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
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
