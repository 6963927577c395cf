package io.idsspark.flow;

import java.util.Objects;

/**
 * One column of the flow schema: its name, storage type, unit, role and where it comes from in
 * CICFlowMeter.
 *
 * @param name snake_case column name, as written in flow files
 * @param type storage type in flow files and DataFrames
 * @param role identity, minimal feature, extended-only feature, label or metadata
 * @param unit unit of the value, e.g. {@code s}, {@code bytes}, {@code packets/s}; {@code ""} when
 *     none
 * @param cic2018Name the CSE-CIC-IDS2018 column this one is named after, or {@code null} if CIC has
 *     none
 * @param cic2017Name its CIC-IDS2017 column name where that differs from the 2018 name, else null
 * @param improvedName its column name in the improved CIC-IDS2017/2018 re-extraction (Engelen et
 *     al.) where that differs from the 2018 name, else null
 * @param cicComparable true when a CSE-CIC-IDS2018 (original layout) value means the same as the
 *     sniffer's value after prepare-cic's unit conversion; false when CIC's tool computed it
 *     differently
 * @param description what the value is, for the column table of docs/schema.md
 */
public record FlowColumn(
    String name,
    ColumnType type,
    Role role,
    String unit,
    String cic2018Name,
    String cic2017Name,
    String improvedName,
    boolean cicComparable,
    String description) {

  /** Storage type of a column. Feature columns are {@link #LONG} or {@link #DOUBLE}. */
  public enum ColumnType {
    /** ISO-8601 UTC instant with a trailing {@code Z}, e.g. {@code 2018-03-01T09:56:59.123456Z}. */
    TIMESTAMP,
    STRING,
    INT,
    LONG,
    DOUBLE
  }

  /** What a column is for. */
  public enum Role {
    /** Identifies the flow (never a model feature). */
    IDENTITY,
    /** Feature in both the minimal and the extended set. */
    MINIMAL,
    /** Feature in the extended set only. */
    EXTENDED,
    /** Ground truth, present in labelled data only. */
    LABEL,
    /** Bookkeeping written by the sniffer (never a model feature). */
    META
  }

  public FlowColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(description, "description");
  }

  /** True for model features (minimal or extended). */
  public boolean isFeature() {
    return role == Role.MINIMAL || role == Role.EXTENDED;
  }
}
