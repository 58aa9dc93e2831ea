/**
 * Annotations that mark agent runs, tools and LLM calls for tracing.
 */
@NullMarked
package dev.agenttracing.annotation;

import org.jspecify.annotations.NullMarked;
