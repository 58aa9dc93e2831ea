package dev.agenttracing.mcp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;

/**
 * The {@code mcp.client.operation.duration} and {@code mcp.server.operation.duration}
 * histograms, with the conventions' bucket boundaries. They are Micrometer timers, not
 * distribution summaries: a summary rounds each value up to a whole number before it picks
 * the bucket, which would put every sub-second call into the {@code 1} bucket. Prometheus
 * names them {@code mcp_client_operation_duration_seconds}; the OTLP registry exports timers
 * in its base time unit ({@code management.otlp.metrics.export.base-time-unit=seconds} gives
 * the conventions' {@code s}). Every meter of a name has the same tag keys; an absent value is
 * the empty string. Tag combinations are bounded.
 *
 * @author agent-tracing
 */
final class McpMetrics {

	static final McpMetrics NONE = new McpMetrics(null);

	private static final int MAX_METERS = 1000;

	private static final Duration[] SLOS = McpAttributes.DURATION_BUCKETS.stream()
		.map((seconds) -> Duration.ofNanos(Math.round(seconds * 1_000_000_000L)))
		.toArray(Duration[]::new);

	private final @Nullable MeterRegistry registry;

	private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

	McpMetrics(@Nullable MeterRegistry registry) {
		this.registry = registry;
	}

	void record(boolean client, String method, @Nullable String toolOrPrompt, String transport,
			@Nullable String errorType, long nanos) {
		if (this.registry == null) {
			return;
		}
		Key key = new Key(client, method, toolOrPrompt, transport, errorType);
		Timer timer = this.timers.get(key);
		if (timer == null) {
			if (this.timers.size() >= MAX_METERS) {
				return;
			}
			timer = this.timers.computeIfAbsent(key, this::register);
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer register(Key key) {
		Tags tags = Tags.of(McpAttributes.METHOD_NAME.getKey(), key.method(), GenAiAttributes.TOOL_NAME.getKey(),
				(key.toolOrPrompt() != null && McpMethods.TOOLS_CALL.equals(key.method())) ? key.toolOrPrompt() : "",
				McpAttributes.PROMPT_NAME.getKey(),
				(key.toolOrPrompt() != null && McpMethods.PROMPTS_GET.equals(key.method())) ? key.toolOrPrompt() : "",
				McpAttributes.NETWORK_TRANSPORT.getKey(), key.transport(), GenAiAttributes.ERROR_TYPE.getKey(),
				(key.errorType() != null) ? key.errorType() : "");
		String name = key.client() ? McpAttributes.CLIENT_OPERATION_DURATION : McpAttributes.SERVER_OPERATION_DURATION;
		return Timer.builder(name)
			.description(key.client() ? "Duration of MCP requests as the client sees them"
					: "Duration of MCP requests as the server handles them")
			.serviceLevelObjectives(SLOS)
			.tags(tags)
			.register(this.registry);
	}

	private record Key(boolean client, String method, @Nullable String toolOrPrompt, String transport,
			@Nullable String errorType) {

	}

}
