#!/usr/bin/env bash
# Makes the self-contained CLI tarball: a jlink runtime of the JDK (only the modules the CLI needs, with a CDS
# archive of the JDK's own classes as a JDK ships), the CLI jar, on a JDK 25+ two start-up AOT caches for that jar
# made by the runtime's own java (lib/soci-builder.aot trained on `demo`, lib/soci-builder-ztoc.aot on `ztoc build`;
# the jar's picocli classes rewritten by scripts/ModernClassFiles.java so the caches can hold them), and a launcher
# that uses them, so it runs on a machine with no JDK and no Maven.
# Usage: scripts/dist.sh JDK_HOME CLI_JAR OUT_DIR   (prints the tarball's path)
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
. "$scripts/java-home.sh"
jdk=$1 jar=$2 out=$3
# `jdeps --print-module-deps` on the CLI jar (it takes ~20 s, so the list is kept here; DistTest checks that the
# runtime runs every command that touches a new module)
modules=java.base,java.compiler,java.desktop,java.naming,java.net.http,java.rmi,java.scripting,java.sql,jdk.management,jdk.unsupported
version=$(unzip -p "$jar" dev/sociindex/cli/version.properties | sed -n 's/^version=//p')
name="soci-builder-$version-linux-$(uname -m)"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/bin" "$stage/$name/lib"
# --generate-cds-archive: a jlink image has no CDS archive of its own otherwise, so every JDK class would be loaded
# and linked from the modules file at each start. jlink prints its note on stdout, which is this script's answer.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress zip-6 \
    --generate-cds-archive --output "$stage/$name/runtime" >&2
# The AOT cache is tied to the jar's size and modification time (tar keeps both), not to its folder.
if [ "$(java_major "$stage/$name/runtime")" -ge 25 ]; then
    # picocli's class files (Java 5) rewritten to Java 8's, so the caches can hold them and the classes of ours that
    # use them (scripts/ModernClassFiles.java says why): 40 ms less start-up (convert --help 0.365 -> 0.325 s, small-layer
    # ztoc build 1.075 -> 1.035 s, medians of 10 alternating runs at load 1.2-1.6)
    "$jdk/bin/java" "$scripts/ModernClassFiles.java" "$jar" "$stage/$name/lib/soci-index-builder.jar" picocli/
    for training in image ztoc; do
        cache="$stage/$name/lib/soci-builder$([ "$training" = image ] || echo "-$training").aot"
        if bash "$scripts/aot-cache.sh" "$stage/$name/runtime/bin/java" "$stage/$name/lib/soci-index-builder.jar" \
                "$cache" "$training"; then
            chmod 644 "$cache"
        else
            echo "dist: the tarball has no ${cache##*/} (the reason is above); its CLI works, only starts slower" >&2
        fi
    done
else
    cp "$jar" "$stage/$name/lib/soci-index-builder.jar"
fi
# the launcher uses only the shell itself (no dirname, no java on PATH), from wherever the folder was unpacked
cat > "$stage/$name/bin/soci-builder" <<'LAUNCHER'
#!/bin/sh
case "$0" in
    */*) bin=${0%/*} ;;
    *) bin=. ;;
esac
# The start-up AOT cache of the command's kind (only a JDK 25+ runtime has them). The JVM ignores a cache it cannot
# use (a jar whose modification time the unpacking changed, say) without a word. SOCI_JAVA_OPTS comes last, so it
# can override.
aot="$bin/../lib/soci-builder.aot"
if [ "${1:-}" = ztoc ]; then
    aot="$bin/../lib/soci-builder-ztoc.aot"
fi
if [ -f "$aot" ]; then
    exec "$bin/../runtime/bin/java" "-XX:AOTCache=$aot" -Xlog:aot=off -Xlog:cds=off \
        ${SOCI_JAVA_OPTS:-} -jar "$bin/../lib/soci-index-builder.jar" "$@"
fi
exec "$bin/../runtime/bin/java" ${SOCI_JAVA_OPTS:-} -jar "$bin/../lib/soci-index-builder.jar" "$@"
LAUNCHER
chmod 755 "$stage/$name/bin/soci-builder"
mkdir -p "$out"
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
