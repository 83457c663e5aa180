package dev.sociindex.archfixture.upward.store;

/** Stands in for an image store. */
public interface Store {
}
