package dev.sociindex.bytes;

/**
 * Marks an {@link java.io.InputStream} whose {@code skip(n)} really consumes the bytes it reports and returns fewer
 * than {@code n} only at the end of the stream. {@code InputStream}'s own contract promises neither (a
 * {@code FileInputStream} may skip past the end), so the tar reader skips entry data with {@code skip} only on
 * streams that declare this, and reads the data through a buffer otherwise.
 */
public interface ExactSkip {
}
