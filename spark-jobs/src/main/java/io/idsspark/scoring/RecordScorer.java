package io.idsspark.scoring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.TopFeature;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.model.StoredModel;
import io.idsspark.model.Thresholds;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores one flow record given as a JSON object (a message of {@code sniffer --kafka}: the flow
 * schema's field names, numbers as numbers, null or absent for none) straight from its bytes: a
 * streaming read of the fields the model and an alert need into arrays, the forest, and the alert
 * when the flow is yellow or red. It is what {@code detect --trigger realtime} does per message,
 * where Spark's {@code from_json} into ~90 typed columns was 44 % of the tasks' CPU (profile in
 * docs/benchmarks.md, "detect from Kafka").
 *
 * <p>Reads as Spark reads the same message with the flow schema (detect's micro-batch Kafka
 * source): a model input that is null or absent is missing (the feature's fill), other fields are
 * ignored. What makes a message a dead letter, with its reason: not one JSON object; no {@code
 * timestamp}, {@code src_ip} or {@code dst_ip}; a field of the schema whose value is of the wrong
 * kind (text, true/false, an object or array where a number belongs, a fraction or out-of-range
 * number where an integer belongs, an object or array where text belongs). A model without host
 * context only: context needs the stream's state.
 */
public final class RecordScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final JsonFactory JSON = new JsonFactory();

  /** The reason of a message that is not one JSON object. */
  public static final String NOT_A_RECORD = "not a JSON object of flow record fields";

  private final String version;
  private final IsolationForestModel model;
  private final Thresholds thresholds;
  private final int topFeatures;
  // the fields read: name -> slot, and per slot its type
  private final Map<String, Integer> slots = new HashMap<>();
  private final List<FlowColumn.ColumnType> types = new ArrayList<>();
  private final int[] inputSlots;
  private final int[] identitySlots;
  private final int[] bytesSlots;
  private final int[] packetsSlots;

  private RecordScorer(StoredModel stored, int topFeatures) {
    this.version = stored.version();
    this.model = stored.forest();
    this.thresholds = stored.thresholds();
    this.topFeatures = topFeatures;
    this.inputSlots = slots(model.pipeline().inputColumnNames(), stored);
    this.identitySlots = slots(FlowSchema.IDENTITY_COLUMNS, stored);
    this.bytesSlots = slots(AlertRows.BYTES_OF, stored);
    this.packetsSlots = slots(AlertRows.PACKETS_OF, stored);
  }

  private int[] slots(List<String> fields, StoredModel stored) {
    int[] out = new int[fields.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = slot(fields.get(i), stored);
    }
    return out;
  }

  /**
   * The scorer of {@code model}, naming {@code topFeatures} features per alert.
   *
   * @throws IdsException when the model reads a column that is not a flow record field (host
   *     context, which a single message cannot give)
   */
  public static RecordScorer of(StoredModel model, int topFeatures) {
    return new RecordScorer(model, topFeatures);
  }

  private int slot(String name, StoredModel stored) {
    Integer have = slots.get(name);
    if (have != null) {
      return have;
    }
    FlowColumn c =
        FlowSchema.column(name)
            .orElseThrow(
                () ->
                    IdsException.usage(
                        "model "
                            + stored.version()
                            + " reads '"
                            + name
                            + "', which is not a field of a flow record (host context needs"
                            + " micro-batches)"));
    slots.put(name, types.size());
    types.add(c.type());
    return types.size() - 1;
  }

  /** Scratch space for one thread; not thread-safe. */
  public Worker worker() {
    return new Worker();
  }

  /**
   * What became of a message: {@link #alert} for a yellow or red flow, {@link #reason} for a dead
   * letter, both null for a normal flow.
   */
  public record Verdict(Alert alert, String reason) {
    static final Verdict NORMAL = new Verdict(null, null);

    static Verdict dead(String reason) {
      return new Verdict(null, reason);
    }
  }

  /** Per-thread state: the values of the last message read. */
  public final class Worker {
    private final String[] text = new String[types.size()];
    private final double[] number = new double[types.size()];
    private final double[] in = new double[inputSlots.length];
    private final double[] raw = new double[model.pipeline().size()];

    private Worker() {}

    /** The verdict on one message's value (null: no value, a dead letter). */
    public Verdict judge(byte[] value) {
      String bad = value == null ? NOT_A_RECORD : read(value);
      if (bad != null) {
        return Verdict.dead(bad);
      }
      for (int i = 0; i < 3; i++) {
        if (text[identitySlots[i]] == null) {
          return Verdict.dead("no " + FlowSchema.IDENTITY_COLUMNS.get(i));
        }
      }
      for (int j = 0; j < in.length; j++) {
        in[j] = number[inputSlots[j]];
      }
      model.pipeline().features(in, raw);
      double score = model.score(raw);
      String level = thresholds.level(score);
      if (level.equals(Thresholds.NORMAL)) {
        return Verdict.NORMAL;
      }
      List<TopFeature> top = new ArrayList<>(topFeatures);
      for (IsolationForestModel.FeatureContribution c : model.topFeatures(raw, topFeatures)) {
        top.add(AlertRows.topFeature(c.toRow())); // as the typed path reads it
      }
      Alert a =
          new Alert(
              text[identitySlots[0]],
              text[identitySlots[1]],
              text[identitySlots[2]],
              integer(identitySlots[3]),
              integer(identitySlots[4]),
              integer(identitySlots[5]),
              score,
              level.equals(Thresholds.RED) ? Alert.RED : Alert.YELLOW,
              version,
              top,
              sum(bytesSlots),
              sum(packetsSlots),
              Alert.BY_SOURCE); // no host context: by source, as AlertRows keys it
      return new Verdict(a, null);
    }

    /** Reads the message into {@link #text} / {@link #number}; null, or why it is a dead letter. */
    private String read(byte[] value) {
      java.util.Arrays.fill(text, null);
      java.util.Arrays.fill(number, Double.NaN);
      try (JsonParser p = JSON.createParser(value)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return NOT_A_RECORD;
        }
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          JsonToken t = p.nextToken();
          Integer s = slots.get(name);
          if (s == null) {
            p.skipChildren();
            continue;
          }
          String why = field(p, t, s);
          if (why != null) {
            return name + ": " + why;
          }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
          return NOT_A_RECORD;
        }
        return null;
      } catch (IOException e) {
        // malformed JSON, or a number beyond a long
        return NOT_A_RECORD;
      }
    }

    /** Reads one value of slot {@code s}: null, or why it is of the wrong kind. */
    private String field(JsonParser p, JsonToken t, int s) throws IOException {
      text[s] = null;
      number[s] = Double.NaN;
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      switch (types.get(s)) {
        case TIMESTAMP, STRING -> {
          if (!t.isScalarValue() || t.isBoolean()) {
            return "not text";
          }
          text[s] = p.getText();
        }
        case INT, LONG -> {
          if (t != JsonToken.VALUE_NUMBER_INT) {
            return "not an integer";
          }
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              || types.get(s) == FlowColumn.ColumnType.INT
                  && p.getNumberType() != JsonParser.NumberType.INT) {
            return "out of range";
          }
          number[s] = p.getLongValue();
        }
        case DOUBLE -> {
          if (!t.isNumeric()) {
            return "not a number";
          }
          number[s] = p.getDoubleValue();
        }
      }
      return null;
    }

    private Integer integer(int s) {
      return Double.isNaN(number[s]) ? null : (int) number[s];
    }

    /** The sum of two fields as an alert's bytes or packets; null when either is missing. */
    private Long sum(int[] of) {
      long total = 0;
      for (int slot : of) {
        if (Double.isNaN(number[slot])) {
          return null;
        }
        total += (long) number[slot];
      }
      return total;
    }
  }
}
