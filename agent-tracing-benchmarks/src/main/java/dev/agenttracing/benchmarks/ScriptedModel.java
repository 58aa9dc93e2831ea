package dev.agenttracing.benchmarks;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.agenttracing.LlmResult;
import dev.agenttracing.annotation.LlmCall;

/**
 * The LLM call of the small agent run (case 6): a scripted reply with token usage, so
 * that the measurement is the tracing around a model call, not a model.
 *
 * @author agent-tracing
 */
public class ScriptedModel {

	@LlmCall(provider = "openai", model = "gpt-4o-mini")
	public Reply chat(String prompt) {
		return new Reply(prompt.isEmpty() ? "?" : "Trip planned.");
	}

	/**
	 * A model reply that reports its usage.
	 *
	 * @param text the reply
	 */
	public record Reply(String text) implements LlmResult {

		@Override
		public @Nullable String responseModel() {
			return "gpt-4o-mini-2024-07-18";
		}

		@Override
		public @Nullable String responseId() {
			return "chatcmpl-1";
		}

		@Override
		public @Nullable List<String> finishReasons() {
			return List.of("stop");
		}

		@Override
		public @Nullable Long inputTokens() {
			return 120L;
		}

		@Override
		public @Nullable Long outputTokens() {
			return 30L;
		}

	}

}
