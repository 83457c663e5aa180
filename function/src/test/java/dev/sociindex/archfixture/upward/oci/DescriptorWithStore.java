package dev.sociindex.archfixture.upward.oci;

import dev.sociindex.archfixture.upward.store.Store;

/** A value that holds a store: the bottom tier using a higher one. */
public record DescriptorWithStore(String digest, Store store) {
}
