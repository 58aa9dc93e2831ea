package dev.agenttracing.springai;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.prompt.ChatOptions;

import dev.agenttracing.StartedOperation;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Sets the {@code gen_ai.request.*} attributes from a Spring AI request's options.
 *
 * @author agent-tracing
 */
final class RequestParameters {

	private RequestParameters() {
	}

	static void apply(StartedOperation call, @Nullable ChatOptions options) {
		if (options == null) {
			return;
		}
		setDouble(call, GenAiAttributes.REQUEST_TEMPERATURE, options.getTemperature());
		setDouble(call, GenAiAttributes.REQUEST_TOP_P, options.getTopP());
		if (options.getTopK() != null) {
			call.setAttribute(GenAiAttributes.REQUEST_TOP_K, options.getTopK().doubleValue());
		}
		if (options.getMaxTokens() != null) {
			call.setAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, options.getMaxTokens().longValue());
		}
		setDouble(call, GenAiAttributes.REQUEST_FREQUENCY_PENALTY, options.getFrequencyPenalty());
		setDouble(call, GenAiAttributes.REQUEST_PRESENCE_PENALTY, options.getPresencePenalty());
		List<String> stop = options.getStopSequences();
		if (stop != null && !stop.isEmpty()) {
			call.setAttribute(GenAiAttributes.REQUEST_STOP_SEQUENCES, List.copyOf(stop));
		}
		Long seed = ProviderOptions.seed(options);
		if (seed != null) {
			call.setAttribute(GenAiAttributes.REQUEST_SEED, seed);
		}
	}

	private static void setDouble(StartedOperation call, AttributeKey<Double> key, @Nullable Double value) {
		if (value != null) {
			call.setAttribute(key, value);
		}
	}

}
