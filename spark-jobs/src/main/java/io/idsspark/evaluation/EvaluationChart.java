package io.idsspark.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws {@code evaluation.png} from the metrics document: the ROC curve (left) and the score
 * histogram per class as shares of each class (right), with the yellow and red thresholds marked.
 * JFreeChart, headless.
 */
public final class EvaluationChart {
  private static final int W = 640;
  private static final int H = 480;

  private EvaluationChart() {}

  public static void write(JsonNode m, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeries roc = new XYSeries("ROC", false);
    for (JsonNode p : m.get("roc")) {
      roc.add(p.get(0).asDouble(), p.get(1).asDouble());
    }
    XYSeries chance = new XYSeries("chance", false);
    chance.add(0, 0);
    chance.add(1, 1);
    XYSeriesCollection rocData = new XYSeriesCollection(roc);
    rocData.addSeries(chance);
    JFreeChart rocChart =
        ChartFactory.createXYLineChart(
            String.format(
                Locale.ROOT,
                "ROC (AUROC %.4f, AUPRC %.4f)",
                m.get("auroc").asDouble(),
                m.get("auprc").asDouble()),
            "false-positive rate",
            "true-positive rate",
            rocData,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    rocChart.getXYPlot().getDomainAxis().setRange(0, 1);
    rocChart.getXYPlot().getRangeAxis().setRange(0, 1.001);
    JsonNode h = m.get("score_histogram");
    int bins = h.get("bins").asInt();
    XYSeriesCollection histData = new XYSeriesCollection();
    for (String cls : new String[] {"benign", "attack"}) {
      XYSeries s = new XYSeries(cls, false);
      double total = 0;
      for (JsonNode c : h.get(cls)) {
        total += c.asDouble();
      }
      for (int b = 0; b < bins; b++) {
        double share = total == 0 ? 0 : h.get(cls).get(b).asDouble() / total;
        s.add((double) b / bins, share);
        s.add((double) (b + 1) / bins, share);
      }
      histData.addSeries(s);
    }
    JFreeChart histChart =
        ChartFactory.createXYLineChart(
            "score histogram by class",
            "score",
            "share of the class",
            histData,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot hp = histChart.getXYPlot();
    hp.setRenderer(new XYLineAndShapeRenderer(true, false));
    hp.getRenderer().setSeriesPaint(0, new Color(0x1f77b4));
    hp.getRenderer().setSeriesPaint(1, new Color(0xd62728));
    hp.getDomainAxis().setRange(0, 1);
    ValueMarker yellow =
        new ValueMarker(
            m.at("/at_yellow/threshold").asDouble(),
            new Color(0xE0B000),
            new java.awt.BasicStroke(2f));
    yellow.setLabel("yellow");
    ValueMarker red =
        new ValueMarker(
            m.at("/at_red/threshold").asDouble(), Color.RED, new java.awt.BasicStroke(2f));
    red.setLabel("red");
    hp.addDomainMarker(yellow);
    hp.addDomainMarker(red);
    BufferedImage img = new BufferedImage(2 * W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    rocChart.draw(g, new Rectangle2D.Double(0, 0, W, H));
    histChart.draw(g, new Rectangle2D.Double(W, 0, W, H));
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }
}
