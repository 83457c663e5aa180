package dev.sociindex.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sociindex.bench.ExternalTool;
import dev.sociindex.oci.Canonical;
import dev.sociindex.oci.Descriptor;
import dev.sociindex.oci.Digests;
import dev.sociindex.oci.ImageManifest;
import dev.sociindex.oci.ManifestData;
import dev.sociindex.oci.MediaTypes;
import dev.sociindex.store.ImageStore;
import dev.sociindex.testing.Encoders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Images whose layers are tars written by Python's {@code tarfile} (PAX format, so that entries can carry
 * {@code SCHILY.xattr.*} records and whiteout names exactly as given) and compressed by GNU gzip, pushed through
 * the store API with a config whose diff_ids match. For what umoci cannot make: xattrs, whiteouts, huge layers.
 */
public final class CraftedImages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRITER = """
            import json, sys, tarfile
            spec = json.load(open(sys.argv[1]))
            with tarfile.open(sys.argv[2], "w", format=tarfile.PAX_FORMAT) as tar:
                for e in spec:
                    info = tarfile.TarInfo(e["name"])
                    info.mtime = 0
                    info.uid = info.gid = 0
                    info.uname = info.gname = "root"
                    info.pax_headers = e.get("pax", {})
                    if e["type"] == "dir":
                        info.type = tarfile.DIRTYPE
                        info.mode = 0o755
                        tar.addfile(info)
                    elif e["type"] == "hardlink":
                        info.type = tarfile.LNKTYPE
                        info.linkname = e["link"]
                        info.mode = 0o644
                        tar.addfile(info)
                    else:
                        info.mode = 0o644
                        info.size = e["size"]
                        with open(e["data"], "rb") as data:
                            tar.addfile(info, data)
            """;

    /** One tar entry: a file with content, a directory, or a hard link; {@code pax} adds PAX records. */
    public record Entry(String name, String type, byte[] content, String link, Map<String, String> pax) {
        public static Entry file(String name, byte[] content) {
            return new Entry(name, "file", content, null, Map.of());
        }

        public static Entry dir(String name) {
            return new Entry(name, "dir", null, null, Map.of());
        }

        public static Entry hardlink(String name, String target) {
            return new Entry(name, "hardlink", null, target, Map.of());
        }

        public Entry withPax(String key, String value) {
            Map<String, String> records = new LinkedHashMap<>(pax);
            records.put(key, value);
            return new Entry(name, type, content, link, records);
        }
    }

    private CraftedImages() {
    }

    /** The tar of {@code entries}, in that order. */
    public static byte[] tar(Path scratch, List<Entry> entries) throws IOException {
        Path dir = Files.createTempDirectory(scratch, "tar");
        ArrayNode spec = JSON.createArrayNode();
        int n = 0;
        for (Entry entry : entries) {
            ObjectNode node = spec.addObject().put("name", entry.name()).put("type", entry.type());
            if (entry.content() != null) {
                Path data = dir.resolve("data-" + n++);
                Files.write(data, entry.content());
                node.put("data", data.toString()).put("size", entry.content().length);
            }
            if (entry.link() != null) {
                node.put("link", entry.link());
            }
            ObjectNode pax = node.putObject("pax");
            entry.pax().forEach(pax::put);
        }
        Path specFile = dir.resolve("spec.json");
        JSON.writeValue(specFile.toFile(), spec);
        Path script = dir.resolve("write.py");
        Files.writeString(script, WRITER, StandardCharsets.UTF_8);
        Path tar = dir.resolve("layer.tar");
        ExternalTool.run(List.of("python3", script.toString(), specFile.toString(), tar.toString()));
        return Files.readAllBytes(tar);
    }

    /**
     * Pushes an image of gzip layers (bottom first, each GNU gzip -6 of the given tar) as {@code tag}; returns the
     * pushed manifest.
     */
    public static ManifestData push(ImageStore store, String tag, List<byte[]> tars) throws IOException {
        return push(store, tag, tars, "amd64");
    }

    /** As {@link #push(ImageStore, String, List)} for a linux image of another architecture. */
    public static ManifestData push(ImageStore store, String tag, List<byte[]> tars, String architecture) throws IOException {
        List<Descriptor> layers = new ArrayList<>();
        ObjectNode config = JSON.createObjectNode().put("architecture", architecture).put("os", "linux");
        ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        for (byte[] tar : tars) {
            byte[] gzip = Encoders.gnuGzip(tar, 6);
            store.putBlob(Digests.sha256(gzip), gzip);
            layers.add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digests.sha256(gzip), gzip.length));
            diffIds.add(Digests.sha256(tar));
        }
        byte[] configBytes = JSON.writeValueAsBytes(config);
        store.putBlob(Digests.sha256(configBytes), configBytes);
        ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST, "",
                Descriptor.of(MediaTypes.OCI_CONFIG, Digests.sha256(configBytes), configBytes.length), layers, null, Map.of());
        ManifestData data = Canonical.of(manifest).toManifestData();
        store.putManifest(tag, data);
        return data;
    }
}
