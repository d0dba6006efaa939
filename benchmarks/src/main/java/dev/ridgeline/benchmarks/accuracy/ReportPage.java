package dev.ridgeline.benchmarks.accuracy;

import dev.ridgeline.benchmarks.chart.Chart;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report's self-contained HTML page: title, the figures table in the caller's order, and the
 * charts by relative link, so the directory can be moved or served as it is.
 */
final class ReportPage {

    private ReportPage() {
    }

    static String html(String title, Map<String, String> figures, List<AccuracyReport.ChartFile> charts) {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body { font-family: sans-serif; margin: 2em; color: #222; }\n")
                .append("table { border-collapse: collapse; margin-bottom: 2em; }\n")
                .append("th, td { border: 1px solid #ccc; padding: 0.3em 0.8em; text-align: left; }\n")
                .append("th { background: #f3f3f3; }\n")
                .append("img { display: block; margin-bottom: 2em; max-width: 100%; height: auto; }\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n")
                .append("<table>\n<tr><th>figure</th><th>value</th></tr>\n");
        figures.forEach((name, value) -> page.append("<tr><td>").append(escape(name)).append("</td><td>")
                .append(escape(Objects.toString(value, ""))).append("</td></tr>\n"));
        page.append("</table>\n");
        charts.forEach(chart -> page.append(image(chart.file(), chart.description())));
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    private static String image(String file, String description) {
        return "<h2>" + escape(description) + "</h2>\n<img src=\"" + escape(file) + "\" width=\"" + Chart.WIDTH
                + "\" height=\"" + Chart.HEIGHT + "\" alt=\"" + escape(description) + "\">\n";
    }

    /** Escapes the five characters that can break out of text or a quoted attribute. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
