package io.idsspark.cic;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CIC label spellings to one canonical {@code attack_type} family. The families are shared with
 * {@code generate} ({@code syn_flood}, {@code port_scan}, {@code udp_flood}, {@code slow_http},
 * {@code brute_force} are its kinds), so synthetic and CIC data can be compared per family.
 *
 * <p>Matching is on a normalised label: lower case, every run of non-letters/digits one space (so
 * {@code DDOS attack-HOIC}, {@code DDoS-HOIC} and {@code Web Attack � Brute Force} all match). The
 * first rule whose words all occur wins, in table order.
 */
final class LabelFamilies {
  static final String BENIGN = "benign";

  /** Every family a row can get. */
  static final Set<String> FAMILIES =
      Set.of(
          BENIGN,
          "dos",
          "ddos",
          "slow_http",
          "syn_flood",
          "udp_flood",
          "port_scan",
          "brute_force",
          "web_attack",
          "infiltration",
          "botnet",
          "heartbleed");

  /** (words that must all occur, family), first match wins. */
  private static final List<String[]> RULES =
      List.of(
          new String[] {"benign", BENIGN},
          new String[] {"heartbleed", "heartbleed"},
          new String[] {
            "portscan", "port_scan"
          }, // 2017 PortScan; improved "Infiltration - NMAP Portscan"
          new String[] {"port scan", "port_scan"},
          new String[] {"web", "web_attack"}, // "Web Attack - XSS", "Brute Force -Web" (2018)
          new String[] {"xss", "web_attack"},
          new String[] {"sql injection", "web_attack"},
          new String[] {"slowloris", "slow_http"},
          new String[] {"slowhttptest", "slow_http"},
          new String[] {"loic udp", "udp_flood"},
          new String[] {"syn", "syn_flood"},
          new String[] {"ddos", "ddos"}, // DDoS, DDOS attack-HOIC, DDoS attacks-LOIC-HTTP
          new String[] {"dos", "dos"}, // DoS Hulk, DoS attacks-GoldenEye, ...
          new String[] {"patator", "brute_force"},
          new String[] {"bruteforce", "brute_force"}, // SSH-Bruteforce, FTP-BruteForce
          new String[] {"brute force", "brute_force"},
          new String[] {"infilteration", "infiltration"}, // sic, 2018
          new String[] {"infiltration", "infiltration"},
          new String[] {"botnet", "botnet"}, // improved "Botnet Ares"
          new String[] {"bot", "botnet"}); // 2017 "Bot"

  private LabelFamilies() {}

  /** Lower case, non-alphanumeric runs to one space, trimmed. */
  static String normalise(String label) {
    StringBuilder b = new StringBuilder(label.length());
    boolean space = false;
    for (int i = 0; i < label.length(); i++) {
      char c = Character.toLowerCase(label.charAt(i));
      if (c < 128 && Character.isLetterOrDigit(c)) {
        if (space && b.length() > 0) {
          b.append(' ');
        }
        b.append(c);
        space = false;
      } else {
        space = true;
      }
    }
    return b.toString();
  }

  /**
   * The family of a CIC label, or null when no rule matches. {@code "X - Attempted"} (improved
   * sets: the attack did not get through) keeps X's family.
   */
  static String family(String label) {
    String n = " " + normalise(label.toLowerCase(Locale.ROOT)) + " ";
    for (String[] rule : RULES) {
      if (n.contains(" " + rule[0] + " ")) {
        return rule[1];
      }
    }
    return null;
  }
}
