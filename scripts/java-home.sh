# Sourced by ./build and ./soci-builder. find_java_home MIN prints the home of a JDK of version MIN or newer (the
# code targets Java 21; the tests compile for 25), honouring a JAVA_HOME that is new enough and otherwise taking
# the newest JDK found, so a JAVA_HOME left at an old JDK does not break the scripts.
java_major() {
    # A JDK's release file names its version; reading it is instant, where starting that JVM to ask costs 0.1-0.3 s
    # per JDK on every launch.
    local version
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
    if [ -n "$version" ]; then
        echo "$version"
        return 0
    fi
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

find_java_home() {
    local minimum=${1:-21}
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge "$minimum" ] 2>/dev/null; then
        echo "$JAVA_HOME"
        return 0
    fi
    local best="" best_major=0 candidate major
    for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate")
        [ -n "$major" ] || continue
        if [ "$major" -ge "$minimum" ] && [ "$major" -gt "$best_major" ]; then
            best=$candidate
            best_major=$major
        fi
    done
    if [ -z "$best" ]; then
        echo "error: no JDK $minimum or newer found (looked at JAVA_HOME and /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 25" >&2
        return 1
    fi
    echo "$best"
}

# Maven's bundled guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run; the warning is noise for
# users of ./build and ./soci-builder, so allow that access explicitly when Maven runs on such a JDK.
quiet_maven_on_new_jdks() {
    if [ "$(java_major "$1")" -ge 24 ] 2>/dev/null; then
        case " ${MAVEN_OPTS:-} " in
            *" --sun-misc-unsafe-memory-access="*) ;;
            *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
        esac
    fi
}
