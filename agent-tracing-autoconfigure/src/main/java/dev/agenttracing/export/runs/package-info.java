/**
 * Recent agent runs kept in memory: a bounded store of the last finished runs, fed by a
 * span exporter, read by the {@code agentruns} endpoint and its web page.
 */
@NullMarked
package dev.agenttracing.export.runs;

import org.jspecify.annotations.NullMarked;
