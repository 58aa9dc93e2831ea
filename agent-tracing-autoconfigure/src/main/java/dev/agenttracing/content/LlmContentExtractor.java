package dev.agenttracing.content;

import org.jspecify.annotations.Nullable;

/**
 * Reads the content of an LLM call from a type agent-tracing does not know, such as a
 * client library's prompt or response class, like
 * {@link dev.agenttracing.LlmResultExtractor} does for usage. Declare one as a bean;
 * extractors are asked in order about each argument and the result of an {@code @LlmCall}
 * method, and the first non-null answer wins. Only asked when content is recorded, and
 * everything it returns is redacted.
 *
 * <pre class="code">
 * &#64;Bean
 * LlmContentExtractor promptContent() {
 *     return (value) -&gt; (value instanceof Prompt prompt)
 *             ? new LlmContent(prompt.getSystemMessage().getText(), prompt.getUserMessages()) : null;
 * }
 * </pre>
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@FunctionalInterface
public interface LlmContentExtractor {

	/**
	 * Read the content.
	 * @param value an argument or the result of an LLM call, never {@code null}
	 * @return the content, or {@code null} when this extractor does not handle the value
	 */
	@Nullable LlmContent extract(Object value);

}
