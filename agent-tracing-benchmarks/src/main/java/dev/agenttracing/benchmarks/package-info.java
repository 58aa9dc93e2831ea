/**
 * JMH benchmarks that measure what agent-tracing costs per call, beside the alternatives.
 */
@NullMarked
package dev.agenttracing.benchmarks;

import org.jspecify.annotations.NullMarked;
