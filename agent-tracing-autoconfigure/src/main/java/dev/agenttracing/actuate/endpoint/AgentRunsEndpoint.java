package dev.agenttracing.actuate.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.StringUtils;

import dev.agenttracing.export.RunTree;
import dev.agenttracing.export.runs.RecentAgentRuns;
import dev.agenttracing.export.runs.RecentAgentRuns.RecordedRun;
import dev.agenttracing.export.runs.RecentAgentRuns.Usage;
import dev.agenttracing.export.runs.RunSummary;

/**
 * {@link Endpoint @Endpoint} {@code agentruns}: the recent finished agent runs, newest
 * first, and the span tree of each. Reads only what was exported, so content is already
 * redacted. Like every endpoint but health, it is not exposed over HTTP unless the
 * application exposes it.
 *
 * @author agent-tracing
 * @since 0.1.0
 */
@Endpoint(id = AgentRunsEndpoint.ID)
public class AgentRunsEndpoint {

	/** The endpoint's id, and its path under the management base path unless mapped. */
	public static final String ID = "agentruns";

	/** Runs listed when the request names no limit. */
	public static final int DEFAULT_LIMIT = 50;

	private final RecentAgentRuns runs;

	/**
	 * Create the endpoint.
	 * @param runs the store of recent runs
	 */
	public AgentRunsEndpoint(RecentAgentRuns runs) {
		this.runs = runs;
	}

	/**
	 * List the recent runs, newest first.
	 * @param agent only runs of this agent
	 * @param status only runs with this status ({@code error} or {@code ok})
	 * @param user only runs of this {@code user.id}
	 * @param conversation only runs of this {@code gen_ai.conversation.id}
	 * @param limit how many runs at most ({@value #DEFAULT_LIMIT} when absent)
	 * @return the runs and the store's usage
	 */
	@ReadOperation
	public AgentRunsDescriptor runs(@Nullable String agent, @Nullable String status, @Nullable String user,
			@Nullable String conversation, @Nullable Integer limit) {
		Predicate<RunSummary> filter = (run) -> matches(agent, run.agent()) && matches(status, run.status())
				&& matches(user, run.user()) && matches(conversation, run.conversation());
		int max = (limit != null && limit > 0) ? limit : DEFAULT_LIMIT;
		List<RunSummary> summaries = this.runs.list(filter, max).stream().map(RecordedRun::summary).toList();
		return new AgentRunsDescriptor(summaries, this.runs.usage());
	}

	/**
	 * The span tree of one run.
	 * @param traceId the run's trace id
	 * @return the run, or {@code null} (404) when it is not, or no longer, kept
	 */
	@ReadOperation
	public @Nullable AgentRunDescriptor run(@Selector String traceId) {
		RecordedRun run = this.runs.find(traceId);
		if (run == null) {
			return null;
		}
		long origin = run.tree().span().getStartEpochNanos();
		return new AgentRunDescriptor(run.summary(), describe(run.tree(), origin));
	}

	private static boolean matches(@Nullable String wanted, @Nullable String actual) {
		return !StringUtils.hasText(wanted) || wanted.equals(actual);
	}

	private static SpanDescriptor describe(RunTree tree, long origin) {
		SpanData span = tree.span();
		List<EventDescriptor> events = new ArrayList<>(span.getEvents().size());
		for (EventData event : span.getEvents()) {
			events.add(new EventDescriptor(event.getName(), instant(event.getEpochNanos()),
					millis(event.getEpochNanos() - origin), attributes(event.getAttributes())));
		}
		List<SpanDescriptor> children = new ArrayList<>(tree.children().size());
		for (RunTree child : tree.children()) {
			children.add(describe(child, origin));
		}
		String description = span.getStatus().getDescription();
		return new SpanDescriptor(span.getSpanId(),
				span.getParentSpanContext().isValid() ? span.getParentSpanId() : null, span.getName(),
				span.getKind().name(), instant(span.getStartEpochNanos()), millis(span.getStartEpochNanos() - origin),
				millis(span.getEndEpochNanos() - span.getStartEpochNanos()), span.getStatus().getStatusCode().name(),
				description.isEmpty() ? null : description, attributes(span.getAttributes()), events, children);
	}

	private static Map<String, Object> attributes(Attributes attributes) {
		Map<String, Object> values = new LinkedHashMap<>();
		attributes.forEach((key, value) -> values.put(key.getKey(), value));
		return values;
	}

	private static Instant instant(long epochNanos) {
		return Instant.ofEpochSecond(0, epochNanos);
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	/**
	 * The recent runs.
	 *
	 * @param runs matching runs, newest first
	 * @param store how full the store is
	 */
	public record AgentRunsDescriptor(List<RunSummary> runs, Usage store) implements OperationResponseBody {

	}

	/**
	 * One run with its span tree.
	 *
	 * @param summary the run's summary
	 * @param root the run's own span, with the spans below it
	 */
	public record AgentRunDescriptor(RunSummary summary, SpanDescriptor root) implements OperationResponseBody {

	}

	/**
	 * One span of a run.
	 *
	 * @param spanId the span id
	 * @param parentSpanId the parent's span id, or {@code null} for a trace root
	 * @param name the span name
	 * @param kind the span kind
	 * @param start when the span started
	 * @param offsetMillis when it started, in milliseconds after the run started
	 * @param durationMillis how long it took
	 * @param status {@code UNSET}, {@code OK} or {@code ERROR}
	 * @param statusDescription the status description, or {@code null}
	 * @param attributes the span's attributes
	 * @param events the span's events
	 * @param children the spans below it, by start time
	 */
	public record SpanDescriptor(String spanId, @Nullable String parentSpanId, String name, String kind, Instant start,
			double offsetMillis, double durationMillis, String status, @Nullable String statusDescription,
			Map<String, Object> attributes, List<EventDescriptor> events, List<SpanDescriptor> children) {

	}

	/**
	 * One event of a span.
	 *
	 * @param name the event name
	 * @param time when it happened
	 * @param offsetMillis when it happened, in milliseconds after the run started
	 * @param attributes the event's attributes
	 */
	public record EventDescriptor(String name, Instant time, double offsetMillis, Map<String, Object> attributes) {

	}

}
