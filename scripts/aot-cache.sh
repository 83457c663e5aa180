#!/usr/bin/env bash
# Makes a JDK 25+ AOT cache for the CLI jar (JEP 483/514/515: the classes loaded and linked, and method profiles, of
# one training run), which `java -XX:AOTCache=OUT -jar JAR` maps at start. Used by ./soci-builder (on the first run
# of each jar build and JDK) and by scripts/dist.sh (shipped in the tarball).
# Usage: scripts/aot-cache.sh JAVA JAR OUT
#   JAVA must be the very JVM that will use the cache; the cache is tied to the jar's size and modification time
#   (not its folder: it still works on a copy with the same mtime). Prints nothing on success; on failure it says
#   why on stderr, with the JVM's last lines, and exits 1. OUT appears complete or not at all (written under a
#   temporary name in OUT's folder and renamed), so concurrent runs cannot leave a torn cache.
set -euo pipefail
java=$1 jar=$2 out=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/soci-aot.XXXXXX")
partial=""
trap 'rm -rf "$work"; [ -z "$partial" ] || rm -f "$partial"' EXIT
fail() {
    echo "aot-cache: $1 (exit $2); its last lines:" >&2
    tail -n 15 "$work/jvm.log" >&2 || true
    exit 1
}
# The training run: `demo` writes a sample image to an OCI layout in the temporary folder, converts it and verifies
# the result, which loads most of what the commands use (picocli, the stores, gzip, tar and zTOC code), with no
# network and nothing outside that folder. The JVM prints "AOTConfiguration recorded" on stdout whatever the
# logging flags, so all its output goes to the log.
status=0
"$java" -XX:AOTMode=record "-XX:AOTConfiguration=$work/train.aotconf" -Xlog:aot=off -Xlog:cds=off \
    "-Djava.io.tmpdir=$work" -jar "$jar" demo --dir "$work/demo" </dev/null >"$work/jvm.log" 2>&1 || status=$?
[ "$status" -eq 0 ] || fail "the training run ($java -jar $jar demo) failed" "$status"
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
