package dev.agenttracing.sample;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.LlmResult;

/**
 * One streamed chunk; like real providers, only the last chunk carries usage.
 *
 * @param text the chunk's text
 * @param inputTokens input tokens, on the last chunk only
 * @param outputTokens output tokens, on the last chunk only
 */
public record ChatChunk(String text, @Nullable Long inputTokens, @Nullable Long outputTokens) implements LlmResult {

	@Override
	public String responseModel() {
		return ScriptedLlm.MODEL;
	}

}
