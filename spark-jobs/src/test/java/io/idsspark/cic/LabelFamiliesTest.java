package io.idsspark.cic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.synthetic.FlowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelFamiliesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Benign|benign",
        "BENIGN|benign",
        "Infilteration|infiltration",
        "Infiltration|infiltration",
        "Infiltration - Communication Victim Attacker|infiltration",
        "Infiltration - NMAP Portscan|port_scan",
        "PortScan|port_scan",
        "DDOS attack-HOIC|ddos",
        "DDoS attacks-LOIC-HTTP|ddos",
        "DDoS-HOIC|ddos",
        "DDoS|ddos",
        "DDOS attack-LOIC-UDP|udp_flood",
        "DDoS-LOIC-UDP|udp_flood",
        "DoS attacks-Hulk|dos",
        "DoS Hulk|dos",
        "DoS GoldenEye|dos",
        "DoS Hulk - Attempted|dos",
        "DoS attacks-Slowloris|slow_http",
        "DoS slowloris|slow_http",
        "DoS Slowhttptest|slow_http",
        "DoS attacks-SlowHTTPTest|slow_http",
        "SSH-Bruteforce|brute_force",
        "SSH-BruteForce|brute_force",
        "FTP-BruteForce|brute_force",
        "FTP-Patator|brute_force",
        "SSH-Patator|brute_force",
        "Brute Force -Web|web_attack",
        "Brute Force -XSS|web_attack",
        "SQL Injection|web_attack",
        "Web Attack \uFFFD Brute Force|web_attack",
        "Web Attack - Sql Injection|web_attack",
        "Bot|botnet",
        "Botnet Ares|botnet",
        "Heartbleed|heartbleed"
      })
  void cicSpellingsMapToOneFamily(String label, String family) {
    assertEquals(family, LabelFamilies.family(label));
  }

  @Test
  void unknownLabelsAreNotGuessed() {
    assertNull(LabelFamilies.family("Smurf"));
    assertNull(LabelFamilies.family(""));
  }

  @Test
  void generatorKindsAreFamilies() {
    for (FlowKind k : FlowKind.values()) {
      assertTrue(LabelFamilies.FAMILIES.contains(k.attackType()), k.attackType());
    }
  }
}
