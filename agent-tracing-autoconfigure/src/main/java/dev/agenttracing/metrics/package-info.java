/**
 * GenAI client metrics through Micrometer.
 */
@NullMarked
package dev.agenttracing.metrics;

import org.jspecify.annotations.NullMarked;
