package dev.agenttracing.mcp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import org.jspecify.annotations.Nullable;

import dev.agenttracing.metrics.OtlpDurationHistograms;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.semconv.McpAttributes;

/**
 * The {@code mcp.client.operation.duration} and {@code mcp.server.operation.duration}
 * histograms, with the conventions' bucket boundaries. In Micrometer they are timers, not
 * distribution summaries: a summary rounds each value up to a whole number before it
 * picks the bucket, which would put every sub-second call into the {@code 1} bucket.
 * Prometheus names them {@code mcp_client_operation_duration_seconds}. Micrometer's OTLP
 * registry would export a timer in its base time unit (milliseconds by default), so where
 * agent-tracing sends its GenAI durations through the OpenTelemetry SDK's OTLP exporter
 * ({@link OtlpDurationHistograms}), these go there too, in {@code s}, and the OTLP
 * registry leaves them out. Every meter of a name has the same tag keys; an absent value
 * is the empty string (left out of the OTLP attributes). Tag combinations are bounded.
 *
 * @author agent-tracing
 */
final class McpMetrics {

	static final McpMetrics NONE = new McpMetrics(null);

	private static final int MAX_METERS = 1000;

	private static final String CLIENT_DESCRIPTION = "Duration of MCP requests as the client sees them";

	private static final String SERVER_DESCRIPTION = "Duration of MCP requests as the server handles them";

	private static final Duration[] SLOS = McpAttributes.DURATION_BUCKETS.stream()
		.map((seconds) -> Duration.ofNanos(Math.round(seconds * 1_000_000_000L)))
		.toArray(Duration[]::new);

	private final @Nullable MeterRegistry registry;

	private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

	private final @Nullable DoubleHistogram otlpClient;

	private final @Nullable DoubleHistogram otlpServer;

	McpMetrics(@Nullable MeterRegistry registry) {
		this(registry, null);
	}

	McpMetrics(@Nullable MeterRegistry registry, @Nullable OtlpDurationHistograms otlp) {
		this.registry = registry;
		this.otlpClient = (otlp != null) ? otlp.secondsHistogram(McpAttributes.CLIENT_OPERATION_DURATION,
				CLIENT_DESCRIPTION, McpAttributes.DURATION_BUCKETS) : null;
		this.otlpServer = (otlp != null) ? otlp.secondsHistogram(McpAttributes.SERVER_OPERATION_DURATION,
				SERVER_DESCRIPTION, McpAttributes.DURATION_BUCKETS) : null;
	}

	void record(boolean client, String method, @Nullable String toolOrPrompt, String transport,
			@Nullable String errorType, long nanos) {
		Key key = new Key(client, method, toolOrPrompt, transport, errorType);
		DoubleHistogram otlp = client ? this.otlpClient : this.otlpServer;
		if (otlp != null) {
			otlp.record(nanos / 1e9, attributes(key));
		}
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		Timer timer = this.timers.get(key);
		if (timer == null) {
			if (this.timers.size() >= MAX_METERS) {
				return;
			}
			timer = this.timers.computeIfAbsent(key, (newKey) -> register(registry, newKey));
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	private static Timer register(MeterRegistry registry, Key key) {
		Tags tags = Tags.of(McpAttributes.METHOD_NAME.getKey(), key.method(), GenAiAttributes.TOOL_NAME.getKey(),
				(key.toolOrPrompt() != null && McpMethods.TOOLS_CALL.equals(key.method())) ? key.toolOrPrompt() : "",
				McpAttributes.PROMPT_NAME.getKey(),
				(key.toolOrPrompt() != null && McpMethods.PROMPTS_GET.equals(key.method())) ? key.toolOrPrompt() : "",
				McpAttributes.NETWORK_TRANSPORT.getKey(), key.transport(), GenAiAttributes.ERROR_TYPE.getKey(),
				(key.errorType() != null) ? key.errorType() : "");
		String name = key.client() ? McpAttributes.CLIENT_OPERATION_DURATION : McpAttributes.SERVER_OPERATION_DURATION;
		return Timer.builder(name)
			.description(key.client() ? CLIENT_DESCRIPTION : SERVER_DESCRIPTION)
			.serviceLevelObjectives(SLOS)
			.tags(tags)
			.register(registry);
	}

	private static Attributes attributes(Key key) {
		AttributesBuilder attributes = Attributes.builder()
			.put(McpAttributes.METHOD_NAME, key.method())
			.put(McpAttributes.NETWORK_TRANSPORT, key.transport());
		if (key.toolOrPrompt() != null && McpMethods.TOOLS_CALL.equals(key.method())) {
			attributes.put(GenAiAttributes.TOOL_NAME, key.toolOrPrompt());
		}
		else if (key.toolOrPrompt() != null && McpMethods.PROMPTS_GET.equals(key.method())) {
			attributes.put(McpAttributes.PROMPT_NAME, key.toolOrPrompt());
		}
		if (key.errorType() != null) {
			attributes.put(GenAiAttributes.ERROR_TYPE, key.errorType());
		}
		return attributes.build();
	}

	private record Key(boolean client, String method, @Nullable String toolOrPrompt, String transport,
			@Nullable String errorType) {

	}

}
