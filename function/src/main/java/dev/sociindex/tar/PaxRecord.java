package dev.sociindex.tar;

import dev.sociindex.bytes.RawBytes;

/** One PAX extended-header record, key and value kept as raw bytes. */
public record PaxRecord(RawBytes key, RawBytes value) {
}
