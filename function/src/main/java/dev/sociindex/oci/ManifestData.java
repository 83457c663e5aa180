package dev.sociindex.oci;

/** A manifest exactly as stored: its bytes (digests are over these), its media type and its digest. */
public record ManifestData(byte[] bytes, String mediaType, String digest) {
}
