/**
 * Turns the driver's JSON result lines and JMH's JSON output into the report's Markdown tables
 * and an SVG chart. Entry point: {@link dev.channels.bench.report.ReportMain}.
 */
package dev.channels.bench.report;
