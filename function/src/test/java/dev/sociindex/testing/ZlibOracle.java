package dev.sociindex.testing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.sociindex.gzip.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The system zlib ({@code libz.so.1}) through the FFM API, as an independent oracle: it places checkpoints with
 * SOCI's {@code inflate(Z_BLOCK)} loop and resumes raw inflation at a checkpoint the way the snapshotter does.
 */
public final class ZlibOracle {
    private static final int Z_OK = 0;
    private static final int Z_STREAM_END = 1;
    private static final int Z_NO_FLUSH = 0;
    private static final int Z_BLOCK = 5;
    private static final int GZIP_WINDOW_BITS = 47;
    private static final int RAW_WINDOW_BITS = -15;
    private static final int WINDOW = Checkpoint.WINDOW_SIZE;
    private static final int CHUNK = 1 << 16;

    // z_stream field offsets on LP64 (x86_64, aarch64).
    private static final long NEXT_IN = 0;
    private static final long AVAIL_IN = 8;
    private static final long NEXT_OUT = 24;
    private static final long AVAIL_OUT = 32;
    private static final long MSG = 48;
    private static final long DATA_TYPE = 88;
    private static final long Z_STREAM_SIZE = 112;

    /** What zlib's checkpoint pass found: the checkpoints and the whole uncompressed output. */
    public record Result(List<Checkpoint> checkpoints, byte[] output) {
    }

    private final MethodHandle zlibVersion;
    private final MethodHandle inflateInit2;
    private final MethodHandle inflate;
    private final MethodHandle inflateReset2;
    private final MethodHandle inflatePrime;
    private final MethodHandle inflateSetDictionary;
    private final MethodHandle inflateEnd;

