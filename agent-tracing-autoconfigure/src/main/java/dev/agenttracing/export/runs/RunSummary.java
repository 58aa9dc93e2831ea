package dev.agenttracing.export.runs;

import java.time.Instant;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.export.RunTree;
import dev.agenttracing.semconv.GenAiAttributes;

/**
 * One finished top-level agent run, summed up from its span tree: the line a list of runs
 * shows.
 *
 * @param traceId the trace id (hex)
 * @param agent the agent name ({@code gen_ai.agent.name}, else the span name)
 * @param start when the run started
 * @param durationMillis how long it took
 * @param status {@code ok}, or {@code error} when the run's own span ended in error
 * @param errorType the run's {@code error.type}, or {@code null}
 * @param errorCount number of spans of the run that ended in error (a tool that failed
 * and was recovered from counts, without making the run an error)
 * @param inputTokens input tokens of the run, or {@code null} when none was reported
 * @param outputTokens output tokens of the run, or {@code null} when none was reported
 * @param cost cost of the run, or {@code null} when no price is known
 * @param currency currency of {@code cost}, or {@code null}
 * @param user {@code user.id}, or {@code null}
 * @param conversation {@code gen_ai.conversation.id}, or {@code null}
 * @param spanCount number of spans in the run, the run's own included
 * @author agent-tracing
 * @since 0.1.0
 */
public record RunSummary(String traceId, String agent, Instant start, double durationMillis, String status,
		@Nullable String errorType, int errorCount, @Nullable Long inputTokens, @Nullable Long outputTokens,
		@Nullable Double cost, @Nullable String currency, @Nullable String user, @Nullable String conversation,
		int spanCount) {

	/** {@link #status()} of a run whose own span ended in error. */
	public static final String ERROR = "error";

	/** {@link #status()} of a run whose own span did not end in error. */
	public static final String OK = "ok";

	/**
	 * Sum up a run. Tokens and cost are the run span's own when it carries them
	 * (agent-tracing adds up its LLM calls there), else the sum over its LLM calls.
	 * @param tree the run's tree
	 * @return the summary
	 */
	public static RunSummary of(RunTree tree) {
		SpanData root = tree.span();
		Attributes attributes = root.getAttributes();
		String agent = attributes.get(GenAiAttributes.AGENT_NAME);
		Totals totals = new Totals();
		totals.add(tree);
		Long input = attributes.get(GenAiAttributes.USAGE_INPUT_TOKENS);
		Long output = attributes.get(GenAiAttributes.USAGE_OUTPUT_TOKENS);
		Double cost = attributes.get(GenAiAttributes.COST);
		String currency = attributes.get(GenAiAttributes.COST_CURRENCY);
		if (input == null && output == null && cost == null) {
			input = totals.input;
			output = totals.output;
			cost = totals.cost;
			currency = totals.currency;
		}
		boolean failed = root.getStatus().getStatusCode() == StatusCode.ERROR;
		return new RunSummary(root.getTraceId(), (agent != null) ? agent : root.getName(),
				Instant.ofEpochSecond(0, root.getStartEpochNanos()),
				(root.getEndEpochNanos() - root.getStartEpochNanos()) / 1_000_000.0, failed ? ERROR : OK,
				attributes.get(GenAiAttributes.ERROR_TYPE), totals.errors, input, output, cost, currency,
				attributes.get(GenAiAttributes.USER_ID), attributes.get(GenAiAttributes.CONVERSATION_ID), tree.size());
	}

	/**
	 * Whether the run's own span ended in error.
	 * @return whether the run failed
	 */
	public boolean failed() {
		return ERROR.equals(this.status);
	}

	private static final class Totals {

		private int errors;

		private @Nullable Long input;

		private @Nullable Long output;

		private @Nullable Double cost;

		private @Nullable String currency;

		void add(RunTree tree) {
			SpanData span = tree.span();
			Attributes attributes = span.getAttributes();
			if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
				this.errors++;
			}
			// Agent spans carry the sum of the calls below them: count the calls only.
			if (!GenAiAttributes.OPERATION_INVOKE_AGENT.equals(attributes.get(GenAiAttributes.OPERATION_NAME))) {
				this.input = plus(this.input, attributes.get(GenAiAttributes.USAGE_INPUT_TOKENS));
				this.output = plus(this.output, attributes.get(GenAiAttributes.USAGE_OUTPUT_TOKENS));
				Double cost = attributes.get(GenAiAttributes.COST);
				if (cost != null) {
					this.cost = (this.cost != null) ? this.cost + cost : cost;
					this.currency = attributes.get(GenAiAttributes.COST_CURRENCY);
				}
			}
			for (RunTree child : tree.children()) {
				add(child);
			}
		}

		private static @Nullable Long plus(@Nullable Long sum, @Nullable Long value) {
			if (value == null) {
				return sum;
			}
			return (sum != null) ? sum + value : value;
		}

	}

}
