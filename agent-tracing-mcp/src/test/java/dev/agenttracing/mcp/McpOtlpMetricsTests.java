package dev.agenttracing.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.mcp.autoconfigure.McpTracingAutoConfiguration;
import dev.agenttracing.semconv.McpAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP durations as a real OTLP/HTTP receiver on 127.0.0.1 gets them from Boot's OTLP
 * metrics export with no property but the URL, decoded with the official protobuf
 * classes: unit {@code s}, the conventions' boundaries, every value in its own bucket,
 * exported once (never also in milliseconds by Micrometer's OTLP registry), while
 * Prometheus still scrapes them in seconds.
 */
class McpOtlpMetricsTests {

	private final List<ExportMetricsServiceRequest> requests = new CopyOnWriteArrayList<>();

	private HttpServer receiver;

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.receiver.createContext("/v1/metrics", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				boolean gzip = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"));
				this.requests.add(ExportMetricsServiceRequest.parseFrom(gzip ? new GZIPInputStream(body) : body));
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void otlpGetsBothDurationsInSecondsWithTheConventionsBucketsAndPrometheusKeepsThem() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
							OtlpMetricsExportAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
							AgentTracingAutoConfiguration.class, McpTracingAutoConfiguration.class))
			.withPropertyValues("management.otlp.metrics.export.url=http://127.0.0.1:"
					+ this.receiver.getAddress().getPort() + "/v1/metrics", "management.otlp.metrics.export.step=1h")
			.run((context) -> {
				McpMetrics metrics = context.getBean(McpTracing.class).metrics();
				for (Duration duration : List.of(Duration.ofMillis(3), Duration.ofMillis(15), Duration.ofMillis(30),
						Duration.ofMillis(150), Duration.ofMillis(700), Duration.ofSeconds(4),
						Duration.ofSeconds(400))) {
					metrics.record(true, "tools/call", "get_weather", "tcp", null, duration.toNanos());
				}
				metrics.record(false, "tools/call", "get_weather", "pipe", "tool_error",
						Duration.ofMillis(40).toNanos());
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).contains("mcp_client_operation_duration_seconds_bucket{error_type=\"\","
						+ "gen_ai_prompt_name=\"\",gen_ai_tool_name=\"get_weather\",mcp_method_name=\"tools/call\","
						+ "network_transport=\"tcp\",le=\"0.05\"} 3");
				// Closing exports what is left: Micrometer's registry and the SDK's
				// reader.
				context.close();
			});
		List<Metric> metrics = metrics();
		Metric client = single(metrics, McpAttributes.CLIENT_OPERATION_DURATION);
		assertThat(client.getUnit()).isEqualTo("s");
		HistogramDataPoint clientPoint = client.getHistogram().getDataPoints(0);
		assertThat(clientPoint.getExplicitBoundsList()).containsExactlyElementsOf(McpAttributes.DURATION_BUCKETS);
		// Per bucket (not cumulative), the last one above 300 s.
		assertThat(clientPoint.getBucketCountsList()).containsExactly(1L, 1L, 1L, 0L, 1L, 0L, 1L, 0L, 1L, 0L, 0L, 0L,
				0L, 0L, 1L);
		assertThat(clientPoint.getCount()).isEqualTo(7);
		assertThat(clientPoint.getSum()).isCloseTo(404.898, org.assertj.core.api.Assertions.within(1e-9));
		assertThat(attribute(clientPoint.getAttributesList(), "mcp.method.name")).isEqualTo("tools/call");
		assertThat(attribute(clientPoint.getAttributesList(), "gen_ai.tool.name")).isEqualTo("get_weather");
		assertThat(attribute(clientPoint.getAttributesList(), "network.transport")).isEqualTo("tcp");
		assertThat(clientPoint.getAttributesList()).extracting(KeyValue::getKey)
			.doesNotContain("error.type", "gen_ai.prompt.name");

		Metric server = single(metrics, McpAttributes.SERVER_OPERATION_DURATION);
		assertThat(server.getUnit()).isEqualTo("s");
		HistogramDataPoint serverPoint = server.getHistogram().getDataPoints(0);
		assertThat(serverPoint.getExplicitBoundsList()).containsExactlyElementsOf(McpAttributes.DURATION_BUCKETS);
		assertThat(serverPoint.getBucketCountsList()).containsExactly(0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
				0L, 0L, 0L);
		assertThat(attribute(serverPoint.getAttributesList(), "error.type")).isEqualTo("tool_error");
		assertThat(attribute(serverPoint.getAttributesList(), "network.transport")).isEqualTo("pipe");
	}

	private List<Metric> metrics() {
		List<Metric> metrics = new ArrayList<>();
		this.requests.forEach((request) -> request.getResourceMetricsList()
			.forEach((resource) -> resource.getScopeMetricsList()
				.forEach((scope) -> metrics.addAll(scope.getMetricsList()))));
		return metrics;
	}

	// Exported once, by one path: never also in milliseconds by Micrometer's OTLP
	// registry.
	private static Metric single(List<Metric> metrics, String name) {
		List<Metric> named = metrics.stream().filter((metric) -> metric.getName().equals(name)).toList();
		assertThat(named).as(name).hasSize(1);
		return named.get(0);
	}

	private static String attribute(List<KeyValue> attributes, String key) {
		return attributes.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map((attribute) -> attribute.getValue().getStringValue())
			.findFirst()
			.orElse(null);
	}

}
