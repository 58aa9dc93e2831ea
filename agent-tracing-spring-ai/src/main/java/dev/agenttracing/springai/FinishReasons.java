package dev.agenttracing.springai;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Turns the finish reasons Spring AI's model modules report ({@code "TOOL_CALLS"} from
 * OpenAI, {@code "end_turn"} from Anthropic...) into the conventions' lower-case values.
 *
 * @author agent-tracing
 */
final class FinishReasons {

	private FinishReasons() {
	}

	/**
	 * The value for {@code gen_ai.response.finish_reasons}.
	 * @param reason what Spring AI reports
	 * @return {@code stop}, {@code length}, {@code content_filter}, {@code tool_calls},
	 * {@code error}, or the reason lower-cased; {@code null} for none
	 */
	static @Nullable String of(@Nullable String reason) {
		if (reason == null || reason.isBlank()) {
			return null;
		}
		String value = reason.trim().toLowerCase(Locale.ROOT);
		return switch (value) {
			case "stop", "end_turn", "stop_sequence", "pause_turn", "finish_reason_unspecified" -> "stop";
			case "length", "max_tokens", "model_context_window_exceeded" -> "length";
			case "content_filter", "refusal", "safety", "recitation", "blocklist", "prohibited_content", "spii" ->
				"content_filter";
			case "tool_calls", "tool_call", "tool_use", "function_call" -> "tool_calls";
			case "error", "malformed_function_call" -> "error";
			default -> value;
		};
	}

	/**
	 * The value for an output message's {@code finish_reason}, whose schema names the
	 * tool case {@code tool_call}.
	 * @param reason what Spring AI reports
	 * @return the schema's value, {@code stop} when none is reported
	 */
	static String ofMessage(@Nullable String reason) {
		String value = of(reason);
		if (value == null) {
			return "stop";
		}
		return "tool_calls".equals(value) ? "tool_call" : value;
	}

}
