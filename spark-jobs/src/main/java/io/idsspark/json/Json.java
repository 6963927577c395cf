package io.idsspark.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.errors.Messages;

/**
 * Strict JSON reading helpers for model files: every missing or mistyped field becomes a one-line
 * {@link IdsException#model} naming the file and the field. Shared by the model and forest
 * packages; not an API for other parts.
 */
public final class Json {
  /**
   * Mapper for model files: duplicate keys and trailing tokens are errors, output indented; when
   * binding to records, an unknown or null field, a string or fraction where a number or an integer
   * belongs are errors too (no silent coercion of a damaged file). Optional fields may be absent; a
   * required object field given as null is for the class to refuse.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
          .build();

  private Json() {}

  /**
   * A document as UTF-8 bytes: objects indented, arrays of numbers on one line (a 100-tree model
   * stays a few MB instead of one line per number).
   */
  public static byte[] write(JsonNode node) {
    try {
      DefaultPrettyPrinter pp =
          new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);
      return MAPPER.writer(pp).writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record or annotated class as a JSON tree (Jackson databind; the class's annotations). */
  public static ObjectNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /**
   * Binds a JSON object to a record or annotated class (Jackson databind), strictly: a missing
   * required, unknown, null or mistyped field, or a value its constructor refuses, is a one-line
   * {@link IdsException#model} naming {@code where} and the field.
   */
  public static <T> T read(JsonNode o, Class<T> type, String where) {
    if (o == null || !o.isObject()) {
      throw IdsException.model(where + ": expected a JSON object");
    }
    try {
      return MAPPER.treeToValue(o, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      Throwable c = e.getCause();
      if (c instanceof IllegalArgumentException) {
        throw IdsException.model(where + ": " + Messages.oneLine(c.getMessage()));
      }
      String field =
          e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                  && !m.getPath().isEmpty()
              ? " '" + path(m.getPath()) + "'"
              : "";
      throw IdsException.model(
          where + ":" + field + " " + Messages.oneLine(e.getOriginalMessage()));
    }
  }

  /** A binding error's place as {@code trees[3].left} or {@code counts.http}. */
  private static String path(
      java.util.List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (var r : refs) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /** Parses a whole document. */
  public static JsonNode parse(String text, String where) {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw IdsException.model(where + ": empty file (truncated?)");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String m = e.getOriginalMessage();
      String loc =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw IdsException.model(
          where + ": not valid JSON (corrupted or truncated?)" + loc + ": " + Messages.oneLine(m));
    }
  }

  private static int requireInt(JsonNode o, String field, String where) {
    JsonNode n = o == null ? null : o.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
      throw IdsException.model(where + ": '" + field + "' must be an integer");
    }
    return n.intValue();
  }

  /**
   * Reads {@code format_version} and refuses a version newer than {@code max}, one message for
   * every model file.
   *
   * @param label how the field is named in the message, e.g. {@code format_version}
   * @param advice what the user should do, e.g. {@code upgrade ids-spark}
   */
  public static int requireFormatVersion(
      JsonNode o, String where, String fieldWhere, String label, int max, String advice) {
    int v = requireInt(o, "format_version", fieldWhere);
    if (v > max) {
      throw IdsException.model(
          where
              + ": "
              + label
              + " "
              + v
              + " is newer than this program reads ("
              + max
              + "); "
              + advice);
    }
    return v;
  }
}
