package dev.agenttracing.langchain4j;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import dev.agenttracing.LlmResult;

/**
 * A LangChain4j {@link ChatResponse} as agent-tracing reads a model's answer: response
 * model and id, finish reasons in the conventions' words, token counts (cached and
 * reasoning ones where the provider's usage type reports them) and the answer as an
 * assistant message.
 *
 * @author agent-tracing
 */
final class ChatResponseResult implements LlmResult {

	private static final boolean OPEN_AI_PRESENT = ClassUtils.isPresent("dev.langchain4j.model.openai.OpenAiTokenUsage",
			ChatResponseResult.class.getClassLoader());

	private final ChatResponse response;

	ChatResponseResult(ChatResponse response) {
		this.response = response;
	}

	@Override
	public @Nullable Object content() {
		if (this.response.aiMessage() == null) {
			return null;
		}
		Map<String, Object> message = ChatMessages.message(this.response.aiMessage());
		List<String> reasons = finishReasons();
		if (reasons != null) {
			message.put("finish_reason", reasons.get(0));
		}
		return message;
	}

	@Override
	public @Nullable String responseModel() {
		return this.response.modelName();
	}

	@Override
	public @Nullable String responseId() {
		return this.response.id();
	}

	@Override
	public @Nullable List<String> finishReasons() {
		FinishReason reason = this.response.finishReason();
		return (reason != null) ? List.of(finishReason(reason)) : null;
	}

	@Override
	public @Nullable Long inputTokens() {
		TokenUsage usage = this.response.tokenUsage();
		return (usage != null) ? toLong(usage.inputTokenCount()) : null;
	}

	@Override
	public @Nullable Long outputTokens() {
		TokenUsage usage = this.response.tokenUsage();
		return (usage != null) ? toLong(usage.outputTokenCount()) : null;
	}

	@Override
	public @Nullable Long cacheReadInputTokens() {
		if (OPEN_AI_PRESENT) {
			return OpenAiUsage.cachedTokens(this.response.tokenUsage());
		}
		return null;
	}

	@Override
	public @Nullable Long reasoningOutputTokens() {
		if (OPEN_AI_PRESENT) {
			return OpenAiUsage.reasoningTokens(this.response.tokenUsage());
		}
		return null;
	}

	/**
	 * LangChain4j's finish reason as the conventions name it.
	 * @param reason the finish reason
	 * @return {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter} or
	 * {@code other}
	 */
	static String finishReason(FinishReason reason) {
		return switch (reason) {
			case STOP -> "stop";
			case LENGTH -> "length";
			case TOOL_EXECUTION -> "tool_calls";
			case CONTENT_FILTER -> "content_filter";
			default -> reason.name().toLowerCase(Locale.ROOT);
		};
	}

	private static @Nullable Long toLong(@Nullable Integer value) {
		return (value != null) ? value.longValue() : null;
	}

	/** Only loaded when langchain4j-open-ai is on the class path. */
	private static final class OpenAiUsage {

		static @Nullable Long cachedTokens(@Nullable TokenUsage usage) {
			if (usage instanceof OpenAiTokenUsage openAi && openAi.inputTokensDetails() != null) {
				return toLong(openAi.inputTokensDetails().cachedTokens());
			}
			return null;
		}

		static @Nullable Long reasoningTokens(@Nullable TokenUsage usage) {
			if (usage instanceof OpenAiTokenUsage openAi && openAi.outputTokensDetails() != null) {
				return toLong(openAi.outputTokensDetails().reasoningTokens());
			}
			return null;
		}

	}

}
