package dev.agenttracing.content;

import org.jspecify.annotations.Nullable;

/**
 * The content of an LLM request or response, as an {@link LlmContentExtractor} reads it
 * from a type agent-tracing does not know. Each value may be a text, a list of texts, or
 * messages: maps or objects with a {@code role} and a {@code content}, {@code text} or
 * {@code parts} property.
 *
 * @param systemInstructions the system instructions, or {@code null}
 * @param messages the input or output messages, or {@code null}
 * @author agent-tracing
 * @since 0.1.0
 */
public record LlmContent(@Nullable Object systemInstructions, @Nullable Object messages) {

	/**
	 * Content made of messages only.
	 * @param messages the messages
	 * @return the content
	 */
	public static LlmContent ofMessages(@Nullable Object messages) {
		return new LlmContent(null, messages);
	}

}
