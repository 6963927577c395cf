# The project's image (sniffer + Spark jobs), built from the Maven artifacts:
#   docker build -f docker/ids.Dockerfile -t ids-spark .
# Stage 1 runs the same Maven build as a developer (`mvn -DskipTests package`); stage 2 keeps only the jars, the
# Spark jars Maven fetched (.spark-home/jars), the launchers and the config, on a JRE with libpcap.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Poms first, so the dependency download is cached while only sources change.
COPY pom.xml ./
COPY sniffer/pom.xml sniffer/
COPY spark-jobs/pom.xml spark-jobs/
RUN mvn -B -q -DskipTests dependency:go-offline || true
COPY sniffer/src sniffer/src
COPY spark-jobs/src spark-jobs/src
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:17-jre
# libpcap for live capture (Ubuntu noble names it libpcap0.8t64, older releases libpcap0.8).
RUN apt-get update -qq \
 && (apt-get install -y -qq --no-install-recommends libpcap0.8t64 || apt-get install -y -qq --no-install-recommends libpcap0.8) \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --create-home --shell /usr/sbin/nologin ids
WORKDIR /app
COPY --from=build /src/spark-jobs/target/ids-spark-jobs.jar spark-jobs/target/
COPY --from=build /src/sniffer/target/ids-sniffer.jar sniffer/target/
COPY --from=build /src/.spark-home/jars .spark-home/jars
COPY scripts scripts
COPY config config
COPY docker/ids-entrypoint.sh docker/
# models/logs belong to the non-root detector. The flow folder is shared with the sniffer, which runs as root without
# CAP_DAC_OVERRIDE (every capability but NET_RAW/NET_ADMIN dropped), so it is world-writable with the sticky bit, like /tmp.
RUN mkdir -p models logs data/flows .spark-home/conf \
 && chown -R ids:ids models logs .spark-home/conf \
 && chmod 1777 data/flows
ENV IDS_NO_BUILD=1 SPARK_LOCAL_IP=127.0.0.1
USER ids
CMD ["docker/ids-entrypoint.sh", "detect"]
