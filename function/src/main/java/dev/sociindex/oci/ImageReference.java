package dev.sociindex.oci;

import java.nio.file.Path;
import java.util.Locale;

/**
 * An image as the CLI names it, parsed but not opened:
 * <ul>
 *   <li>{@code HOST[:PORT]/REPO[:TAG|@DIGEST]} (an optional {@code docker://} prefix is accepted) — a registry;</li>
 *   <li>{@code oci:DIR[:TAG|@DIGEST]} — an OCI image layout folder;</li>
 *   <li>{@code oci-archive:FILE[:TAG|@DIGEST]} — an OCI layout in a tar file.</li>
 * </ul>
 * The tag defaults to {@code latest}. As in skopeo, the path ends at the first {@code :}. Docker Hub short names
 * ({@code ubuntu}, {@code library/ubuntu}) are not supported: the first path component must be a host.
 *
 * @param location  where the image lives
 * @param reference a tag or {@code sha256:} digest
 */
public record ImageReference(Location location, String reference) {
    public static final String DEFAULT_TAG = "latest";

    /** Where an image lives. */
    public sealed interface Location {
    }

    public record RegistryLocation(RegistryEndpoint endpoint, String repository) implements Location {
    }

    public record LayoutLocation(Path directory) implements Location {
    }

    public record ArchiveLocation(Path file) implements Location {
    }

    /**
     * @param forcePlainHttp use {@code http://} for a registry even when it is not on loopback
     */
    public static ImageReference parse(String text, boolean forcePlainHttp) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty image reference");
        }
        if (text.startsWith("oci:")) {
            PathAndReference parts = splitPath(text, "oci:");
            return new ImageReference(new LayoutLocation(Path.of(parts.path())), parts.reference());
        }
        if (text.startsWith("oci-archive:")) {
            PathAndReference parts = splitPath(text, "oci-archive:");
            return new ImageReference(new ArchiveLocation(Path.of(parts.path())), parts.reference());
        }
        String rest = text.startsWith("docker://") ? text.substring("docker://".length()) : text;
        return parseRegistry(text, rest, forcePlainHttp);
    }

    private record PathAndReference(String path, String reference) {
    }

    private static PathAndReference splitPath(String text, String prefix) {
        String body = text.substring(prefix.length());
        String path;
        String reference;
        int at = body.indexOf('@');
        int colon = body.indexOf(':');
        if (at >= 0 && (colon < 0 || at < colon)) {
            path = body.substring(0, at);
            reference = body.substring(at + 1);
        } else if (colon >= 0) {
            path = body.substring(0, colon);
            reference = body.substring(colon + 1);
        } else {
            path = body;
            reference = DEFAULT_TAG;
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no path after " + prefix);
        }
        return new PathAndReference(path, checkedReference(text, reference));
    }

    private static ImageReference parseRegistry(String text, String rest, boolean forcePlainHttp) {
        int slash = rest.indexOf('/');
        String host = slash < 0 ? "" : rest.substring(0, slash);
        boolean looksLikeHost = host.contains(".") || host.contains(":") || host.equals("localhost");
        if (!looksLikeHost) {
            throw new IllegalArgumentException("'" + text + "' is not a full image reference: short Docker Hub names"
                    + " are not supported; write HOST[:PORT]/REPOSITORY[:TAG|@DIGEST] (e.g."
                    + " 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0), oci:DIR[:TAG] or oci-archive:FILE[:TAG]");
        }
        String path = rest.substring(slash + 1);
        String repository;
        String reference;
        int at = path.indexOf('@');
        if (at >= 0) {
            // repo:tag@digest names the digest; the tag is informational
            String beforeDigest = path.substring(0, at);
            int tagColon = beforeDigest.lastIndexOf(':');
            repository = tagColon > beforeDigest.lastIndexOf('/') && tagColon >= 0
                    ? beforeDigest.substring(0, tagColon) : beforeDigest;
            reference = path.substring(at + 1);
        } else {
            int colon = path.lastIndexOf(':');
            boolean hasTag = colon > path.lastIndexOf('/');
            repository = hasTag ? path.substring(0, colon) : path;
            reference = hasTag ? path.substring(colon + 1) : DEFAULT_TAG;
        }
        if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + text + "': repository names are lower-case");
        }
        try {
            Names.requireRepository(repository);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
        RegistryEndpoint endpoint;
        try {
            endpoint = RegistryEndpoint.forHost(host, forcePlainHttp);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
        return new ImageReference(new RegistryLocation(endpoint, repository), checkedReference(text, reference));
    }

    private static String checkedReference(String text, String reference) {
        try {
            return Names.requireReference(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }
}
