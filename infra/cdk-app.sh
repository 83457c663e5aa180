#!/usr/bin/env bash
# The CDK app command (cdk.json): compiles `shared` and `infra` quietly, then runs SociIndexBuilderApp on their
# classpath. Running the main class directly, rather than through exec:java, keeps Maven from trying to run it
# in the `shared` module too. The CDK CLI passes the context and output directory in environment variables.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/java-home.sh
JAVA_HOME=$(find_java_home 21)
export JAVA_HOME
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}

quiet_maven_on_new_jdks "$JAVA_HOME"

classpath_file=infra/target/cdk-classpath.txt
# Progress and build output go to stderr: the CLI reads nothing from stdout, but keep it clean for humans.
mvn -B -q --no-transfer-progress -Dstyle.color=never -pl infra -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/cdk-classpath.txt -Dmdep.includeScope=runtime >&2
exec "$JAVA_HOME/bin/java" -cp "infra/target/classes:$(cat "$classpath_file")" dev.sociindex.infra.SociIndexBuilderApp "$@"
