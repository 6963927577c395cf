package io.idsspark.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertFormatsTest {
  private static final Alert RED =
      new Alert(
          "2026-11-25T10:00:01.5Z",
          "10.0.0.5",
          "10.0.0.9",
          40001,
          22,
          6,
          0.7312345,
          "red",
          "20261125-100000-ab12cd",
          List.of(
              new TopFeature("syn_flag_cnt", 40.0, 0, 1),
              new TopFeature("flow_duration", 0.0015, 0.01, 12.5)));

  @Test
  void csvLineHasTheOriginalColumnsFirstThenVersionExplanationTotalsAndTheAlertIdLast() {
    assertEquals(
        "timestamp,src_ip,dst_ip,src_port,dst_port,protocol,score,level,model_version,top_features,"
            + "bytes,packets,incident_key_kind,alert_id\n",
        AlertFormats.csvHeader());
    assertEquals(
        "2026-11-25T10:00:01.5Z,10.0.0.5,10.0.0.9,40001,22,6,0.731235,red,20261125-100000-ab12cd,"
            + "syn_flag_cnt=40 high (typical 0..1); flow_duration=0.0015 low (typical 0.01..12.5),"
            + ",,source,"
            + RED.alertId()
            + "\n",
        AlertFormats.csvLine(RED));
  }

  @Test
  void theAlertIdIsAHashOfCommunityIdFlowStartAndModelVersion() {
    assertTrue(RED.alertId().matches("[0-9a-f]{16}"), RED.alertId());
    Alert reverse =
        new Alert(
            RED.timestamp(),
            "10.0.0.9",
            "10.0.0.5",
            22,
            40001,
            6,
            0.5,
            "yellow",
            RED.modelVersion(),
            List.of());
    assertEquals(RED.alertId(), reverse.alertId(), "same connection, start and model");
    Alert otherModel =
        new Alert(
            RED.timestamp(), "10.0.0.5", "10.0.0.9", 40001, 22, 6, 0.73, "red", "v2", List.of());
    assertTrue(!RED.alertId().equals(otherModel.alertId()));
    Alert icmp = new Alert(RED.timestamp(), "10.0.0.5", "10.0.0.9", 0, 0, 1, 0.7, "red", "v", null);
    assertTrue(icmp.alertId().matches("[0-9a-f]{16}"), "no community id: the five-tuple stands in");
  }

  @Test
  void topFeatureItemsReadBackWithTheirDirection() {
    String text = AlertFormats.topFeaturesCsv(RED.topFeatures());
    assertEquals(RED.topFeatures(), TopFeature.parseCsv(text));
    assertEquals(
        List.of(new TopFeature("a", 2.0, 0, 1)), TopFeature.parseCsv("a=2 (typical 0..1)"));
    assertNull(TopFeature.parseCsv("a=b=c"));
    assertEquals("high", new TopFeature("x", 5.0, 0, 1).direction());
    assertEquals("low", new TopFeature("x", -1.0, 0, 1).direction());
    assertEquals("low", new TopFeature("x", 0.2, 0, 1).direction(), "lower half of the range");
    assertNull(new TopFeature("x", null, 0, 1).direction());
  }

  @Test
  void csvFieldsWithCommasAreQuoted() {
    assertEquals("\"a,b\"", AlertFormats.csvField("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", AlertFormats.csvField("say \"hi\""));
  }

  @Test
  void jsonLineIsEcsWithNestedObjects() throws Exception {
    String line = AlertFormats.jsonLine(RED, Instant.parse("2026-11-25T10:00:03Z"));
    assertTrue(line.endsWith("\n"));
    assertEquals(1, line.split("\n", -1).length - 1, "one line");
    JsonNode n = new ObjectMapper().readTree(line);
    assertEquals("2026-11-25T10:00:01.5Z", n.get("@timestamp").asText());
    assertEquals("alert", n.at("/event/kind").asText());
    assertEquals(3, n.at("/event/severity").asInt());
    assertEquals("2026-11-25T10:00:03Z", n.at("/event/created").asText());
    assertEquals("10.0.0.5", n.at("/source/ip").asText());
    assertEquals(40001, n.at("/source/port").asInt());
    assertEquals("10.0.0.9", n.at("/destination/ip").asText());
    assertEquals(22, n.at("/destination/port").asInt());
    assertEquals("tcp", n.at("/network/transport").asText());
    assertTrue(n.at("/network/community_id").asText().startsWith("1:"));
    assertEquals(0.7312345, n.at("/ids/score").asDouble(), 1e-12);
    assertEquals("red", n.at("/ids/level").asText());
    assertEquals("20261125-100000-ab12cd", n.at("/ids/model_version").asText());
    JsonNode top = n.at("/ids/top_features");
    assertEquals(2, top.size());
    assertEquals("syn_flag_cnt", top.get(0).get("name").asText());
    assertEquals(40.0, top.get(0).get("value").asDouble());
    assertEquals(0.0, top.get(0).get("typical_low").asDouble());
    assertEquals(1.0, top.get(0).get("typical_high").asDouble());
    assertEquals("high", top.get(0).get("direction").asText());
    assertEquals("low", top.get(1).get("direction").asText());
    assertEquals(RED.alertId(), n.at("/event/id").asText());
    assertEquals("source", n.at("/ids/incident_key_kind").asText());
  }

  @Test
  void yellowIsSeverityTwo() {
    Alert y = new Alert("t", "1.1.1.1", "2.2.2.2", 1, 2, 17, 0.6, "yellow", "v", List.of());
    assertEquals(2, y.severity());
    assertTrue(AlertFormats.jsonLine(y, Instant.EPOCH).contains("\"severity\":2"));
  }

  @Test
  void communityIdMatchesZeeksTestVectorsInBothDirections() {
    // Zeek's community_id_v1 test vectors (seed 0).
    assertEquals(
        "1:wCb3OG7yAFWelaUydu0D+125CLM=", CommunityId.of("1.2.3.4", "5.6.7.8", 6, 1122, 3344));
    assertEquals(
        "1:wCb3OG7yAFWelaUydu0D+125CLM=", CommunityId.of("5.6.7.8", "1.2.3.4", 6, 3344, 1122));
    assertEquals(
        "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=", CommunityId.of("1.2.3.4", "5.6.7.8", 17, 1122, 3344));
  }

  @Test
  void communityIdIsNullWhereItWouldBeWrong() {
    assertNull(CommunityId.of("1.2.3.4", "5.6.7.8", 1, 0, 0), "ICMP needs type/code");
    assertNull(CommunityId.of("not-an-ip", "5.6.7.8", 6, 1, 2));
    assertNull(CommunityId.of(null, "5.6.7.8", 6, 1, 2));
  }
}
