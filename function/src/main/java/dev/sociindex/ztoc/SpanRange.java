package dev.sociindex.ztoc;

/** A half-open byte range {@code [start, end)} of a layer blob covered by one span. */
public record SpanRange(long start, long end) {
    public long length() {
        return end - start;
    }
}
