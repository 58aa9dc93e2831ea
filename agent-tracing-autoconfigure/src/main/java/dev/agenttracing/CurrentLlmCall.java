package dev.agenttracing;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.support.TracingFaults;

/**
 * The LLM call in progress on this thread, for code that learns request parameters or
 * usage while the call runs. Obtained from {@link AgentTracer#currentLlmCall()}; when no
 * LLM call is current every method does nothing, so callers need no checks.
 *
 * <pre class="code">
 * agentTracer.currentLlmCall().temperature(0.2).maxTokens(512);
 * ChatResponse response = client.call(prompt);
 * agentTracer.currentLlmCall().result(new MyResult(response));
 * </pre>
 *
 * @author agent-tracing
 * @since 0.1.0
 */
public final class CurrentLlmCall {

	static final CurrentLlmCall NONE = new CurrentLlmCall(null);

	private final @Nullable LlmCallOperation operation;

	CurrentLlmCall(@Nullable LlmCallOperation operation) {
		this.operation = operation;
	}

	/**
	 * @return whether an LLM call is in progress
	 */
	public boolean isPresent() {
		return this.operation != null;
	}

	public CurrentLlmCall temperature(double temperature) {
		return set(GenAiAttributes.REQUEST_TEMPERATURE, temperature);
	}

	public CurrentLlmCall topP(double topP) {
		return set(GenAiAttributes.REQUEST_TOP_P, topP);
	}

	public CurrentLlmCall topK(double topK) {
		return set(GenAiAttributes.REQUEST_TOP_K, topK);
	}

	public CurrentLlmCall maxTokens(long maxTokens) {
		return set(GenAiAttributes.REQUEST_MAX_TOKENS, maxTokens);
	}

	public CurrentLlmCall frequencyPenalty(double penalty) {
		return set(GenAiAttributes.REQUEST_FREQUENCY_PENALTY, penalty);
	}

	public CurrentLlmCall presencePenalty(double penalty) {
		return set(GenAiAttributes.REQUEST_PRESENCE_PENALTY, penalty);
	}

	public CurrentLlmCall seed(long seed) {
		return set(GenAiAttributes.REQUEST_SEED, seed);
	}

	public CurrentLlmCall choiceCount(long choiceCount) {
		return set(GenAiAttributes.REQUEST_CHOICE_COUNT, choiceCount);
	}

	public CurrentLlmCall stopSequences(List<String> stopSequences) {
		return set(GenAiAttributes.REQUEST_STOP_SEQUENCES, List.copyOf(stopSequences));
	}

	/**
	 * Record the response: model, id, finish reasons and token usage. Counts it reports
	 * replace earlier ones; a value returned by the call is still read when the call
	 * ends.
	 * @param result what the model answered
	 * @return this
	 */
	public CurrentLlmCall result(LlmResult result) {
		if (this.operation != null) {
			this.operation.record(result);
		}
		return this;
	}

	private <T> CurrentLlmCall set(AttributeKey<T> key, T value) {
		if (this.operation != null && !this.operation.isEnded()) {
			try {
				this.operation.span().setAttribute(key, value);
			}
			catch (Throwable ex) {
				TracingFaults.report("setting an LLM request attribute", ex);
			}
		}
		return this;
	}

}
