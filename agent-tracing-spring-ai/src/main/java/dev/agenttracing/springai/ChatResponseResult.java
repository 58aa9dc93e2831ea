package dev.agenttracing.springai;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.util.StringUtils;

import dev.agenttracing.LlmResult;

/**
 * What one Spring AI model call answered, as agent-tracing reads it: response id and
 * model, finish reasons in the conventions' values, token usage with the cache counts
 * {@link Usage} reports, and the output messages (read only when content is recorded).
 * <p>
 * Spring AI's OpenAI module reports the usage of a tool-calling turn cumulated over its
 * rounds only in the {@code ChatClient} result; the observation of each model call
 * carries that call's own usage, which is what a model call span reports.
 *
 * @author agent-tracing
 */
final class ChatResponseResult implements LlmResult {

	private final ChatResponse response;

	private final @Nullable Usage usage;

	ChatResponseResult(ChatResponse response) {
		this.response = response;
		ChatResponseMetadata metadata = response.getMetadata();
		Usage usage = (metadata != null) ? metadata.getUsage() : null;
		// Spring AI's EmptyUsage stands for "no usage reported", not for zero tokens.
		this.usage = (usage instanceof EmptyUsage) ? null : usage;
	}

	@Override
	public @Nullable Object content() {
		return SpringAiMessages.output(this.response);
	}

	@Override
	public @Nullable String responseModel() {
		ChatResponseMetadata metadata = this.response.getMetadata();
		return (metadata != null) ? textOrNull(metadata.getModel()) : null;
	}

	@Override
	public @Nullable String responseId() {
		ChatResponseMetadata metadata = this.response.getMetadata();
		return (metadata != null) ? textOrNull(metadata.getId()) : null;
	}

	@Override
	public @Nullable List<String> finishReasons() {
		List<String> reasons = new ArrayList<>();
		for (Generation generation : this.response.getResults()) {
			String reason = FinishReasons.of(generation.getMetadata().getFinishReason());
			if (reason != null) {
				reasons.add(reason);
			}
		}
		return reasons.isEmpty() ? null : reasons;
	}

	@Override
	public @Nullable Long inputTokens() {
		return (this.usage != null) ? longOrNull(this.usage.getPromptTokens()) : null;
	}

	@Override
	public @Nullable Long outputTokens() {
		return (this.usage != null) ? longOrNull(this.usage.getCompletionTokens()) : null;
	}

	@Override
	public @Nullable Long cacheReadInputTokens() {
		return (this.usage != null) ? this.usage.getCacheReadInputTokens() : null;
	}

	@Override
	public @Nullable Long cacheCreationInputTokens() {
		return (this.usage != null) ? this.usage.getCacheWriteInputTokens() : null;
	}

	private static @Nullable Long longOrNull(@Nullable Integer tokens) {
		return (tokens != null) ? tokens.longValue() : null;
	}

	private static @Nullable String textOrNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
