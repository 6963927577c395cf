# Shared by the launchers in scripts/: project root, JVM flags, Spark home, build-if-missing.
# shellcheck shell=bash
IDS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export IDS_ROOT
IDS_JOBS_JAR="$IDS_ROOT/spark-jobs/target/ids-spark-jobs.jar"
IDS_SNIFFER_JAR="$IDS_ROOT/sniffer/target/ids-sniffer.jar"
# A SPARK_HOME-like folder (jars/ + conf/) outside target/, so `mvn clean` cannot pull it from under a running cluster.
IDS_SPARK_HOME="${IDS_SPARK_HOME:-$IDS_ROOT/.spark-home}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export SPARK_SCALA_VERSION=2.13

# Spark 4.2's launcher flags (less --add-modules=jdk.incubator.vector, which only prints a warning on every run);
# -XX:+IgnoreUnrecognizedVMOptions must come first on Java 17.
IDS_JVM_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)

ids_die() { echo "error: $*" >&2; exit 2; }

# Builds the jars (and the Spark home's jars/) when missing. IDS_NO_BUILD=1 turns this into an error instead.
ids_ensure_built() {
  if [[ -f "$IDS_JOBS_JAR" && -f "$IDS_SNIFFER_JAR" && -d "$IDS_SPARK_HOME/jars" ]] \
     && compgen -G "$IDS_SPARK_HOME/jars/spark-core_*.jar" > /dev/null; then
    return 0
  fi
  if [[ "${IDS_NO_BUILD:-0}" == 1 ]]; then
    ids_die "jars not built; run: (cd $IDS_ROOT && mvn -B -DskipTests package)"
  fi
  command -v mvn > /dev/null || ids_die "jars not built and Maven is missing; install JDK 17 and Maven, then run: mvn -B -DskipTests package"
  echo "Building the jars first (mvn -B -q -DskipTests package; a few minutes the first time)..." >&2
  (cd "$IDS_ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true package) >&2 \
    || ids_die "build failed; run 'mvn -B -DskipTests package' in $IDS_ROOT to see why"
}

ids_spark_conf() {
  mkdir -p "$IDS_SPARK_HOME/conf"
  if [[ ! -f "$IDS_SPARK_HOME/conf/log4j2.properties" ]] \
     || ! cmp -s "$IDS_ROOT/scripts/conf/log4j2.properties" "$IDS_SPARK_HOME/conf/log4j2.properties"; then
    cp "$IDS_ROOT/scripts/conf/log4j2.properties" "$IDS_SPARK_HOME/conf/log4j2.properties"
  fi
  export SPARK_HOME="$IDS_SPARK_HOME" SPARK_CONF_DIR="$IDS_SPARK_HOME/conf"
}
