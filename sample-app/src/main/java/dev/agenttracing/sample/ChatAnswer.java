package dev.agenttracing.sample;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.LlmResult;

/**
 * What the (scripted) model answers: text or a tool call, with the usage a real provider
 * reports. Implementing {@link LlmResult} is all it takes for agent-tracing to read it.
 *
 * @param text the answer text, or {@code null} for a tool call
 * @param toolName the tool the model wants called, or {@code null}
 * @param toolArgument the tool's argument
 * @param responseId the provider's response id
 * @param responseModel the model that answered
 * @param inputTokens input tokens
 * @param outputTokens output tokens
 * @param cacheReadInputTokens input tokens served from the prompt cache
 */
public record ChatAnswer(@Nullable String text, @Nullable String toolName, @Nullable String toolArgument,
		String responseId, String responseModel, Long inputTokens, Long outputTokens, Long cacheReadInputTokens)
		implements LlmResult {

	@Override
	public List<String> finishReasons() {
		return List.of((this.toolName != null) ? "tool_call" : "stop");
	}

}
