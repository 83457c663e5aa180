package dev.sociindex.oci;

/** A value with one Go-canonical JSON form. */
public interface CanonicalJson {
    void writeTo(GoJson json);

    /** The exact bytes Go's {@code json.Marshal} produces for the equivalent Go value. */
    default byte[] toJson() {
        GoJson json = new GoJson();
        writeTo(json);
        return json.toByteArray();
    }
}
