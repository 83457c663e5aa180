package dev.sociindex.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * The error codes of the OCI distribution spec ({@code errors[].code} of an error response), plus
 * {@code TOOMANYREQUESTS}, which Docker Hub and distribution send with 429. Code decides on them, never on the
 * message text around them.
 */
public enum RegistryErrorCode {
    BLOB_UNKNOWN,
    BLOB_UPLOAD_INVALID,
    BLOB_UPLOAD_UNKNOWN,
    DIGEST_INVALID,
    MANIFEST_BLOB_UNKNOWN,
    MANIFEST_INVALID,
    MANIFEST_UNKNOWN,
    NAME_INVALID,
    NAME_UNKNOWN,
    SIZE_INVALID,
    UNAUTHORIZED,
    DENIED,
    UNSUPPORTED,
    TOOMANYREQUESTS;

    /** The code named by {@code text}, ignoring case; empty for codes outside the spec. */
    public static Optional<RegistryErrorCode> parse(String text) {
        try {
            return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException notInTheSpec) {
            return Optional.empty();
        }
    }
}
