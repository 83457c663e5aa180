#!/usr/bin/env bash
# Makes a JDK 25+ AOT cache for the CLI jar (JEP 483/514/515: the classes loaded and linked, and method profiles, of
# one training run), which `java -XX:AOTCache=OUT -jar JAR` maps at start. Used by ./soci-builder (on the first run
# of each jar build and JDK) and by scripts/dist.sh (shipped in the tarball).
# Usage: scripts/aot-cache.sh JAVA JAR OUT [TRAINING]
#   TRAINING: image (default) trains on `demo`, which writes, converts and verifies a sample image; ztoc trains on
#   `ztoc build` of one of that image's layers. A cache serves best the work it was trained on: the JVM loads all
#   the cache's classes at start, and the method profiles steer the JIT, so `ztoc build` with the image cache
#   starts no faster than with none (~0.06 s CPU less with its own, measured on a tiny layer).
#   JAVA must be the very JVM that will use the cache; the cache is tied to the jar's size and modification time
#   (not its folder: it still works on a copy with the same mtime). Prints nothing on success; on failure it says
#   why on stderr, with the JVM's last lines, and exits 1. OUT appears complete or not at all (written under a
#   temporary name in OUT's folder and renamed), so concurrent runs cannot leave a torn cache.
set -euo pipefail
java=$1 jar=$2 out=$3 training=${4:-image}
case "$training" in
    image|ztoc) ;;
    *) echo "aot-cache: unknown training '$training' (image or ztoc)" >&2; exit 2 ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/soci-aot.XXXXXX")
partial=""
trap 'rm -rf "$work"; [ -z "$partial" ] || rm -f "$partial"' EXIT
fail() {
    echo "aot-cache: $1 (exit $2); its last lines:" >&2
    tail -n 15 "$work/jvm.log" >&2 || true
    exit 1
}
# The training runs use no network and nothing outside the temporary folder: `demo` writes its sample image to an
# OCI layout there (and converts and verifies it). The JVM prints "AOTConfiguration recorded" on stdout whatever
# the logging flags, so all its output goes to the log.
status=0
record=(-XX:AOTMode=record "-XX:AOTConfiguration=$work/train.aotconf" -Xlog:aot=off -Xlog:cds=off)
if [ "$training" = ztoc ]; then
    "$java" "-Djava.io.tmpdir=$work" -jar "$jar" demo --dir "$work/demo" </dev/null >"$work/jvm.log" 2>&1 || status=$?
    [ "$status" -eq 0 ] || fail "the run making a sample layer ($java -jar $jar demo) failed" "$status"
    # its largest blob: the biggest of the image's gzip layers
    layer="$work/demo/blobs/sha256/$(ls -S "$work/demo/blobs/sha256" | head -n 1)"
    train=(ztoc build "$layer" -o "$work/layer.ztoc")
else
    train=(demo --dir "$work/demo")
fi
"$java" "${record[@]}" "-Djava.io.tmpdir=$work" -jar "$jar" "${train[@]}" </dev/null >"$work/jvm.log" 2>&1 || status=$?
[ "$status" -eq 0 ] || fail "the training run ($java -jar $jar ${train[*]:0:2}) failed" "$status"
partial=$(mktemp "$out.XXXXXX.tmp")
# -XX:-AOTInvokeDynamicLinking: without it JDK 25.0.3 aborts while writing the cache (archiveHeapWriter.cpp,
# "Metadata ... should have been archived"): picocli's classes are class-file version 49, which the cache skips as
# old classes, and archiving the resolved lambda and string-concatenation call sites of our classes that refer to
# them then finds them missing. -XX:-AOTClassLinking also avoids the crash but measured slower.
"$java" -XX:AOTMode=create "-XX:AOTConfiguration=$work/train.aotconf" "-XX:AOTCache=$partial" \
    -XX:+UnlockDiagnosticVMOptions -XX:-AOTInvokeDynamicLinking -Xlog:aot=off -Xlog:cds=off -jar "$jar" \
    </dev/null >"$work/jvm.log" 2>&1 || status=$?
[ "$status" -eq 0 ] || fail "creating the AOT cache from the training run failed" "$status"
# AOTMode=on fails where the cache cannot be used (the users' runs would ignore it silently), so a cache that
# would not serve is never installed.
"$java" -XX:AOTMode=on "-XX:AOTCache=$partial" -Xlog:aot=off -Xlog:cds=off -jar "$jar" --version \
    </dev/null >"$work/jvm.log" 2>&1 || status=$?
[ "$status" -eq 0 ] || fail "the new AOT cache is refused by $java" "$status"
mv -f "$partial" "$out"
partial=""
