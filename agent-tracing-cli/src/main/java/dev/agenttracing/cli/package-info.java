/**
 * A command line for agent-tracing's trace files: list runs, show a run's span tree, sum
 * up runs per agent and model.
 */
@NullMarked
package dev.agenttracing.cli;

import org.jspecify.annotations.NullMarked;
