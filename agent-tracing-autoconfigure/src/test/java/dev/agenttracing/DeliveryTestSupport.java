package dev.agenttracing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingDeliveryAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingEndpointAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingExportAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingHealthContributorAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingShutdownAutoConfiguration;

/**
 * The whole delivery path as an application gets it: Boot's SDK, batch processor and OTLP
 * exporter, agent-tracing, and Boot's metrics, with short delays for tests.
 */
public final class DeliveryTestSupport {

	private DeliveryTestSupport() {
	}

	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
					AgentTracingAutoConfiguration.class, AgentTracingExportAutoConfiguration.class,
					AgentTracingDeliveryAutoConfiguration.class, AgentTracingShutdownAutoConfiguration.class,
					AgentTracingEndpointAutoConfiguration.class, AgentTracingHealthContributorAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("spring.application.name=trip-planner", "management.tracing.sampling.probability=1.0",
					"management.opentelemetry.tracing.export.schedule-delay=100ms");
	}

	/** One run: trip-planner -> get_weather, find_activities -> local-guide (4 spans). */
	public static String run(AgentTracer tracer) {
		return tracer.agentRun(AgentRunSpec.named("trip-planner"), () -> {
			String weather = tracer.tool(ToolSpec.named("get_weather"), () -> "rainy");
			return weather + tracer.tool(ToolSpec.named("find_activities"),
					() -> tracer.agentRun(AgentRunSpec.named("local-guide"), () -> "Louvre"));
		});
	}

	public static List<Path> traceFiles(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter((file) -> file.toString().endsWith(".jsonl")).sorted().toList();
		}
	}

	private static final Pattern IDS = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([0-9a-f]*)\"");

	/**
	 * Parse every line of a trace file with the official protobuf JSON mapping. OTLP/JSON
	 * differs from it in one point: ids are hex, not base64; they are converted first, as
	 * OTLP/JSON readers do.
	 */
	public static List<ExportTraceServiceRequest> parse(Path file) throws IOException {
		List<ExportTraceServiceRequest> requests = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			String json = IDS.matcher(line)
				.replaceAll((match) -> "\"" + match.group(1) + "\":\""
						+ Base64.getEncoder().encodeToString(HexFormat.of().parseHex(match.group(2))) + "\"");
			ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
			JsonFormat.parser().merge(json, builder);
			requests.add(builder.build());
		}
		return requests;
	}

	public static List<io.opentelemetry.proto.trace.v1.Span> spans(List<ExportTraceServiceRequest> requests) {
		List<io.opentelemetry.proto.trace.v1.Span> spans = new ArrayList<>();
		requests.forEach((request) -> request.getResourceSpansList()
			.forEach((rs) -> rs.getScopeSpansList().forEach((ss) -> spans.addAll(ss.getSpansList()))));
		return spans;
	}

}
