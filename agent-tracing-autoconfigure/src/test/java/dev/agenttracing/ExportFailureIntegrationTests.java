package dev.agenttracing;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint;
import dev.agenttracing.actuate.health.AgentTracingHealthIndicator;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.ExportMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Collector down, answering 503, hanging, and a full queue: agent calls go on, nothing
 * throws, every lost span is counted and visible, and secrets stay out of logs and
 * endpoints.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExportFailureIntegrationTests {

	private static final String SECRET = "secret-key-123";

	// Fast retries so that failures show within a test's time; the policy is Boot's
	// customizer hook.
	private static final OtlpHttpSpanExporterBuilderCustomizer FAST_RETRY = (builder) -> builder
		.setRetryPolicy(RetryPolicy.builder()
			.setMaxAttempts(2)
			.setInitialBackoff(Duration.ofMillis(50))
			.setMaxBackoff(Duration.ofMillis(100))
			.build());

	@Test
	void receiverAnswering503ThenOkGetsTheSpansThroughRetries() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			AtomicInteger calls = new AtomicInteger();
			receiver.answer(() -> (calls.incrementAndGet() <= 1) ? 503 : 200);
			DeliveryTestSupport.runner()
				.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint())
				.run((context) -> {
					assertThat(DeliveryTestSupport.run(context.getBean(AgentTracer.class))).isEqualTo("rainyLouvre");
					await().atMost(Duration.ofSeconds(15)).until(() -> receiver.spans().size() == 4);
					assertThat(receiver.attempts()).isGreaterThanOrEqualTo(2);
					ExporterStats stats = stats(context.getBean(ExportAccounting.class), "otlp-http");
					await().atMost(Duration.ofSeconds(5)).until(() -> stats.getExported() == 4);
					assertThat(stats.getFailures()).isZero();
				});
		}
	}

	// A collector rejecting the data or the credentials: the OTLP spec says not to retry
	// these.
	@ParameterizedTest(name = "{0} answering {1}")
	@CsvSource({ "http, 400", "http, 401", "http, 403", "grpc, 400", "grpc, 401", "grpc, 403" })
	void nonRetryableAnswerIsCountedOnceNotRetriedAndLaterSpansArrive(String transport, int code, CapturedOutput output)
			throws Exception {
		try (OtlpReceiver receiver = transport.equals("http") ? OtlpReceiver.http() : OtlpReceiver.grpc()) {
			receiver.answer(() -> code);
			String name = "otlp-" + transport;
			DeliveryTestSupport.runner()
				.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
				.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
						"management.opentelemetry.tracing.export.otlp.transport=" + transport,
						"management.opentelemetry.tracing.export.otlp.headers.authorization=Bearer " + SECRET,
						"management.endpoints.web.exposure.include=agenttracing")
				.run((context) -> {
					AgentTracer tracer = context.getBean(AgentTracer.class);
					ExporterStats stats = stats(context.getBean(ExportAccounting.class), name);
					// The caller sees what it would without tracing, while every export
					// is rejected.
					for (int i = 0; i < 3; i++) {
						assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
					}
					await().atMost(Duration.ofSeconds(15)).until(() -> stats.getDropped() == 12);
					// Every span is accounted for, so every export has ended, retries
					// included: one
					// request per failed export means the SDK did not retry.
					assertThat(stats.getFailures()).isPositive();
					assertThat(receiver.attempts()).isEqualTo(stats.getFailures());
					assertThat(stats.getExported()).isZero();
					assertThat(stats.isFailing()).isTrue();
					assertThat(stats.getLastError()).contains(String.valueOf(expectedStatus(transport, code)));

					MeterRegistry registry = context.getBean(MeterRegistry.class);
					assertThat(
							registry.get(ExportMetrics.EXPORT_FAILURES).tag("exporter", name).functionCounter().count())
						.isEqualTo(stats.getFailures());
					assertThat(registry.get(ExportMetrics.SPANS_DROPPED)
						.tag("exporter", name)
						.tag("reason", "export_failed")
						.functionCounter()
						.count()).isEqualTo(12);
					assertThat(
							registry.get(ExportMetrics.SPANS_EXPORTED).tag("exporter", name).functionCounter().count())
						.isZero();

					Health health = context.getBean(AgentTracingHealthIndicator.class).health(true);
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails().get(name)).asInstanceOf(InstanceOfAssertFactories.MAP)
						.containsEntry("state", "failing")
						.containsEntry("spansDropped", 12L)
						.containsEntry("lastError", stats.getLastError());
					AgentTracingEndpoint endpoint = context.getBean(AgentTracingEndpoint.class);
					assertThat(endpoint.status().exporters()).singleElement().satisfies((exporter) -> {
						assertThat(exporter.name()).isEqualTo(name);
						assertThat(exporter.state()).isEqualTo("failing");
						assertThat(exporter.spansDropped()).isEqualTo(12);
						assertThat(exporter.exportFailures()).isEqualTo(stats.getFailures());
						assertThat(exporter.lastError()).isEqualTo(stats.getLastError());
						assertThat(exporter.lastSuccessTime()).isNull();
					});
					assertThat(endpoint.status().counters()).containsEntry("spansDropped", Map.of(name, 12L))
						.containsEntry("exportFailures", Map.of(name, stats.getFailures()));
					assertThat(endpoint.status().toString()).doesNotContain(SECRET);

					// The collector accepts again: the next run arrives, whole.
					receiver.answer(() -> 200);
					assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
					await().atMost(Duration.ofSeconds(15)).until(() -> receiver.spans().size() == 4);
					OtlpDeliveryIntegrationTests.assertTree(receiver.spans());
					await().atMost(Duration.ofSeconds(5)).until(() -> stats.getExported() == 4 && !stats.isFailing());
					assertThat(stats.getDropped()).isEqualTo(12);
					assertThat(endpoint.status().exporters()).singleElement().satisfies((exporter) -> {
						assertThat(exporter.state()).isEqualTo("ok");
						assertThat(exporter.spansExported()).isEqualTo(4);
						assertThat(exporter.lastSuccessTime()).isNotNull();
					});
				});
		}
		assertThat(output.toString()).doesNotContain(SECRET);
	}

	private static int expectedStatus(String transport, int code) {
		return transport.equals("http") ? code : OtlpReceiver.grpcStatus(code).getCode().value();
	}

	@Test
	void receiverDownThenBackCountsTheLossAndDeliversAfterRecovery(CapturedOutput output) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		DeliveryTestSupport.runner()
			.withConfiguration(
					AutoConfigurations.of(EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class))
			.withBean(OtlpHttpSpanExporterBuilderCustomizer.class, () -> FAST_RETRY)
			.withPropertyValues(
					"management.opentelemetry.tracing.export.otlp.endpoint=http://user:pw@127.0.0.1:" + port
							+ "/v1/traces",
					"management.opentelemetry.tracing.export.otlp.headers.api-key=" + SECRET,
					"management.opentelemetry.tracing.export.otlp.connect-timeout=500ms",
					"management.endpoints.web.exposure.include=agenttracing,env",
					"management.endpoint.env.show-values=always")
			.run((context) -> {
				ExportAccounting accounting = context.getBean(ExportAccounting.class);
				assertThat(DeliveryTestSupport.run(context.getBean(AgentTracer.class))).isEqualTo("rainyLouvre");
				ExporterStats stats = stats(accounting, "otlp-http");
				// The run's 4 spans may end on either side of a batch tick: wait for all
				// of them.
				await().atMost(Duration.ofSeconds(15)).until(() -> stats.getDropped() == 4);
				assertThat(stats.getFailures()).isPositive();
				assertThat(stats.isFailing()).isTrue();
				Health health = context.getBean(AgentTracingHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsKey("otlp-http");
				AgentTracingEndpoint.AgentTracingDescriptor status = context.getBean(AgentTracingEndpoint.class)
					.status();
				assertThat(status.exporters()).anySatisfy((exporter) -> {
					assertThat(exporter.name()).isEqualTo("otlp-http");
					assertThat(exporter.state()).isEqualTo("failing");
					assertThat(exporter.lastError()).isNotBlank();
				});
				@SuppressWarnings("unchecked")
				Map<String, Object> otlp = (Map<String, Object>) status.configuration().get("otlp");
				assertThat(otlp).containsEntry("endpoint", "http://127.0.0.1:" + port + "/v1/traces")
					.containsEntry("headers", java.util.List.of("api-key"));
				assertThat(status.toString()).doesNotContain(SECRET).doesNotContain("user:pw");
				EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
				assertThat(env.environmentEntry("management.opentelemetry.tracing.export.otlp.headers.api-key")
					.getProperty()
					.getValue()).isEqualTo("******");
				assertThat(String.valueOf(env.environment(null)
					.getPropertySources()
					.stream()
					.flatMap((source) -> source.getProperties().values().stream())
					.map((value) -> String.valueOf(value.getValue()))
					.toList())).doesNotContain(SECRET);

				try (OtlpReceiver receiver = OtlpReceiver.http(port)) {
					DeliveryTestSupport.run(context.getBean(AgentTracer.class));
					await().atMost(Duration.ofSeconds(15)).until(() -> receiver.spans().size() == 4);
					await().atMost(Duration.ofSeconds(5)).until(() -> stats.getExported() == 4 && !stats.isFailing());
					assertThat(receiver.headers().get(0).get("Api-key")).containsExactly(SECRET);
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(ExportMetrics.SPANS_EXPORTED)
					.tag("exporter", "otlp-http")
					.functionCounter()
					.count()).isEqualTo(4);
				assertThat(registry.get(ExportMetrics.SPANS_DROPPED)
					.tag("exporter", "otlp-http")
					.tag("reason", "export_failed")
					.functionCounter()
					.count()).isEqualTo(4);
				assertThat(registry.get(ExportMetrics.EXPORT_FAILURES)
					.tag("exporter", "otlp-http")
					.functionCounter()
					.count()).isGreaterThanOrEqualTo(1);
			});
		assertThat(output.toString()).doesNotContain(SECRET);
	}

	@Test
	void hangingReceiverTimesOutWithoutBlockingAgentCalls() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			receiver.hang();
			DeliveryTestSupport.runner()
				.withBean(OtlpHttpSpanExporterBuilderCustomizer.class, () -> FAST_RETRY)
				.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
						"management.opentelemetry.tracing.export.otlp.timeout=1s",
						"agent.tracing.export.health.down-on-failure=true")
				.run((context) -> {
					AgentTracer tracer = context.getBean(AgentTracer.class);
					DeliveryTestSupport.run(tracer);
					await().atMost(Duration.ofSeconds(5)).until(() -> receiver.hangingRequests() >= 1);
					// The exporter is stuck on the receiver; agent calls still return at
					// once.
					for (int i = 0; i < 10; i++) {
						assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
					}
					assertThat(receiver.hangingRequests()).isGreaterThanOrEqualTo(1);
					ExporterStats stats = stats(context.getBean(ExportAccounting.class), "otlp-http");
					await().atMost(Duration.ofSeconds(15)).until(() -> stats.getFailures() >= 1);
					assertThat(stats.getLastError()).isNotBlank();
					// Opted in: a failing exporter takes the contributor down.
					assertThat(context.getBean(AgentTracingHealthIndicator.class).health(true).getStatus())
						.isEqualTo(Status.DOWN);
					receiver.release();
				});
		}
	}

	@Test
	void fullQueueDropsAreCountedExactly() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			receiver.hang();
			DeliveryTestSupport.runner()
				.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
						"management.opentelemetry.tracing.export.otlp.timeout=30s",
						// A power of two: the SDK's queue rounds its capacity up to one.
						"management.opentelemetry.tracing.export.max-queue-size=16",
						"management.opentelemetry.tracing.export.max-batch-size=8")
				.run((context) -> {
					AgentTracer tracer = context.getBean(AgentTracer.class);
					tracer.agentRun(AgentRunSpec.named("first"), () -> "ok");
					// The batch worker is now blocked on the receiver with that one span.
					await().atMost(Duration.ofSeconds(5)).until(() -> receiver.hangingRequests() == 1);
					for (int i = 0; i < 50; i++) {
						tracer.agentRun(AgentRunSpec.named("agent-" + i), () -> "ok");
					}
					ExportAccounting accounting = context.getBean(ExportAccounting.class);
					assertThat(accounting.getDroppedQueueFull()).isEqualTo(34);
					assertThat(stats(accounting, "otlp-http").getDroppedQueueFull()).isEqualTo(34);
					// The worker holds the first span; the queue is full.
					assertThat(accounting.getQueues().get(0).getSize()).isEqualTo(16);
					receiver.release();
					await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 17);
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					// Counted for the exporter that lost them, and for the queue that
					// dropped them.
					assertThat(registry.get(ExportMetrics.SPANS_DROPPED)
						.tag("exporter", "otlp-http")
						.tag("reason", "queue_full")
						.functionCounter()
						.count()).isEqualTo(34);
					assertThat(accounting.getQueues()).singleElement().satisfies((queue) -> {
						assertThat(queue.getName()).isEqualTo(ExportAccounting.BOOT_QUEUE);
						assertThat(queue.getDropped()).isEqualTo(34);
						assertThat(queue.getCapacity()).isEqualTo(16);
					});
					await().atMost(Duration.ofSeconds(5))
						.until(() -> stats(accounting, "otlp-http").getExported() == 17);
				});
		}
	}

	static ExporterStats stats(ExportAccounting accounting, String name) {
		return accounting.getExporters()
			.stream()
			.filter((stats) -> stats.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

}
