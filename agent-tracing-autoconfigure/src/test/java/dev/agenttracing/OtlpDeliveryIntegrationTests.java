package dev.agenttracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.info.BuildProperties;

import dev.agenttracing.export.ExportAccounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path, checked at a real OTLP receiver on loopback for each transport, and in
 * the JSONL files: agent tree, attribute types, resource attributes, headers, and the
 * flush when the context closes.
 */
class OtlpDeliveryIntegrationTests {

	@TempDir
	Path files;

	@ParameterizedTest
	@ValueSource(strings = { "http", "grpc" })
	void agentTreeArrivesWithTypedAttributesAndResource(String transport) throws Exception {
		try (OtlpReceiver receiver = transport.equals("http") ? OtlpReceiver.http() : OtlpReceiver.grpc()) {
			DeliveryTestSupport.runner()
				.withBean(BuildProperties.class, () -> new BuildProperties(buildInfo("1.2.3")))
				.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
						"management.opentelemetry.tracing.export.otlp.transport=" + transport,
						"management.opentelemetry.tracing.export.otlp.compression=gzip",
						"management.opentelemetry.tracing.export.otlp.timeout=5s",
						"management.opentelemetry.tracing.export.otlp.connect-timeout=2s",
						"management.opentelemetry.tracing.export.otlp.headers.api-key=secret-key-123",
						"management.opentelemetry.resource-attributes.deployment.environment.name=test",
						"management.opentelemetry.resource-attributes.gen_ai.agent.name=trip-planner")
				.run((context) -> {
					DeliveryTestSupport.run(context.getBean(AgentTracer.class));
					await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() >= 4);
					List<Span> spans = receiver.spans();
					assertThat(spans).hasSize(4);
					assertTree(spans);
					Span root = byName(spans).get("invoke_agent trip-planner");
					assertThat(
							OtlpReceiver.attribute(root.getAttributesList(), "gen_ai.operation.name").getStringValue())
						.isEqualTo("invoke_agent");
					assertThat(OtlpReceiver.attribute(root.getAttributesList(), "agent_tracing.agent.nested")
						.hasBoolValue()).isTrue();
					Span guide = byName(spans).get("invoke_agent local-guide");
					assertThat(OtlpReceiver.attribute(guide.getAttributesList(), "agent_tracing.agent.nested")
						.getBoolValue()).isTrue();
					ResourceSpans resourceSpans = receiver.resourceSpans().get(0);
					assertThat(OtlpReceiver.attribute(resourceSpans.getResource(), "service.name").getStringValue())
						.isEqualTo("trip-planner");
					assertThat(OtlpReceiver.attribute(resourceSpans.getResource(), "service.version").getStringValue())
						.isEqualTo("1.2.3");
					assertThat(OtlpReceiver.attribute(resourceSpans.getResource(), "deployment.environment.name")
						.getStringValue()).isEqualTo("test");
					assertThat(
							OtlpReceiver.attribute(resourceSpans.getResource(), "gen_ai.agent.name").getStringValue())
						.isEqualTo("trip-planner");
					// Header and compression as the receiver's server got them, on every
					// request.
					assertThat(receiver.headers()).isNotEmpty();
					if (transport.equals("http")) {
						assertThat(receiver.headers()).allSatisfy((headers) -> {
							assertThat(headers.get("Api-key")).containsExactly("secret-key-123");
							assertThat(headers.get("Content-encoding")).containsExactly("gzip");
						});
					}
					else {
						assertThat(receiver.headers()).allSatisfy((metadata) -> {
							assertThat(metadata.get("api-key")).containsExactly("secret-key-123");
							assertThat(metadata.get("grpc-encoding")).containsExactly("gzip");
						});
					}
					// Not only announced: each payload really arrived gzip-compressed.
					assertThat(receiver.compressedRequests()).isEqualTo(receiver.requests().size());
					ExportAccounting accounting = context.getBean(ExportAccounting.class);
					String name = "otlp-" + transport;
					await().atMost(Duration.ofSeconds(5))
						.until(() -> accounting.getExporters()
							.stream()
							.anyMatch((stats) -> stats.getName().equals(name) && stats.getExported() == 4));
				});
		}
	}

	@Test
	void closingTheContextRightAfterRunsDeliversEveryTreeToReceiverAndFiles() throws Exception {
		int runs = 25;
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			DeliveryTestSupport.runner()
				.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
						// A long delay: only the shutdown flush can deliver these in
						// time.
						"management.opentelemetry.tracing.export.schedule-delay=30s",
						"agent.tracing.export.jsonl.enabled=true", "agent.tracing.export.jsonl.directory=" + this.files)
				.run((context) -> {
					AgentTracer tracer = context.getBean(AgentTracer.class);
					for (int i = 0; i < runs; i++) {
						DeliveryTestSupport.run(tracer);
					}
					context.close();
				});
			assertThat(receiver.spans()).hasSize(runs * 4);
			assertThat(receiver.spans().stream().map(Span::getTraceId).distinct()).hasSize(runs);
			List<Path> traceFiles = DeliveryTestSupport.traceFiles(this.files);
			assertThat(traceFiles).hasSize(runs);
			for (Path file : traceFiles) {
				List<ExportTraceServiceRequest> requests = DeliveryTestSupport.parse(file);
				List<Span> spans = DeliveryTestSupport.spans(requests);
				assertThat(spans).hasSize(4);
				assertTree(spans);
				assertThat(file.getFileName().toString()).isEqualTo(hex(spans.get(0).getTraceId()) + ".jsonl");
				assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
				assertThat(Files.getPosixFilePermissions(file.getParent()))
					.isEqualTo(PosixFilePermissions.fromString("rwx------"));
			}
		}
	}

	@Test
	void shutdownWaitsForAgentRunsInFlightBeforeFlushing() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			DeliveryTestSupport.runner()
				.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + receiver.endpoint(),
						"management.opentelemetry.tracing.export.schedule-delay=30s",
						"agent.tracing.shutdown.flush-timeout=10s")
				.run((context) -> {
					AgentTracer tracer = context.getBean(AgentTracer.class);
					CountDownLatch started = new CountDownLatch(1);
					CountDownLatch finish = new CountDownLatch(1);
					Thread agent = new Thread(() -> {
						try {
							tracer.agentRun(AgentRunSpec.named("slow-agent"), () -> {
								started.countDown();
								return finish.await(10, TimeUnit.SECONDS);
							});
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					});
					agent.start();
					assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
					Thread closer = new Thread(context::close);
					closer.start();
					// The close must wait for the run: let it end a little later.
					await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(closer::isAlive);
					finish.countDown();
					closer.join(15_000);
					agent.join(5_000);
				});
			assertThat(receiver.spans()).extracting(Span::getName).containsExactly("invoke_agent slow-agent");
		}
	}

	static void assertTree(List<Span> spans) {
		Map<String, Span> byName = byName(spans);
		assertThat(byName).containsOnlyKeys("invoke_agent trip-planner", "execute_tool get_weather",
				"execute_tool find_activities", "invoke_agent local-guide");
		assertThat(spans.stream().map(Span::getTraceId).distinct()).hasSize(1);
		Span root = byName.get("invoke_agent trip-planner");
		assertThat(root.getParentSpanId()).isEqualTo(ByteString.EMPTY);
		assertThat(byName.get("execute_tool get_weather").getParentSpanId()).isEqualTo(root.getSpanId());
		Span activities = byName.get("execute_tool find_activities");
		assertThat(activities.getParentSpanId()).isEqualTo(root.getSpanId());
		assertThat(byName.get("invoke_agent local-guide").getParentSpanId()).isEqualTo(activities.getSpanId());
	}

	static Map<String, Span> byName(List<Span> spans) {
		return spans.stream().collect(Collectors.toMap(Span::getName, (span) -> span, (a, b) -> a, HashMap::new));
	}

	static String hex(ByteString bytes) {
		StringBuilder builder = new StringBuilder();
		for (byte b : bytes.toByteArray()) {
			builder.append(String.format("%02x", b));
		}
		return builder.toString();
	}

	static Properties buildInfo(String version) {
		Properties properties = new Properties();
		properties.setProperty("version", version);
		return properties;
	}

}