    public ZlibOracle() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup zlib = SymbolLookup.libraryLookup("libz.so.1", Arena.global());
        zlibVersion = handle(linker, zlib, "zlibVersion", FunctionDescriptor.of(ADDRESS));
        inflateInit2 = handle(linker, zlib, "inflateInit2_",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        inflate = handle(linker, zlib, "inflate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        inflateReset2 = handle(linker, zlib, "inflateReset2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        inflatePrime = handle(linker, zlib, "inflatePrime",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        inflateSetDictionary = handle(linker, zlib, "inflateSetDictionary",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        inflateEnd = handle(linker, zlib, "inflateEnd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** SOCI's checkpoint pass (zran-style Z_BLOCK loop, multi-member aware) over a whole gzip blob in memory. */
    public Result checkpoints(byte[] gzip, long spanSize) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment strm = arena.allocate(Z_STREAM_SIZE, 8);
            MemorySegment input = arena.allocate(Math.max(1, gzip.length));
            MemorySegment.copy(gzip, 0, input, JAVA_BYTE, 0, gzip.length);
            MemorySegment chunk = arena.allocate(CHUNK);
            check(strm, (int) inflateInit2.invokeExact(strm, GZIP_WINDOW_BITS,
                    (MemorySegment) zlibVersion.invokeExact(), (int) Z_STREAM_SIZE), "inflateInit2_");
            strm.set(ADDRESS, NEXT_IN, input);
            strm.set(JAVA_INT, AVAIL_IN, gzip.length);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            List<long[]> points = new ArrayList<>();
            long totalIn = 0;
            long totalOut = 0;
            long last = 0;
            try {
                while (true) {
                    int availIn = strm.get(JAVA_INT, AVAIL_IN);
                    strm.set(ADDRESS, NEXT_OUT, chunk);
                    strm.set(JAVA_INT, AVAIL_OUT, CHUNK);
                    int ret = (int) inflate.invokeExact(strm, Z_BLOCK);
                    int produced = CHUNK - strm.get(JAVA_INT, AVAIL_OUT);
                    totalIn += availIn - strm.get(JAVA_INT, AVAIL_IN);
                    totalOut += produced;
                    output.write(chunk.asSlice(0, produced).toArray(JAVA_BYTE));
                    if (ret != Z_OK && ret != Z_STREAM_END) {
                        throw new IllegalStateException("zlib inflate returned " + ret + " (" + message(strm)
                                + ") at compressed offset " + totalIn);
                    }
                    int dataType = strm.get(JAVA_INT, DATA_TYPE);
                    if ((dataType & 128) != 0 && (dataType & 64) == 0
                            && (totalOut == 0 || totalOut - last > spanSize)) {
                        points.add(new long[] {totalIn, totalOut, dataType & 7});
                        last = totalOut;
                    }
                    if (ret == Z_STREAM_END) {
                        if (strm.get(JAVA_INT, AVAIL_IN) == 0) {
                            break;
                        }
                        check(strm, (int) inflateReset2.invokeExact(strm, GZIP_WINDOW_BITS), "inflateReset2");
                    }
                }
            } finally {
                int ignored = (int) inflateEnd.invokeExact(strm);
            }
            byte[] all = output.toByteArray();
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (long[] p : points) {
                checkpoints.add(new Checkpoint(p[0], p[1], (int) p[2], windowBefore(all, p[1])));
            }
            return new Result(checkpoints, all);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Resumes at a checkpoint as the snapshotter does (raw inflate, inflatePrime for the partial byte, the window
     * as dictionary; across a member end it skips the 8-byte trailer and continues in gzip mode) and returns up to
     * {@code length} uncompressed bytes.
     */
    public byte[] resume(byte[] gzip, Checkpoint checkpoint, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment strm = arena.allocate(Z_STREAM_SIZE, 8);
            int start = Math.toIntExact(checkpoint.in());
            MemorySegment input = arena.allocate(Math.max(1, gzip.length - start));
            MemorySegment.copy(gzip, start, input, JAVA_BYTE, 0, gzip.length - start);
            MemorySegment out = arena.allocate(Math.max(1, length));
            MemorySegment dictionary = arena.allocate(WINDOW);
            MemorySegment.copy(checkpoint.window(), 0, dictionary, JAVA_BYTE, 0, WINDOW);
            check(strm, (int) inflateInit2.invokeExact(strm, RAW_WINDOW_BITS,
                    (MemorySegment) zlibVersion.invokeExact(), (int) Z_STREAM_SIZE), "inflateInit2_");
            try {
                if (checkpoint.bits() != 0) {
                    int partial = (gzip[start - 1] & 0xFF) >> (8 - checkpoint.bits());
                    check(strm, (int) inflatePrime.invokeExact(strm, checkpoint.bits(), partial), "inflatePrime");
                }
                check(strm, (int) inflateSetDictionary.invokeExact(strm, dictionary, WINDOW), "inflateSetDictionary");
                strm.set(ADDRESS, NEXT_IN, input);
                strm.set(JAVA_INT, AVAIL_IN, gzip.length - start);
                strm.set(ADDRESS, NEXT_OUT, out);
                strm.set(JAVA_INT, AVAIL_OUT, length);
                boolean raw = true;
                while (strm.get(JAVA_INT, AVAIL_OUT) > 0) {
                    int ret = (int) inflate.invokeExact(strm, Z_NO_FLUSH);
                    if (ret == Z_STREAM_END) {
                        int availIn = strm.get(JAVA_INT, AVAIL_IN);
                        if (raw) {
                            // The raw stream ended at a member's last block: step over its trailer.
                            if (availIn < 8) {
                                break;
                            }
                            MemorySegment next = strm.get(ADDRESS, NEXT_IN);
                            strm.set(ADDRESS, NEXT_IN, next.reinterpret(availIn).asSlice(8));
                            strm.set(JAVA_INT, AVAIL_IN, availIn - 8);
                            availIn -= 8;
                            raw = false;
                        }
                        if (availIn == 0) {
                            break;
                        }
                        check(strm, (int) inflateReset2.invokeExact(strm, GZIP_WINDOW_BITS), "inflateReset2");
                    } else if (ret != Z_OK) {
                        throw new IllegalStateException("zlib inflate resuming at " + checkpoint.in() + " returned "
                                + ret + " (" + message(strm) + ")");
                    }
                }
            } finally {
                int ignored = (int) inflateEnd.invokeExact(strm);
            }
            int produced = length - strm.get(JAVA_INT, AVAIL_OUT);
            return out.asSlice(0, produced).toArray(JAVA_BYTE);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last 32 KiB of (32 KiB of zeros followed by output[0..out)). */
    public static byte[] windowBefore(byte[] output, long out) {
        byte[] window = new byte[WINDOW];
        int end = Math.toIntExact(out);
        int n = Math.min(WINDOW, end);
        System.arraycopy(output, end - n, window, WINDOW - n, n);
        return window;
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("libz.so.1 has no symbol " + name));
        return linker.downcallHandle(symbol, fd);
    }

    private static void check(MemorySegment strm, int ret, String call) {
        if (ret != Z_OK) {
            throw new IllegalStateException(call + " returned " + ret + " (" + message(strm) + ")");
        }
    }

    private static String message(MemorySegment strm) {
        MemorySegment msg = strm.get(ADDRESS, MSG);
        return msg.equals(MemorySegment.NULL) ? "no message" : msg.reinterpret(256).getString(0);
    }
}
