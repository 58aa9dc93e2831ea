package dev.agenttracing.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GenAI metrics as a real OTLP/HTTP receiver on 127.0.0.1 gets them from Boot's OTLP
 * metrics export, decoded with the official protobuf classes: units {@code s} and
 * {@code {token}}, the conventions' explicit boundaries, and every value in its own
 * bucket. Only Boot's own {@code management.otlp.metrics.export.url} is set.
 */
class OtlpMetricsIntegrationTests {

	private static final List<Double> TOKEN_BOUNDARIES = MicrometerOperationMetrics.TOKEN_BUCKETS;

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
	void otlpGetsSecondsTokensTheConventionsBoundariesAndExactBuckets() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, OtlpMetricsExportAutoConfiguration.class,
					PrometheusMetricsExportAutoConfiguration.class, AgentTracingAutoConfiguration.class))
			.withPropertyValues("spring.application.name=trip-planner",
					"management.otlp.metrics.export.url=http://127.0.0.1:" + this.receiver.getAddress().getPort()
							+ "/v1/metrics",
					"management.otlp.metrics.export.step=1h")
			.run((context) -> {
				List<OperationMetrics> recorders = List.copyOf(context.getBeansOfType(OperationMetrics.class).values());
				assertThat(recorders).hasSize(2);
				double[] seconds = { 0.005, 0.015, 0.3, 3.0 };
				long[] tokens = { 3, 70 };
				for (int i = 0; i < seconds.length; i++) {
					Long count = (i < tokens.length) ? tokens[i] : null;
					FinishedOperation operation = new FinishedOperation("chat", "openai", "gpt-4o", "gpt-4o", null,
							seconds[i], count, count, seconds[i], null, "USD");
					recorders.forEach((recorder) -> recorder.record(operation));
				}
				// Closing exports what is left: Micrometer's registry and the SDK's
				// reader.
				context.close();
			});
		List<Metric> metrics = metrics();
		Metric duration = single(metrics, "gen_ai.client.operation.duration");
		assertThat(duration.getUnit()).isEqualTo("s");
		HistogramDataPoint durationPoint = duration.getHistogram().getDataPoints(0);
		assertThat(durationPoint.getExplicitBoundsList())
			.containsExactlyElementsOf(MicrometerOperationMetrics.DURATION_BUCKETS);
		assertThat(cumulative(durationPoint)).containsExactly(1L, 2L, 2L, 2L, 2L, 3L, 3L, 3L, 3L, 4L, 4L, 4L, 4L, 4L,
				4L);
		assertThat(durationPoint.getCount()).isEqualTo(4);
		assertThat(durationPoint.getSum()).isCloseTo(3.32, org.assertj.core.api.Assertions.within(1e-9));
		assertThat(attribute(durationPoint.getAttributesList(), "gen_ai.operation.name")).isEqualTo("chat");
		assertThat(attribute(durationPoint.getAttributesList(), "gen_ai.provider.name")).isEqualTo("openai");

		Metric firstChunk = single(metrics, "gen_ai.client.operation.time_to_first_chunk");
		assertThat(firstChunk.getUnit()).isEqualTo("s");
		assertThat(cumulative(firstChunk.getHistogram().getDataPoints(0))).containsExactly(1L, 2L, 2L, 2L, 2L, 3L, 3L,
				3L, 3L, 4L, 4L, 4L, 4L, 4L, 4L);

		Metric tokenUsage = single(metrics, "gen_ai.client.token.usage");
		assertThat(tokenUsage.getUnit()).isEqualTo("{token}");
		HistogramDataPoint output = tokenUsage.getHistogram()
			.getDataPointsList()
			.stream()
			.filter((point) -> "output".equals(attribute(point.getAttributesList(), "gen_ai.token.type")))
			.findFirst()
			.orElseThrow();
		assertThat(output.getExplicitBoundsList()).containsExactlyElementsOf(TOKEN_BOUNDARIES);
		assertThat(cumulative(output)).containsExactly(0L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L, 2L, 2L, 2L, 2L, 2L);

		for (ResourceMetrics resource : allResources()) {
			assertThat(attribute(resource.getResource().getAttributesList(), "service.name")).isEqualTo("trip-planner");
		}
	}

	@Test
	void withoutTheSdksMetricExporterOrWhenSwitchedOffTheRegistryKeepsTheDurations() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
							OtlpMetricsExportAutoConfiguration.class, AgentTracingAutoConfiguration.class))
			.withPropertyValues("management.otlp.metrics.export.url=http://127.0.0.1:"
					+ this.receiver.getAddress().getPort() + "/v1/metrics", "management.otlp.metrics.export.step=1h");
		runner.withClassLoader(new FilteredClassLoader(OtlpHttpMetricExporter.class)).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerOperationMetrics.class)
				.doesNotHaveBean(OtlpDurationMetrics.class);
			recordOneSecond(context.getBean(MicrometerOperationMetrics.class));
			assertThat(context.getBean(OtlpMeterRegistry.class)
				.find(MicrometerOperationMetrics.OPERATION_DURATION)
				.timer()).isNotNull();
		});
		runner.withPropertyValues("agent.tracing.metrics.otlp-durations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(OtlpDurationMetrics.class);
			recordOneSecond(context.getBean(MicrometerOperationMetrics.class));
			assertThat(context.getBean(OtlpMeterRegistry.class)
				.find(MicrometerOperationMetrics.OPERATION_DURATION)
				.timer()).isNotNull();
		});
		runner.run((context) -> {
			assertThat(context).hasSingleBean(OtlpDurationMetrics.class);
			recordOneSecond(context.getBean(MicrometerOperationMetrics.class));
			assertThat(context.getBean(OtlpMeterRegistry.class)
				.find(MicrometerOperationMetrics.OPERATION_DURATION)
				.timer()).isNull();
		});
	}

	private static void recordOneSecond(OperationMetrics metrics) {
		metrics
			.record(new FinishedOperation("chat", "openai", "gpt-4o", null, null, 1.0, null, null, null, null, "USD"));
	}

	private List<Metric> metrics() {
		List<Metric> metrics = new ArrayList<>();
		allResources().forEach((resource) -> resource.getScopeMetricsList()
			.forEach((scope) -> metrics.addAll(scope.getMetricsList())));
		return metrics;
	}

	private List<ResourceMetrics> allResources() {
		List<ResourceMetrics> resources = new ArrayList<>();
		this.requests.forEach((request) -> resources.addAll(request.getResourceMetricsList()));
		return resources;
	}

	// Exported once, by one path, never also in milliseconds by Micrometer.
	private static Metric single(List<Metric> metrics, String name) {
		List<Metric> named = metrics.stream().filter((metric) -> metric.getName().equals(name)).toList();
		assertThat(named).as(name).hasSize(1);
		return named.get(0);
	}

	private static List<Long> cumulative(HistogramDataPoint point) {
		List<Long> counts = new ArrayList<>();
		long total = 0;
		for (long count : point.getBucketCountsList()) {
			total += count;
			counts.add(total);
		}
		return counts;
	}

	private static String attribute(List<KeyValue> attributes, String key) {
		return attributes.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map((attribute) -> attribute.getValue().getStringValue())
			.findFirst()
			.orElse(null);
	}

}
