#!/usr/bin/env bash
# Runs every Tandem test: unit and cluster-simulation tests, Pax Exam tests on the real appliance
# (mvn verify), then the end-to-end tests with real appliance processes (e2e/).
set -euo pipefail
cd "$(dirname "$0")"
for j in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk /usr/lib/jvm/java-17; do
  [ -x "$j/bin/java" ] && export JAVA_HOME=$j && break
done
export PATH="$JAVA_HOME/bin:$PATH"

stray_karafs() { # Pax Exam does not stop a container that failed to boot (toolchain pitfall P15)
  pgrep -f "org.apache.karaf.main.Main.*$(pwd)/itests/target/exam" | xargs -r kill -9 2>/dev/null || true
}
trap stray_karafs EXIT

mvn -B -e verify "$@"
stray_karafs
e2e/two-node.sh
e2e/media-and-auth.sh
e2e/failover.sh
