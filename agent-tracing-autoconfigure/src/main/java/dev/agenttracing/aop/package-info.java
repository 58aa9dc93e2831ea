/**
 * The Spring AOP advisors that turn agent-tracing annotations into spans.
 */
@NullMarked
package dev.agenttracing.aop;

import org.jspecify.annotations.NullMarked;
