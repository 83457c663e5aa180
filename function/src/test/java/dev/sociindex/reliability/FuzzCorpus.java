package dev.sociindex.reliability;

import dev.sociindex.files.FileTrees;
import dev.sociindex.oci.Digests;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.layer.LayerResult;
import dev.sociindex.testing.Encoders;
import dev.sociindex.testing.TarFixtureTrees;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Seed inputs built at run time from real tools: GNU tar archives of a tree with every special case (gnu, posix and
 * ustar formats), compressed by GNU gzip, pigz and java.util.zip; zTOCs our indexer builds from those layers; image
 * manifests and indexes as registries serve them; and the repository's sample ECR events.
 */
final class FuzzCorpus {
    private FuzzCorpus() {
    }

    static Map<FuzzTarget, List<byte[]>> build() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("fuzz-corpus");
        try {
            Path root = TarFixtureTrees.create(work, TarFixtureTrees.Variant.FULL);
            Path ustarRoot = TarFixtureTrees.create(work, TarFixtureTrees.Variant.USTAR);
            List<byte[]> tars = List.of(
                    Files.readAllBytes(TarFixtureTrees.archive(root, work.resolve("a.tar"), "gnu")),
                    Files.readAllBytes(TarFixtureTrees.archive(root, work.resolve("b.tar"), "posix")),
                    Files.readAllBytes(TarFixtureTrees.archive(ustarRoot, work.resolve("c.tar"), "ustar")));
            List<byte[]> gzips = new ArrayList<>();
            for (byte[] tar : tars) {
                gzips.add(Encoders.gnuGzip(tar, 6));
            }
            gzips.add(Encoders.pigz(tars.get(1), "-1"));
            gzips.add(Encoders.javaGzip(tars.get(2)));
            gzips.add(Encoders.gnuGzip("small text\n".repeat(50).getBytes(StandardCharsets.US_ASCII), 9));
            List<byte[]> ztocs = new ArrayList<>();
            for (byte[] layer : gzips.subList(0, 3)) {
                LayerDescriptor descriptor = new LayerDescriptor(Digests.sha256(layer), layer.length,
                        "application/vnd.oci.image.layer.v1.tar+gzip");
                if (new LayerIndexer(4096, "fuzz").index(descriptor, new ByteArrayInputStream(layer))
                        instanceof LayerResult.Indexed indexed) {
                    ztocs.add(indexed.ztoc().readAllBytes());
                }
            }
            Map<FuzzTarget, List<byte[]>> corpus = new EnumMap<>(FuzzTarget.class);
            corpus.put(FuzzTarget.GZIP, gzips);
            corpus.put(FuzzTarget.TAR, tars);
            corpus.put(FuzzTarget.LAYER, gzips);
            corpus.put(FuzzTarget.ZTOC, ztocs);
            corpus.put(FuzzTarget.MANIFEST, utf8(MANIFEST, DOCKER_MANIFEST, SOCI_INDEX));
            corpus.put(FuzzTarget.INDEX, utf8(INDEX, DOCKER_LIST));
            corpus.put(FuzzTarget.EVENT, sampleEvents());
            return corpus;
        } finally {
            FileTrees.deleteTree(work);
        }
    }

    /** The repository's {@code test-events/*.json}, found from the working directory upwards. */
    private static List<byte[]> sampleEvents() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("test-events"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no test-events directory above " + Path.of("").toAbsolutePath());
        }
        List<byte[]> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("test-events"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                events.add(Files.readAllBytes(file));
            }
        }
        return events;
    }

    private static List<byte[]> utf8(String... texts) {
        return Stream.of(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);
    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + D1 + "\",\"size\":7023},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + D2
            + "\",\"size\":32654,\"annotations\":{\"org.opencontainers.image.title\":\"a\"}}],"
            + "\"annotations\":{\"com.example\":\"x\"}}";
    private static final String DOCKER_MANIFEST = "{\"schemaVersion\":2,\"mediaType\":"
            + "\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":"
            + "\"application/vnd.docker.container.image.v1+json\",\"size\":1469,\"digest\":\"" + D1 + "\"},\"layers\":[{"
            + "\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":2811478,\"digest\":\"" + D2 + "\"}]}";
    private static final String SOCI_INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"artifactType\":\"application/vnd.amazon.soci.index.v2+json\",\"config\":{\"mediaType\":"
            + "\"application/vnd.amazon.soci.index.v2+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\","
            + "\"size\":2},\"layers\":[{\"mediaType\":\"application/octet-stream\",\"digest\":\"" + D1 + "\",\"size\":99,"
            + "\"annotations\":{\"com.amazon.soci.image-layer-digest\":\"" + D2 + "\",\"com.amazon.soci.span-size\":\"4194304\"}}]}";
    private static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D1 + "\",\"size\":500,"
            + "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\",\"os.features\":[\"a\"]}},"
            + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D2 + "\",\"size\":500,"
            + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}]}";
    private static final String DOCKER_LIST = "{\"schemaVersion\":2,\"mediaType\":"
            + "\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":[{\"mediaType\":"
            + "\"application/vnd.docker.distribution.manifest.v2+json\",\"size\":528,\"digest\":\"" + D1 + "\","
            + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
}
