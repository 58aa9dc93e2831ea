package dev.agenttracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiAttributes;

/**
 * Token counts of one LLM call or the sum over a run; a count stays {@code null}
 * (unknown) until something reports it. Thread-safe: parallel LLM calls add to their
 * run's totals.
 *
 * @author agent-tracing
 */
final class TokenUsage {

	private @Nullable Long input;

	private @Nullable Long output;

	private @Nullable Long cacheRead;

	private @Nullable Long cacheCreation;

	private @Nullable Long reasoning;

	private @Nullable Double cost;

	/** Replace the counts the result knows; a streamed call reports its totals last. */
	synchronized void set(LlmResult result) {
		this.input = orElse(result.inputTokens(), this.input);
		this.output = orElse(result.outputTokens(), this.output);
		this.cacheRead = orElse(result.cacheReadInputTokens(), this.cacheRead);
		this.cacheCreation = orElse(result.cacheCreationInputTokens(), this.cacheCreation);
		this.reasoning = orElse(result.reasoningOutputTokens(), this.reasoning);
	}

	synchronized void add(TokenUsage other) {
		TokenUsage snapshot = other.snapshot();
		this.input = sum(this.input, snapshot.input);
		this.output = sum(this.output, snapshot.output);
		this.cacheRead = sum(this.cacheRead, snapshot.cacheRead);
		this.cacheCreation = sum(this.cacheCreation, snapshot.cacheCreation);
		this.reasoning = sum(this.reasoning, snapshot.reasoning);
		// Not one conditional expression: mixing double and Double there unboxes a null
		// cost.
		if (snapshot.cost != null) {
			this.cost = (this.cost != null) ? this.cost + snapshot.cost : snapshot.cost;
		}
	}

	synchronized void setCost(@Nullable Double cost) {
		this.cost = cost;
	}

	synchronized TokenUsage snapshot() {
		TokenUsage copy = new TokenUsage();
		copy.input = this.input;
		copy.output = this.output;
		copy.cacheRead = this.cacheRead;
		copy.cacheCreation = this.cacheCreation;
		copy.reasoning = this.reasoning;
		copy.cost = this.cost;
		return copy;
	}

	@Nullable Long input() {
		return this.input;
	}

	@Nullable Long output() {
		return this.output;
	}

	@Nullable Long cacheRead() {
		return this.cacheRead;
	}

	@Nullable Double cost() {
		return this.cost;
	}

	/** Write the known counts to the span (call on a snapshot). */
	void applyTo(Span span, boolean includeReasoning) {
		put(span, GenAiAttributes.USAGE_INPUT_TOKENS, this.input);
		put(span, GenAiAttributes.USAGE_OUTPUT_TOKENS, this.output);
		put(span, GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, this.cacheRead);
		put(span, GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, this.cacheCreation);
		if (includeReasoning) {
			put(span, GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, this.reasoning);
		}
	}

	private static void put(Span span, AttributeKey<Long> key, @Nullable Long value) {
		if (value != null) {
			span.setAttribute(key, value);
		}
	}

	private static @Nullable Long orElse(@Nullable Long value, @Nullable Long fallback) {
		return (value != null) ? value : fallback;
	}

	private static @Nullable Long sum(@Nullable Long a, @Nullable Long b) {
		if (a == null) {
			return b;
		}
		return (b != null) ? a + b : a;
	}

}
