#!/bin/sh
# Benchmark: Tandem's scheduler (warm JVM) against Debian's crm_simulate 2.1.5 on generated CIBs.
#   scripts/bench-scheduler.sh [SIZE...]      SIZE = NODESxRESOURCES, default 2x10 2x100 3x1000 16x1000 32x5000
# Environment: BENCH_TIMEOUT (seconds per run, 300), BENCH_HEAP (Java -Xmx, 8g), BENCH_WORKDIR (kept if set),
#              BENCH_CRM=false to time only Tandem. Needs pacemaker-cli-utils and an installed tandem-scheduler-impl.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=${*:-2x10 2x100 3x1000 16x1000 32x5000}
timeout=${BENCH_TIMEOUT:-300}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
export JAVA_HOME
if [ -n "${BENCH_WORKDIR:-}" ]; then
    work=$BENCH_WORKDIR
    mkdir -p "$work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/tandem-bench.XXXXXX")
    trap 'rm -rf "$work"' EXIT INT TERM
fi
# crm_simulate writes shadow.<pid> copies there; a killed run would leave them in /var/lib/pacemaker/cib.
CIB_shadow_dir=$work/shadow
export CIB_shadow_dir
mkdir -p "$CIB_shadow_dir"

if [ "${BENCH_CRM:-true}" != false ] && ! command -v crm_simulate >/dev/null 2>&1; then
    echo "bench-scheduler: crm_simulate not found (apt-get install pacemaker-cli-utils), or set BENCH_CRM=false" >&2
    exit 69
fi

cd "$repo"
mvn -B -o -q -pl conformance test-compile >&2
m2=${MAVEN_REPO:-$HOME/.m2/repository}/io/tandem
cp=$repo/conformance/target/test-classes:$repo/conformance/target/classes
for a in tandem-scheduler-impl tandem-scheduler-api tandem-cib-api tandem-common; do
    jar=$m2/$a/0.1.0-SNAPSHOT/$a-0.1.0-SNAPSHOT.jar
    if [ ! -f "$jar" ]; then
        echo "bench-scheduler: $jar is missing: mvn -B -o -q -pl bundles/${a#tandem-} install" >&2
        exit 69
    fi
    cp=$cp:$jar
done
# not exec: the EXIT trap removes the work directory afterwards
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -Xmx"${BENCH_HEAP:-8g}" -Dbench.timeoutSeconds="$timeout" -Dbench.crm="${BENCH_CRM:-true}" \
    -cp "$cp" io.tandem.conformance.bench.SchedulerBench "$work" $sizes
