package dev.agenttracing;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a model call returned, as far as tracing cares: implement it on the return type of
 * an {@code @LlmCall} method (every method defaults to {@code null}, meaning unknown), or
 * adapt another type with an {@link LlmResultExtractor}. Method names match record
 * components, so a record can implement it directly:
 *
 * <pre class="code">
 * record ChatAnswer(String text, String responseModel, Long inputTokens, Long outputTokens) implements LlmResult {}
 * </pre>
 *
 * Token counts follow the GenAI conventions: {@link #inputTokens()} includes cached input
 * tokens, {@link #cacheReadInputTokens()} and {@link #cacheCreationInputTokens()} are
 * subsets of it, {@link #reasoningOutputTokens()} is a subset of {@link #outputTokens()}.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public interface LlmResult {

	/**
	 * What the model answered, recorded as {@code gen_ai.output.messages} when content
	 * recording is on: a text, or messages (objects with a {@code role} and a
	 * {@code content}).
	 * @return the answer, or {@code null} when not known
	 */
	default @Nullable Object content() {
		return null;
	}

	/**
	 * @return the model that answered ({@code gen_ai.response.model})
	 */
	default @Nullable String responseModel() {
		return null;
	}

	/**
	 * @return the provider's id of the response ({@code gen_ai.response.id})
	 */
	default @Nullable String responseId() {
		return null;
	}

	/**
	 * @return one finish reason per choice, e.g. {@code ["stop"]}
	 */
	default @Nullable List<String> finishReasons() {
		return null;
	}

	/**
	 * @return input tokens, cached ones included
	 */
	default @Nullable Long inputTokens() {
		return null;
	}

	/**
	 * @return output tokens, reasoning ones included
	 */
	default @Nullable Long outputTokens() {
		return null;
	}

	/**
	 * @return input tokens read from the provider's cache
	 */
	default @Nullable Long cacheReadInputTokens() {
		return null;
	}

	/**
	 * @return input tokens written to the provider's cache
	 */
	default @Nullable Long cacheCreationInputTokens() {
		return null;
	}

	/**
	 * @return output tokens spent on reasoning
	 */
	default @Nullable Long reasoningOutputTokens() {
		return null;
	}

}
