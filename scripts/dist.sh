#!/usr/bin/env bash
# Makes the self-contained CLI tarball: a jlink runtime of the JDK (only the modules the CLI needs), the CLI jar
# and a launcher that uses that runtime, so it runs on a machine with no JDK and no Maven.
# Usage: scripts/dist.sh JDK_HOME CLI_JAR OUT_DIR   (prints the tarball's path)
set -euo pipefail
jdk=$1 jar=$2 out=$3
# `jdeps --print-module-deps` on the CLI jar (it takes ~20 s, so the list is kept here; DistTest checks that the
# runtime runs every command that touches a new module)
modules=java.base,java.compiler,java.desktop,java.naming,java.net.http,java.rmi,java.scripting,java.sql,jdk.management,jdk.unsupported
version=$(unzip -p "$jar" dev/sociindex/cli/version.properties | sed -n 's/^version=//p')
name="soci-builder-$version-linux-$(uname -m)"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/bin" "$stage/$name/lib"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress zip-6 \
    --output "$stage/$name/runtime"
cp "$jar" "$stage/$name/lib/soci-index-builder.jar"
# the launcher uses only the shell itself (no dirname, no java on PATH), from wherever the folder was unpacked
cat > "$stage/$name/bin/soci-builder" <<'LAUNCHER'
#!/bin/sh
case "$0" in
    */*) bin=${0%/*} ;;
    *) bin=. ;;
esac
exec "$bin/../runtime/bin/java" ${SOCI_JAVA_OPTS:-} -jar "$bin/../lib/soci-index-builder.jar" "$@"
LAUNCHER
chmod 755 "$stage/$name/bin/soci-builder"
mkdir -p "$out"
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
