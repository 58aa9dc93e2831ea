/**
 * Trace files for local work: one OTLP/JSON file per trace, with bounded retention.
 */
@NullMarked
package dev.agenttracing.export.jsonl;

import org.jspecify.annotations.NullMarked;
