package dev.sociindex.testing;

import dev.sociindex.bench.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * Real gzip encoders for test fixtures: GNU gzip, pigz, Java's GZIPOutputStream and Go's compress/gzip (through
 * umoci building an OCI layer). A missing tool fails the test; nothing is skipped.
 */
public final class Encoders {
    private Encoders() {
    }

    public static byte[] gnuGzip(byte[] data, int level) {
        return ExternalTool.pipe(data, "gzip", "-" + level, "-c", "-n");
    }

    public static byte[] pigz(byte[] data, String... options) {
        List<String> command = new ArrayList<>(List.of("pigz", "-c", "-n", "-p", "2"));
        command.addAll(List.of(options));
        return ExternalTool.pipe(data, command.toArray(String[]::new));
    }

    public static byte[] javaGzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 8192)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }

    /**
     * An OCI layer written by umoci, i.e. by Go's compress/gzip, holding {@code files} (name to content) in a tar.
     */
    public static byte[] goGzipLayer(Path workDir, List<String> names, List<byte[]> contents) {
        try {
            Path layout = workDir.resolve("layout");
            Path bundle = workDir.resolve("bundle");
            ExternalTool.run(workDir, "umoci", "init", "--layout", layout.toString());
            ExternalTool.run(workDir, "umoci", "new", "--image", layout + ":t");
            ExternalTool.run(workDir, "umoci", "unpack", "--rootless", "--image", layout + ":t", bundle.toString());
            for (int i = 0; i < names.size(); i++) {
                Files.write(bundle.resolve("rootfs").resolve(names.get(i)), contents.get(i));
            }
            ExternalTool.run(workDir, "umoci", "repack", "--image", layout + ":t", bundle.toString());
            try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
                List<byte[]> layers = new ArrayList<>();
                for (Path blob : blobs.toList()) {
                    byte[] bytes = Files.readAllBytes(blob);
                    if (bytes.length > 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B) {
                        layers.add(bytes);
                    }
                }
                if (layers.size() != 1) {
                    throw new IllegalStateException("expected one gzip layer from umoci, found " + layers.size());
                }
                return layers.getFirst();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzip member with every optional header field (FEXTRA, FNAME, FCOMMENT, FHCRC) around a raw deflate body. */
    public static byte[] gzipWithAllHeaderFields(byte[] data, byte[] extra) {
        byte[] plain = javaGzip(data);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x1F, (byte) 0x8B, 8, 0x02 | 0x04 | 0x08 | 0x10, 1, 2, 3, 4, 0, 3});
        header.write(extra.length & 0xFF);
        header.write(extra.length >>> 8);
        header.writeBytes(extra);
        header.writeBytes("name-of-file.tar\0".getBytes(StandardCharsets.ISO_8859_1));
        header.writeBytes("a comment, with a comma\0".getBytes(StandardCharsets.ISO_8859_1));
        CRC32 crc = new CRC32();
        crc.update(header.toByteArray());
        header.write((int) crc.getValue() & 0xFF);
        header.write((int) (crc.getValue() >>> 8) & 0xFF);
        // GZIPOutputStream writes a plain 10-byte header; keep its deflate body and trailer.
        header.write(plain, 10, plain.length - 10);
        return header.toByteArray();
    }

    /**
     * Deterministic data of mixed compressibility: text-like records, long runs, and random stretches (which
     * encoders store or code with fixed/dynamic Huffman tables), about {@code size} bytes.
     */
    public static byte[] mixedData(long seed, int size) {
        Random random = new Random(seed);
        String[] words = {"layer", "span", "checkpoint", "gzip", "deflate", "window", "index", "manifest", "tar",
                "the", "of", "and", "snapshotter", "lazy", "blob", "digest", "sha256", "container", "image", "zlib"};
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 70000);
        while (out.size() < size) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                StringBuilder text = new StringBuilder();
                int count = 200 + random.nextInt(4000);
                for (int i = 0; i < count; i++) {
                    text.append(words[random.nextInt(words.length)]);
                    text.append(random.nextInt(8) == 0 ? "\n" : " ");
                    if (random.nextInt(20) == 0) {
                        text.append(random.nextInt(100000));
                    }
                }
                out.writeBytes(text.toString().getBytes(StandardCharsets.US_ASCII));
            } else if (kind < 8) {
                byte[] noise = new byte[1000 + random.nextInt(60000)];
                random.nextBytes(noise);
                out.writeBytes(noise);
            } else if (kind == 8) {
                byte[] run = new byte[100 + random.nextInt(20000)];
                java.util.Arrays.fill(run, (byte) random.nextInt(256));
                out.writeBytes(run);
            } else {
                byte[] pattern = new byte[2 + random.nextInt(30)];
                random.nextBytes(pattern);
                int repeats = 10 + random.nextInt(500);
                for (int i = 0; i < repeats; i++) {
                    out.writeBytes(pattern);
                }
            }
        }
        return java.util.Arrays.copyOf(out.toByteArray(), size);
    }

    public static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
