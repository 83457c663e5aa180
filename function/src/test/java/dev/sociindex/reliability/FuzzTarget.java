package dev.sociindex.reliability;

import dev.sociindex.oci.Digests;
import dev.sociindex.gzip.GzipCheckpointingInputStream;
import dev.sociindex.gzip.GzipFormatException;
import dev.sociindex.oci.ImageIndex;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestFormatException;
import dev.sociindex.lambda.EventParserProbe;
import dev.sociindex.lambda.MalformedEventException;
import dev.sociindex.layer.LayerDescriptor;
import dev.sociindex.layer.LayerFormatException;
import dev.sociindex.layer.LayerIndexer;
import dev.sociindex.tar.TarEntry;
import dev.sociindex.tar.TarFormatException;
import dev.sociindex.tar.TarReader;
import dev.sociindex.tar.UnsupportedTarException;
import dev.sociindex.ztoc.ZtocFormatException;
import dev.sociindex.ztoc.ZtocReader;

import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * A parser under fuzzing and the exception types its contract allows for bad input. {@link #run} returns normally
 * for accepted input and for a documented rejection; any other throwable (a RuntimeException, an Error such as
 * OutOfMemoryError, an undocumented IOException) escapes and is a finding.
 */
enum FuzzTarget {
    /** Our checkpointing inflater, drained to its end. */
    GZIP(List.of(GzipFormatException.class)) {
        @Override
        void exercise(byte[] input) throws Exception {
            try (GzipCheckpointingInputStream in = new GzipCheckpointingInputStream(new ByteArrayInputStream(input),
                    4096)) {
                in.drainToEnd();
                in.checkpoints();
            }
        }
    },
    /** The Go-faithful tar reader, every header of the stream. */
    TAR(List.of(TarFormatException.class, UnsupportedTarException.class)) {
        @Override
        void exercise(byte[] input) throws Exception {
            TarReader tar = new TarReader(new ByteArrayInputStream(input));
            for (TarEntry entry = tar.next(); entry != null; entry = tar.next()) {
                entry.name();
            }
        }
    },
    /** A whole gzip layer through LayerIndexer (digest of the mutated bytes, so only the format can fail). */
    LAYER(List.of(LayerFormatException.class)) {
        @Override
        void exercise(byte[] input) throws Exception {
            LayerDescriptor layer = new LayerDescriptor(Digests.sha256(input), input.length,
                    "application/vnd.oci.image.layer.v1.tar+gzip");
            new LayerIndexer(4096, "fuzz").index(layer, new ByteArrayInputStream(input));
        }
    },
    /** The zTOC FlatBuffers reader. */
    ZTOC(List.of(ZtocFormatException.class)) {
        @Override
        void exercise(byte[] input) throws Exception {
            ZtocReader.read(input);
        }
    },
    /** Image manifests (OCI and Docker). */
    MANIFEST(List.of(ManifestFormatException.class)) {
        @Override
        void exercise(byte[] input) {
            ImageManifest.parse(input).layerList();
        }
    },
    /** Image indexes and manifest lists. */
    INDEX(List.of(ManifestFormatException.class)) {
        @Override
        void exercise(byte[] input) {
            ImageIndex.parse(input).manifestList();
        }
    },
    /** The Lambda's ECR Image Action event parser. */
    EVENT(List.of(MalformedEventException.class)) {
        @Override
        void exercise(byte[] input) {
            EventParserProbe.parse(input);
        }
    };

    private final List<Class<? extends Exception>> allowed;

    FuzzTarget(List<Class<? extends Exception>> allowed) {
        this.allowed = allowed;
    }

    abstract void exercise(byte[] input) throws Exception;

    /** Runs one input; a documented rejection is swallowed, anything else is thrown as the finding. */
    void run(byte[] input) throws Throwable {
        try {
            exercise(input);
        } catch (Exception e) {
            if (allowed.stream().noneMatch(type -> type.isInstance(e))) {
                throw e;
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a rejection without a message", e);
            }
        }
    }

    List<Class<? extends Exception>> allowed() {
        return allowed;
    }
}
