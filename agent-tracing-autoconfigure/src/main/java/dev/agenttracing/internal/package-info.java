/**
 * Adapters to other projects' non-public API, one class each, each with a test that fails
 * when that project changes it: Micrometer Tracing's private current-span key, the OTLP
 * exporters' failure type, the SDK's OTLP/JSON marshaler, the disk-buffering library's
 * internal logger name. Nothing else in agent-tracing imports another project's internal
 * package (an ArchUnit test checks it). Public only for agent-tracing's own packages.
 */
@NullMarked
package dev.agenttracing.internal;

import org.jspecify.annotations.NullMarked;
