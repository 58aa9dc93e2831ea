package dev.agenttracing.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Traces a method as a tool execution: an {@code execute_tool {name}} span of kind
 * INTERNAL. A parameter annotated with {@link ToolCallId} supplies
 * {@code gen_ai.tool.call.id}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Target({ ElementType.ANNOTATION_TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Tool {

	/**
	 * Tool name ({@code gen_ai.tool.name}); the method name when empty.
	 * @return the tool name
	 */
	String name() default "";

	/**
	 * What the tool does ({@code gen_ai.tool.description}).
	 * @return the description
	 */
	String description() default "";

	/**
	 * Tool type ({@code gen_ai.tool.type}): {@code function} for code the application
	 * runs, {@code extension} for a call to an external API, {@code datastore} for a data
	 * source.
	 * @return the tool type
	 */
	String type() default GenAiAttributes.TOOL_TYPE_FUNCTION;

}
