package dev.sociindex.testing;

import dev.sociindex.bench.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds directory trees on disk with the awkward cases of container layers (links, devices, whiteouts,
 * non-UTF-8 names, long names, special mode bits, nanosecond times) and archives them with GNU tar.
 * Needs root for {@code mknod} (the build machine runs as root).
 */
public final class TarFixtureTrees {
    /** 90 characters: three of these make a path longer than 255 bytes, one makes it longer than 100. */
    public static final String NINETY = "n".repeat(90);
    /** A path over 100 bytes that GNU tar can split into a USTAR prefix and name. */
    public static final String SPLITTABLE_FILE = "mid/" + NINETY + "/name-over-one-hundred-bytes.txt";
    /** A path over 255 bytes: needs GNU L or PAX path. */
    public static final String DEEP_FILE = "deep/" + NINETY + "/" + NINETY.replace('n', 'o') + "/"
            + NINETY.replace('n', 'p') + "/file-with-a-long-path";
    /** A symlink target over 100 bytes: needs GNU K or PAX linkpath. */
    public static final String LONG_SYMLINK_TARGET = "target-" + "t".repeat(120);
    /** The mtime given to dir/hello.txt, seconds and nanoseconds. */
    public static final long HELLO_SECONDS = 1_614_834_367L;
    public static final int HELLO_NANOS = 123_456_789;

    /** Which special cases a tar format can hold. */
    public enum Variant {
        /** Everything, for the gnu and posix formats. */
        FULL,
        /** No names over 255 bytes and no link names over 100 (GNU tar refuses them in ustar). */
        USTAR,
        /** Only regular files, directories and links with names under 100 bytes. */
        V7
    }

    private TarFixtureTrees() {
    }

    /** Creates {@code root} under {@code parent} and fills it; returns root. */
    public static Path create(Path parent, Variant variant) throws IOException, InterruptedException {
        Path root = parent.resolve("root-" + variant.name().toLowerCase());
        Files.createDirectories(root);
        StringBuilder script = new StringBuilder("""
                mkdir dir
                printf 'hello world\\n' > dir/hello.txt
                seq 1 300 > dir/numbers.txt
                : > dir/empty
                ln dir/numbers.txt dir/zz-hardlink
                ln -s ../dir/hello.txt dir/symlink
                chmod 640 dir/numbers.txt
                """);
        if (variant != Variant.V7) {
            script.append("""
                    mkfifo dir/fifo
                    mknod dir/chardev c 1 3
                    mknod dir/blockdev b 7 200
                    touch dir/.wh.foo dir/.wh..wh..opq
                    touch "dir/$(printf 'bad\\xff\\xfe')name"
                    touch dir/setuid dir/setgid
                    chmod 4755 dir/setuid
                    chmod 2755 dir/setgid
                    mkdir dir/sticky
                    chmod 1777 dir/sticky
                    mkdir -p "$(dirname "$SPLITTABLE")"
                    seq 1 50 > "$SPLITTABLE"
                    """);
        }
        if (variant == Variant.FULL) {
            script.append("""
                    mkdir -p "$(dirname "$DEEP")"
                    printf 'deep\\n' > "$DEEP"
                    ln -s "$LONGTARGET" dir/longlink
                    ln "$DEEP" zz-hardlink-to-deep
                    """);
        }
        // Set the nanosecond mtime last: creating entries inside dir/ would not touch hello.txt, but keep it obvious.
        script.append("touch -d @" + HELLO_SECONDS + "." + HELLO_NANOS + " dir/hello.txt\n");
        ExternalTool.run(root, "env", "SPLITTABLE=" + SPLITTABLE_FILE, "DEEP=" + DEEP_FILE,
                "LONGTARGET=" + LONG_SYMLINK_TARGET, "bash", "-c", "set -euo pipefail\n" + script);
        return root;
    }

    /** Archives {@code root} with GNU tar in a deterministic order; options go before the member list. */
    public static Path archive(Path root, Path tar, String format, String... options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tar", "--format=" + format, "--sort=name",
                "-cf", tar.toString(), "-C", root.toString()));
        command.addAll(List.of(options));
        command.add(".");
        ExternalTool.run(root, command.toArray(String[]::new));
        return tar;
    }
}
