package dev.sociindex.oci;

/** A manifest or index whose JSON cannot be decoded into the OCI structures; the message says where. */
public class ManifestFormatException extends IllegalArgumentException {
    public ManifestFormatException(String message) {
        super(message);
    }

    public ManifestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
