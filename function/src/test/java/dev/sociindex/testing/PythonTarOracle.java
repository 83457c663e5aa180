package dev.sociindex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sociindex.bench.ExternalTool;
import dev.sociindex.bytes.RawBytes;
import dev.sociindex.tar.PaxRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An independent view of a tar file: Python's {@code tarfile} lists it, one JSON object per member, every text
 * field as hex of its raw bytes (names decoded and re-encoded with UTF-8 + surrogateescape, so nothing is lost).
 * PAX {@code mtime} is converted with {@code Decimal}, truncated toward zero to nanoseconds like Go.
 *
 * <p>Known differences from Go, which callers must allow for: Python strips trailing '/' from directory names and
 * from PAX paths; it keeps the legacy NUL type flag of a regular file as NUL; and a PAX path beats a GNU long name.
 */
public final class PythonTarOracle {
    private static final String SCRIPT = """
            import json, sys, tarfile
            from decimal import Decimal, ROUND_DOWN, ROUND_FLOOR

            def raw(text):
                return text.encode('utf-8', 'surrogateescape').hex()

            with tarfile.open(sys.argv[1], 'r:', encoding='utf-8', errors='surrogateescape') as archive:
                for m in archive:
                    pax = m.pax_headers
                    if pax.get('mtime', '') != '':
                        exact = Decimal(pax['mtime']).quantize(Decimal('1e-9'), rounding=ROUND_DOWN)
                        seconds = int(exact.to_integral_value(rounding=ROUND_FLOOR))
                        nanos = int((exact - seconds) * 1000000000)
                    else:
                        seconds, nanos = int(m.mtime), 0
                    print(json.dumps({
                        'name': raw(m.name), 'type': m.type.hex(), 'offset': m.offset,
                        'offset_data': m.offset_data, 'size': m.size, 'linkname': raw(m.linkname),
                        'mode': m.mode, 'uid': m.uid, 'gid': m.gid,
                        'uname': raw(m.uname), 'gname': raw(m.gname),
                        'mtime_seconds': seconds, 'mtime_nanos': nanos,
                        'devmajor': m.devmajor, 'devminor': m.devminor,
                        'pax': [[raw(k), raw(v)] for k, v in pax.items()],
                    }))
            """;

    /** One member as Python sees it. {@code type} is the raw type flag byte. */
    public record Member(RawBytes name, char type, long headerOffset, long dataOffset, long size, RawBytes linkName,
            long mode, long uid, long gid, RawBytes userName, RawBytes groupName, long modTimeSeconds,
            int modTimeNanos, long devMajor, long devMinor, List<PaxRecord> paxRecords) {
    }

    private PythonTarOracle() {
    }

    public static List<Member> list(Path tar) throws IOException, InterruptedException {
        String output = ExternalTool.run(tar.getParent(), "python3", "-c", SCRIPT, tar.toString());
        ObjectMapper json = new ObjectMapper();
        List<Member> members = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode m = json.readTree(line);
            List<PaxRecord> pax = new ArrayList<>();
            for (JsonNode record : m.get("pax")) {
                pax.add(new PaxRecord(hex(record.get(0)), hex(record.get(1))));
            }
            members.add(new Member(hex(m.get("name")), (char) Integer.parseInt(m.get("type").asText(), 16),
                    m.get("offset").asLong(), m.get("offset_data").asLong(), m.get("size").asLong(),
                    hex(m.get("linkname")), m.get("mode").asLong(), m.get("uid").asLong(), m.get("gid").asLong(),
                    hex(m.get("uname")), hex(m.get("gname")), m.get("mtime_seconds").asLong(),
                    m.get("mtime_nanos").asInt(), m.get("devmajor").asLong(), m.get("devminor").asLong(), pax));
        }
        return members;
    }

    private static RawBytes hex(JsonNode node) {
        return RawBytes.copyOf(HexFormat.of().parseHex(node.asText()));
    }
}
