package io.idsspark.scoring;

/**
 * Gives the scorer to use for the next batch. A source over a models root re-reads {@code LATEST}
 * on every call (the hot swap); a pinned version folder never changes.
 */
public interface ScorerSource {
  /** The scorer for the next batch; loads a newer model when {@code LATEST} moved. */
  FlowScorer current();
}
