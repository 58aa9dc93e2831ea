package dev.agenttracing.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.agenttracing.ContentRecording;

/**
 * Traces a method as an agent run: an {@code invoke_agent {name}} span of kind INTERNAL.
 * On a type, every public method of the bean is traced; an annotation on a method wins
 * over the one on its type. Empty attributes mean "derive it" or "not given".
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Target({ ElementType.ANNOTATION_TYPE, ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface AgentRun {

	/**
	 * Agent name ({@code gen_ai.agent.name}); the bean's simple class name when empty.
	 * @return the agent name
	 */
	String name() default "";

	/**
	 * Free-text description of the agent ({@code gen_ai.agent.description}).
	 * @return the description
	 */
	String description() default "";

	/**
	 * Stable agent identifier ({@code gen_ai.agent.id}).
	 * @return the agent id
	 */
	String id() default "";

	/**
	 * Agent version ({@code gen_ai.agent.version}).
	 * @return the agent version
	 */
	String version() default "";

	/**
	 * GenAI provider the agent talks to ({@code gen_ai.provider.name}, e.g.
	 * {@code openai}); {@code agent.tracing.default-provider} when empty.
	 * @return the provider name
	 */
	String provider() default "";

	/**
	 * Whether this agent records its content (input and output messages, and the content
	 * of the tools, LLM calls and subagents it calls), overriding
	 * {@code agent.tracing.content.enabled}: {@code OFF} keeps a sensitive agent dark
	 * while others record.
	 * @return the content recording setting
	 */
	ContentRecording content() default ContentRecording.DEFAULT;

	/**
	 * The conversation the run belongs to ({@code gen_ai.conversation.id}): a SpEL
	 * expression over the method's parameters, such as {@code #request.sessionId} or
	 * {@code #p0}, evaluated on every call. Read-only: properties, record components and
	 * instance methods. An expression that cannot work for the method (syntax, unknown
	 * parameter, unknown property) stops the application at startup with a message naming
	 * the method. An enclosing {@code AgentContext} that already names a conversation
	 * wins.
	 * @return the conversation id expression, empty for none
	 */
	String conversationId() default "";

}
