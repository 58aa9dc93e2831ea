package dev.agenttracing.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Traces a method as a call to a model: a {@code {operation} {model}} span of kind
 * CLIENT, such as {@code chat gpt-4o}. Response model, id, finish reasons and token usage
 * are read from the return value: a {@link dev.agenttracing.LlmResult}, or any type an
 * {@link dev.agenttracing.LlmResultExtractor} bean understands. A Reactor {@code Flux}
 * return value is traced as a stream: the span stays open until it terminates.
 * <p>
 * {@link #provider()} and {@link #model()} take a literal, or a SpEL expression over the
 * method's arguments when they start with {@code #} (e.g.
 * {@code model = "#request.model"}), so one client method serving several models is
 * traced correctly. Expressions are read-only and are checked when the bean is created:
 * one that cannot work for the method (syntax, unknown parameter, unknown property) stops
 * the application with a message naming the method.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Target({ ElementType.ANNOTATION_TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LlmCall {

	/**
	 * Provider name ({@code gen_ai.provider.name}, e.g. {@code openai}) or a SpEL
	 * expression starting with {@code #}; {@code agent.tracing.default-provider} when
	 * empty.
	 * @return the provider
	 */
	String provider() default "";

	/**
	 * Requested model ({@code gen_ai.request.model}, e.g. {@code gpt-4o}) or a SpEL
	 * expression starting with {@code #}; {@code agent.tracing.default-model} when empty.
	 * @return the model
	 */
	String model() default "";

	/**
	 * Operation ({@code gen_ai.operation.name}): {@code chat}, {@code text_completion},
	 * {@code generate_content} or {@code embeddings}.
	 * @return the operation name
	 */
	String operation() default GenAiAttributes.OPERATION_CHAT;

	/**
	 * Host of the model server ({@code server.address}), when known.
	 * @return the server address
	 */
	String serverAddress() default "";

	/**
	 * Port of the model server ({@code server.port}); negative when unknown.
	 * @return the server port
	 */
	int serverPort() default -1;

}
