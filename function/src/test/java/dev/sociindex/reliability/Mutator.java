package dev.sociindex.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded byte-level mutations of corpus inputs, in the spirit of libFuzzer's: bit flips, interesting bytes and
 * integers, ASCII numbers (tar's octal fields and JSON's numbers are text), inserted, deleted and duplicated ranges,
 * truncation and splicing with another input. One to four mutations are stacked per input.
 */
final class Mutator {
    private static final byte[][] TOKENS = ascii("0", "-1", "77777777777", "777777777777777777777", "99999999999999999999",
            "1e308", "null", "true", "\"\"", "[]", "{}", "\u0000", "../", "/", "path=", "size=", "linkpath=",
            "GNU.sparse.", "ustar\u000000", "ustar  \u0000", "\"mediaType\"", "\"layers\"", "\"manifests\"", "\"detail\"",
            "\"size\":", "\"digest\":\"sha256:", "99999999999999999 path=x\n", "\u00ff\u00ff\u00ff\u00ff");
    private static final int[] INTERESTING = {0, 1, 0x7f, 0x80, 0xff, 0x1f, 0x8b, 0x08, '0', '7', ' '};

    private final Random random;
    private final List<byte[]> corpus;

    Mutator(long seed, List<byte[]> corpus) {
        this.random = new Random(seed);
        this.corpus = corpus;
    }

    byte[] next() {
        byte[] data = corpus.get(random.nextInt(corpus.size())).clone();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            data = mutate(data);
        }
        return data;
    }

    private byte[] mutate(byte[] data) {
        if (data.length == 0) {
            return token();
        }
        int at = random.nextInt(data.length);
        return switch (random.nextInt(10)) {
            case 0 -> flip(data, at);
            case 1 -> set(data, at, (byte) INTERESTING[random.nextInt(INTERESTING.length)]);
            case 2 -> set(data, at, (byte) random.nextInt(256));
            case 3 -> overwrite(data, at, token());
            case 4 -> insert(data, at, token());
            case 5 -> delete(data, at, 1 + random.nextInt(Math.min(512, data.length - at)));
            case 6 -> duplicate(data, at, 1 + random.nextInt(Math.min(512, data.length - at)));
            case 7 -> Arrays.copyOf(data, at);
            case 8 -> splice(data, at);
            default -> overwrite(data, at, integer());
        };
    }

    private static byte[] flip(byte[] data, int at) {
        data[at] ^= (byte) (1 << (at % 8));
        return data;
    }

    private static byte[] set(byte[] data, int at, byte value) {
        data[at] = value;
        return data;
    }

    private static byte[] overwrite(byte[] data, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, data, at, Math.min(bytes.length, data.length - at));
        return data;
    }

    private static byte[] insert(byte[] data, int at, byte[] bytes) {
        byte[] out = new byte[data.length + bytes.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(data, at, out, at + bytes.length, data.length - at);
        return out;
    }

    private static byte[] delete(byte[] data, int at, int count) {
        byte[] out = new byte[data.length - count];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(data, at + count, out, at, data.length - at - count);
        return out;
    }

    private static byte[] duplicate(byte[] data, int at, int count) {
        return insert(data, at, Arrays.copyOfRange(data, at, at + count));
    }

    private byte[] splice(byte[] data, int at) {
        byte[] other = corpus.get(random.nextInt(corpus.size()));
        if (other.length == 0) {
            return data;
        }
        int from = random.nextInt(other.length);
        byte[] out = Arrays.copyOf(data, at + other.length - from);
        System.arraycopy(other, from, out, at, other.length - from);
        return out;
    }

    private byte[] token() {
        return TOKENS[random.nextInt(TOKENS.length)];
    }

    /** A little-endian 2, 4 or 8 byte integer near a boundary (gzip ISIZE, FlatBuffers offsets, lengths). */
    private byte[] integer() {
        long[] values = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF, 0x8000, Long.MAX_VALUE, 1L << 32,
                random.nextInt()};
        long value = values[random.nextInt(values.length)];
        int width = new int[]{2, 4, 8}[random.nextInt(3)];
        byte[] out = new byte[width];
        for (int i = 0; i < width; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    private static byte[][] ascii(String... tokens) {
        return Arrays.stream(tokens).map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
    }
}
