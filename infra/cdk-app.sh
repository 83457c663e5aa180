#!/usr/bin/env bash
# The CDK app command (cdk.json): builds the function's jar when it is stale, compiles `shared` and `infra` quietly,
# then runs SociIndexBuilderApp on their classpath. Running the main class directly, rather than through exec:java,
# keeps Maven from trying to run it in the `shared` module too. The CDK CLI passes the context and output directory
# in environment variables.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/java-home.sh
JAVA_HOME=$(find_java_home 21)
export JAVA_HOME
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}

quiet_maven_on_new_jdks "$JAVA_HOME"

# `cdk deploy` must deploy what the sources say: unless the context names another jar (functionJar), the function's
# jar is built when it is missing or older than any source it is made from (the rule ./soci-builder applies).
function_jar=function/target/soci-index-builder-function.jar
if ! grep -q '"functionJar"' <<<"${CDK_CONTEXT_JSON:-}"; then
    if [ ! -f "$function_jar" ] || [ -n "$(find function/src/main shared/src/main function/pom.xml shared/pom.xml \
            pom.xml -newer "$function_jar" -print -quit 2>/dev/null)" ]; then
        echo "cdk-app: building $function_jar (missing or older than the sources) ..." >&2
        # only the deployment package: the CLI jar is not deployed (./soci-builder builds its own when stale)
        mvn -B -q --no-transfer-progress -Dstyle.color=never -Dmaven.test.skip=true -Dcli-jar.skip=true \
            package -pl function -am >&2
    fi
fi

# The app's own classes and class path, compiled by Maven when missing or older than what they are made from (the
# same rule; it saves a Maven start on every synth of an unchanged app).
classpath_file=infra/target/cdk-classpath.txt
classpath_current() {
    [ -f "$classpath_file" ] && [ -d infra/target/classes ] || return 1
    [ -z "$(find infra/src/main shared/src/main infra/pom.xml shared/pom.xml pom.xml -newer "$classpath_file" \
        -print -quit 2>/dev/null)" ] || return 1
    local jar
    while IFS= read -r -d: jar; do [ -e "$jar" ] || return 1; done < <(cat "$classpath_file"; printf ':')
}
if ! classpath_current; then
    # Progress and build output go to stderr: the CLI reads nothing from stdout, but keep it clean for humans.
    mvn -B -q --no-transfer-progress -Dstyle.color=never -pl infra -am compile dependency:build-classpath \
        -Dmdep.outputFile=target/cdk-classpath.txt -Dmdep.includeScope=runtime >&2
    # the plugin leaves an unchanged file as it was; its time is what says the classes are current
    touch "$classpath_file"
fi
exec "$JAVA_HOME/bin/java" -cp "infra/target/classes:$(cat "$classpath_file")" dev.sociindex.infra.SociIndexBuilderApp "$@"
