package dev.sociindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} end to end in its smoke size: real corpus, real gzip and pigz, real child JVM. Asserts that the
 * report is complete and every figure a positive number; how fast anything is, no test asserts.
 */
class BenchCommandTest {

    @Test
    void quickLayersReportHasEveryFigure(@TempDir Path workDir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("bench", "--quick", "--only", "layers", "--rounds", "2", "--json", "--work-dir", workDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.OK, exit, err.toString(StandardCharsets.UTF_8));
        JsonNode report = new ObjectMapper().readTree(out.toByteArray());

        assertTrue(report.path("machine").path("cores").asInt() > 0);
        assertEquals(3, report.path("machine").path("loadAtEnd").size());
        assertTrue(report.path("image").isMissingNode() && report.path("memory").isMissingNode(), "only layers ran");
        JsonNode layers = report.path("layers");
        assertTrue(layers.path("corpusBytes").asLong() >= 16_000_000, layers.toString());
        JsonNode compressions = layers.path("compressions");
        assertEquals(List.of("gzip", "pigz"), List.of(compressions.path(0).path("encoder").asText(), compressions.path(1).path("encoder").asText()));
        for (JsonNode compressed : compressions) {
            for (String variant : List.of("baseline", "ztocBuild", "inflaterOnly")) {
                assertEquals(2, compressed.path(variant).path("seconds").path("rounds").asInt(), variant);
            }
            assertTrue(compressed.path("uncompressedBytes").asLong() > compressed.path("compressedBytes").asLong());
        }
        List<String> numbers = new ArrayList<>();
        collectNumbers("layers", layers, numbers);
        assertTrue(numbers.size() > 50, "figures: " + numbers);
        for (String figure : numbers) {
            double value = Double.parseDouble(figure.substring(figure.indexOf('=') + 1));
            assertTrue(Double.isFinite(value) && value > 0, "not a positive figure: " + figure);
        }
    }

    @Test
    void tableModePrintsTheLayerTable(@TempDir Path workDir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(List.of("bench", "--quick", "--only", "layers", "--rounds", "1", "--work-dir", workDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(Main.OK, exit);
        String table = out.toString(StandardCharsets.UTF_8);
        for (String row : List.of("gzip -6", "pigz -6", "/ GZIPInputStream", "/ zTOC build", "/ our inflater", "ztoc build (process)")) {
            assertTrue(table.contains(row), "missing '" + row + "' in\n" + table);
        }
    }

    @Test
    void quickProcessesPartComparesZtocBuildWithZlibLibdeflateAndTheJdk(@TempDir Path workDir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("bench", "--quick", "--only", "processes", "--rounds", "1", "--json", "--work-dir", workDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.OK, exit, err.toString(StandardCharsets.UTF_8));
        JsonNode layers = new ObjectMapper().readTree(out.toByteArray()).path("processes").path("layers");
        assertEquals(List.of("small", "large"), List.of(layers.path(0).path("name").asText(), layers.path(1).path("name").asText()));
        assertEquals(List.of(9, 6), List.of(layers.path(0).path("level").asInt(), layers.path(1).path("level").asInt()));
        for (JsonNode layer : layers) {
            // the bench itself fails when zlib's checkpoint count differs from our zTOC's spans
            assertTrue(layer.path("checkpoints").asInt() >= 2, layer.toString());
            List<String> rows = new ArrayList<>();
            layer.path("rows").forEach(row -> rows.add(row.path("name").asText()));
            int many = Math.max(4, Runtime.getRuntime().availableProcessors());
            assertEquals(List.of("zlib inflate(Z_BLOCK) checkpoints (C)", "libdeflate-gunzip -c", "GZIPInputStream (JVM)",
                    "ztoc build, sequential decode (plain JVM)", "ztoc build, parallel decode 1 thread (plain JVM)",
                    "ztoc build, parallel decode 2 threads (plain JVM)",
                    "ztoc build, parallel decode " + many + " threads (plain JVM)"), rows,
                    "no launcher row when the bench runs from class folders");
            assertEquals(1.0, layer.path("rows").path(0).path("timesZlib").path("cold").asDouble(), 1e-9);
            for (JsonNode row : layer.path("rows")) {
                assertTrue(row.path("seconds").path("coldSeconds").asDouble() > 0, row.toString());
                assertTrue(row.path("timesZlib").path("warmMean").asDouble() > 0, row.toString());
            }
        }
    }

    @Test
    void unknownPartIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("bench", "--only", "disk"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USAGE, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown bench part 'disk'"), err.toString(StandardCharsets.UTF_8));
    }

    private static void collectNumbers(String path, JsonNode node, List<String> into) {
        if (node.isNumber()) {
            into.add(path + "=" + node.asText());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collectNumbers(path + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNumbers(path + "[" + i + "]", node.get(i), into);
            }
        }
    }
}
