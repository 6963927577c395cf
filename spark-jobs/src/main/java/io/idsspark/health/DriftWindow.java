package io.idsspark.health;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Drift of a live stream: the bin counts of the rows seen in the last {@code windowMillis} (each
 * micro-batch adds its own, old batches leave), the PSI of each feature against the model's {@link
 * DriftReference}, and the rule that makes it a finding: some <em>watched</em> feature above {@code
 * psiLevel} for {@code sustainMillis} without a break. A finding is raised once per episode: it
 * stays current ({@link Verdict#drifting}) until every watched feature is back under the level.
 *
 * <p>Every feature's PSI is reported; which ones can raise a finding is the caller's choice. detect
 * watches a flow's own features and not its host context: a context input is a statistic of the
 * last 60 s of a host's traffic, so the flows of a few minutes share it and their distribution
 * follows who is busy right now (a backup, a crawler), which an hour of training averages over. In
 * the drift demo, on benign traffic of the training distribution, the live window's context inputs
 * reach PSI 0.3-1.5 while the flow's own stay at or under 0.1 (docs/quality.md, "Drift").
 */
public final class DriftWindow {
  /**
   * @param psiLevel a feature above it has drifted (0.25: a major shift)
   * @param windowMillis how much recent input the live histogram holds
   * @param sustainMillis how long a feature must stay above the level to count
   * @param minRows fewer rows in the window give no PSI (too noisy)
   * @param minSamples fewer batches in the window give no PSI: a batch's rows are consecutive flows
   *     that share their moment's traffic, so the noise of a PSI depends on how many moments the
   *     window holds more than on its rows
   * @param sampleEveryMillis how often detect samples a batch for the window (a sample is one small
   *     Spark job, ~0.1 s: on every 1-second batch it would cost a tenth of the stream's time);
   *     batches in between repeat the last verdict
   * @param graceMillis after a stream's first batch, how long a model with host context is not
   *     sampled: its hosts have no history yet, so their context is not what training saw
   */
  public record Settings(
      double psiLevel,
      long windowMillis,
      long sustainMillis,
      long minRows,
      int minSamples,
      long sampleEveryMillis,
      long graceMillis) {}

  /** A feature's PSI, and whether it can raise a finding. */
  public record FeaturePsi(String feature, double psi, boolean watched) {}

  /**
   * What the window says after a batch.
   *
   * @param top the features by PSI, highest first (empty without enough rows)
   * @param rows rows in the window
   * @param drifting a finding is current (sustained above the level)
   * @param raised this batch made it current (write the drift record now)
   * @param sinceMillis when the features went above the level (-1 when none is)
   */
  public record Verdict(
      List<FeaturePsi> top, long rows, boolean drifting, boolean raised, long sinceMillis) {
    /** The watched features above {@code level}, highest first. */
    public List<FeaturePsi> over(double level) {
      return top.stream().filter(f -> f.watched() && f.psi() > level).toList();
    }
  }

  private record Entry(long atMillis, long[][] counts, long rows) {}

  private final DriftReference reference;
  private final Settings settings;
  private final boolean[] watched;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private final long[][] sum;
  private long rows;
  private long overSince = -1;
  private boolean raised;

  /** A window in which every feature of {@code reference} is watched. */
  public DriftWindow(DriftReference reference, Settings settings) {
    this(reference, settings, f -> true);
  }

  /** A window in which the features {@code watched} accepts can raise a finding. */
  public DriftWindow(
      DriftReference reference, Settings settings, java.util.function.Predicate<String> watched) {
    this.reference = reference;
    this.settings = settings;
    this.sum = reference.newCounts();
    this.watched = new boolean[reference.features().size()];
    for (int f = 0; f < this.watched.length; f++) {
      this.watched[f] = watched.test(reference.features().get(f));
    }
  }

  public DriftReference reference() {
    return reference;
  }

  /**
   * Adds a batch's bin counts ({@link DriftReference#newCounts} shape) seen at {@code atMillis}.
   */
  public Verdict add(long atMillis, long[][] counts) {
    long n = 0;
    for (long c : counts[0]) {
      n += c;
    }
    entries.addLast(new Entry(atMillis, counts, n));
    plus(counts, 1);
    rows += n;
    while (!entries.isEmpty()
        && entries.peekFirst().atMillis() < atMillis - settings.windowMillis()) {
      Entry old = entries.removeFirst();
      plus(old.counts(), -1);
      rows -= old.rows();
    }
    List<FeaturePsi> top = new ArrayList<>();
    if (rows >= settings.minRows() && entries.size() >= settings.minSamples()) {
      for (int f = 0; f < sum.length; f++) {
        double psi = Psi.of(reference.shares()[f], sum[f]);
        if (!Double.isNaN(psi)) {
          top.add(new FeaturePsi(reference.features().get(f), psi, watched[f]));
        }
      }
      top.sort((a, b) -> Double.compare(b.psi(), a.psi()));
    }
    boolean over = top.stream().anyMatch(f -> f.watched() && f.psi() > settings.psiLevel());
    if (!over) {
      overSince = -1;
      raised = false;
      return new Verdict(top, rows, false, false, -1);
    }
    if (overSince < 0) {
      overSince = atMillis;
    }
    boolean drifting = atMillis - overSince >= settings.sustainMillis();
    boolean now = drifting && !raised;
    raised |= drifting;
    return new Verdict(top, rows, drifting, now, overSince);
  }

  private void plus(long[][] counts, int sign) {
    for (int f = 0; f < sum.length; f++) {
      for (int i = 0; i < sum[f].length; i++) {
        sum[f][i] += sign * counts[f][i];
      }
    }
  }
}
