#!/bin/sh
# Developer tool: runs the scheduler over the Pacemaker corpus and prints pass counts (see QuickCheck.java).
# Usage: quickcheck.sh [CASE...]   (build first: mvn -o -q -pl bundles/scheduler-impl install)
here=$(cd "$(dirname "$0")" && pwd)
corpus=${CORPUS:-/work/shared/conformance/pacemaker-scheduler}
m2=$HOME/.m2/repository/io/tandem
cp="$here/target/classes:$here/target/test-classes:$m2/tandem-cib-api/0.1.0-SNAPSHOT/tandem-cib-api-0.1.0-SNAPSHOT.jar:$m2/tandem-common/0.1.0-SNAPSHOT/tandem-common-0.1.0-SNAPSHOT.jar:$m2/tandem-scheduler-api/0.1.0-SNAPSHOT/tandem-scheduler-api-0.1.0-SNAPSHOT.jar"
simple=${SIMPLE:-/tmp/simple.txt}
exec ${JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java} -cp "$cp" io.tandem.scheduler.internal.QuickCheck "$corpus" "$simple" "$@"
