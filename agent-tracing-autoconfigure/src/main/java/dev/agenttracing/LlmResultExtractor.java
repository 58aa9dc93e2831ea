package dev.agenttracing;

import org.jspecify.annotations.Nullable;

/**
 * Reads {@link LlmResult} data from a type agent-tracing does not know, such as a client
 * library's response class. Declare one as a bean; extractors are asked in order and the
 * first non-null answer wins. Streaming calls ask about each element, so an extractor
 * should answer {@code null} quickly for types it does not handle.
 *
 * <pre class="code">
 * &#64;Bean
 * LlmResultExtractor chatResponseExtractor() {
 *     return (value) -&gt; (value instanceof ChatResponse response) ? new ChatResponseResult(response) : null;
 * }
 * </pre>
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@FunctionalInterface
public interface LlmResultExtractor {

	/**
	 * Read the result.
	 * @param value a return value or stream element of an LLM call, never {@code null}
	 * @return the result, or {@code null} when this extractor does not handle the value
	 */
	@Nullable LlmResult extract(Object value);

}
