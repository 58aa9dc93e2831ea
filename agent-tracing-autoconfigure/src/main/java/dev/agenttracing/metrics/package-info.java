/**
 * Metrics of finished operations: the {@link dev.agenttracing.metrics.OperationMetrics}
 * SPI that {@code AgentTracer} reports to, and the GenAI client metrics through
 * Micrometer.
 */
@NullMarked
package dev.agenttracing.metrics;

import org.jspecify.annotations.NullMarked;
