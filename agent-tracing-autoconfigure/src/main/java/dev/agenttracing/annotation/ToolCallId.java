package dev.agenttracing.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link Tool} method that carries the model's tool call id; its
 * {@code toString()} becomes {@code gen_ai.tool.call.id}. A {@code null} argument sets
 * nothing.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ToolCallId {

}
