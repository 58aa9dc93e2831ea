package dev.agenttracing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint;
import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint.AgentTracingDescriptor;
import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint.QueueDescriptor;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.ExportMetrics;
import dev.agenttracing.export.TraceFlusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A collector that refuses, hangs or answers 503 while agent runs are made at a steady
 * rate: the trace files and the run log, each behind a queue of its own, hold every run,
 * and every span the OTLP side lost is counted, per destination. With the collector up,
 * nothing is lost anywhere. Boot's queue is made small, so that a failing collector
 * overflows it within the test; before each destination had its own queue, the files lost
 * what that queue dropped.
 */
@ExtendWith(OutputCaptureExtension.class)
class DestinationIsolationIntegrationTests {

	private static final int RUNS = 150;

	private static final int SPANS = RUNS * 4;

	private static final Pattern RUN_LOGGED = Pattern.compile("Agent run finished \\(trace [0-9a-f]{32}\\)");

	private static final OtlpHttpSpanExporterBuilderCustomizer FAST_RETRY = (builder) -> builder
		.setRetryPolicy(RetryPolicy.builder()
			.setMaxAttempts(2)
			.setInitialBackoff(Duration.ofMillis(50))
			.setMaxBackoff(Duration.ofMillis(100))
			.build());

	@TempDir
	Path directory;

	@ParameterizedTest(name = "collector {0}")
	@ValueSource(strings = { "refusing", "hanging", "answering 503" })
	void localDestinationsHoldEveryRunWhileTheCollectorFails(String fault, CapturedOutput output) throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			String endpoint = receiver.endpoint();
			switch (fault) {
				case "refusing" -> endpoint = "http://127.0.0.1:" + closedPort() + "/v1/traces";
				case "hanging" -> receiver.hang();
				default -> receiver.answer(() -> 503);
			}
			runner(endpoint).run((context) -> {
				makeRunsAtASteadyRate(context.getBean(AgentTracer.class));
				context.getBean(TraceFlusher.class).flush();
				assertLocalDestinationsHoldEveryRun(context.getBean(ExportAccounting.class), output);
				ExportAccounting accounting = context.getBean(ExportAccounting.class);
				ExporterStats otlp = stats(accounting, "otlp-http");
				// Every span is accounted for on the OTLP side: exported, failed, or
				// dropped by
				// its full queue. Ends when the last export (and its retry) has ended.
				await().atMost(Duration.ofSeconds(60))
					.until(() -> otlp.getExported() + otlp.getDropped() + otlp.getDroppedQueueFull() == SPANS);
				assertThat(otlp.getDropped() + otlp.getDroppedQueueFull()).isPositive();
				assertThat(otlp.getExported()).isEqualTo(receiver.spans().size());
				if (fault.equals("hanging")) {
					// An export takes seconds: the small queue overflows, and only
					// Boot's.
					assertThat(otlp.getDroppedQueueFull()).isPositive();
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(dropped(registry, "otlp-http", "queue_full")).isEqualTo(otlp.getDroppedQueueFull());
				assertThat(dropped(registry, "otlp-http", "export_failed")).isEqualTo(otlp.getDropped());
				assertThat(dropped(registry, "jsonl", "queue_full")).isZero();
				assertThat(dropped(registry, "log", "queue_full")).isZero();
				AgentTracingDescriptor status = context.getBean(AgentTracingEndpoint.class).status();
				assertThat(status.queues()).extracting(QueueDescriptor::name).containsExactly("boot", "jsonl", "log");
				assertThat(status.queues().get(0)).satisfies((boot) -> {
					assertThat(boot.exporters()).containsExactly("otlp-http");
					assertThat(boot.capacity()).isEqualTo(32);
					assertThat(boot.spansDropped()).isEqualTo(otlp.getDroppedQueueFull());
				});
				assertThat(status.queues().subList(1, 3)).allSatisfy((own) -> {
					assertThat(own.capacity()).isEqualTo(2048);
					assertThat(own.size()).isZero();
					assertThat(own.spansDropped()).isZero();
				});
				assertThat(status.counters()).containsEntry("spansDroppedQueueFull", otlp.getDroppedQueueFull());
				receiver.release();
			});
		}
	}

	@Test
	void nothingIsLostAnywhereWithTheCollectorUp(CapturedOutput output) throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			// Boot's queue at its default size: a collector that keeps up loses nothing.
			runner(receiver.endpoint())
				.withPropertyValues("management.opentelemetry.tracing.export.max-queue-size=2048",
						"management.opentelemetry.tracing.export.max-batch-size=512")
				.run((context) -> {
					makeRunsAtASteadyRate(context.getBean(AgentTracer.class));
					assertThat(context.getBean(TraceFlusher.class).flush().outcome())
						.isEqualTo(TraceFlusher.Outcome.FLUSHED);
					ExportAccounting accounting = context.getBean(ExportAccounting.class);
					assertLocalDestinationsHoldEveryRun(accounting, output);
					await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() >= SPANS);
					assertThat(receiver.spans()).hasSize(SPANS);
					assertThat(accounting.getExporters()).allSatisfy((stats) -> {
						assertThat(stats.getExported()).as(stats.getName()).isEqualTo(SPANS);
						assertThat(stats.getDropped() + stats.getDroppedQueueFull() + stats.getFailures()).isZero();
					});
					assertThat(accounting.getQueues()).allSatisfy((queue) -> assertThat(queue.getDropped()).isZero());
				});
		}
	}

	// context.close() with the collector hanging: the local queues are drained within the
	// flush
	// timeout, however long the OTLP export would take.
	@Test
	void closeDrainsTheLocalQueuesWhileTheCollectorHangs(CapturedOutput output) throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			receiver.hang();
			runner(receiver.endpoint())
				.withPropertyValues("management.opentelemetry.tracing.export.timeout=60s",
						"management.opentelemetry.tracing.export.otlp.timeout=60s",
						// Longer than the test: only the shutdown can write these spans.
						"agent.tracing.export.jsonl.queue.schedule-delay=60s",
						"agent.tracing.export.log.queue.schedule-delay=60s", "agent.tracing.shutdown.flush-timeout=3s")
				.run((context) -> {
					AgentTracer tracer = context.getBean(AgentTracer.class);
					for (int i = 0; i < 40; i++) {
						DeliveryTestSupport.run(tracer);
					}
					await().atMost(Duration.ofSeconds(10)).until(() -> receiver.hangingRequests() >= 1);
					ExportAccounting accounting = context.getBean(ExportAccounting.class);
					assertThat(stats(accounting, "jsonl").getExported()).isZero();
					context.close();
					assertThat(DeliveryTestSupport.traceFiles(this.directory)).hasSize(40);
					assertThat(stats(accounting, "jsonl").getExported()).isEqualTo(160);
					assertThat(stats(accounting, "log").getExported()).isEqualTo(160);
					assertThat(RUN_LOGGED.matcher(output.toString()).results().count()).isEqualTo(40);
					// The shutdown names the queue that did not drain: the hanging
					// collector's.
					assertThat(output).containsPattern(
							"Flushing spans on shutdown: TIMED_OUT .*" + "; spans still queued: boot \\d+ of 32;");
					assertThat(output.toString()).doesNotContain("queued: jsonl").doesNotContain("queued: log");
					receiver.release();
				});
		}
	}

	private ApplicationContextRunner runner(String endpoint) {
		return DeliveryTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withBean(OtlpHttpSpanExporterBuilderCustomizer.class, () -> FAST_RETRY)
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + endpoint,
					"management.opentelemetry.tracing.export.otlp.timeout=1s",
					"management.opentelemetry.tracing.export.otlp.connect-timeout=500ms",
					"management.opentelemetry.tracing.export.max-queue-size=32",
					"management.opentelemetry.tracing.export.max-batch-size=16",
					"management.endpoints.web.exposure.include=agenttracing", "agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory, "agent.tracing.export.log.enabled=true",
					"agent.tracing.export.jsonl.queue.schedule-delay=100ms",
					"agent.tracing.export.log.queue.schedule-delay=100ms");
	}

	// 150 runs, one every 20 ms (3 seconds), each a trace of its own with 4 spans.
	private static void makeRunsAtASteadyRate(AgentTracer tracer) throws InterruptedException {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
		CountDownLatch done = new CountDownLatch(RUNS);
		AtomicInteger results = new AtomicInteger();
		try {
			executor.scheduleAtFixedRate(() -> {
				if (done.getCount() > 0) {
					if (DeliveryTestSupport.run(tracer).equals("rainyLouvre")) {
						results.incrementAndGet();
					}
					done.countDown();
				}
			}, 0, 20, TimeUnit.MILLISECONDS);
			assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(results).hasValue(RUNS);
	}

	private void assertLocalDestinationsHoldEveryRun(ExportAccounting accounting, CapturedOutput output)
			throws IOException {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> stats(accounting, "jsonl").getExported() == SPANS
					&& stats(accounting, "log").getExported() == SPANS);
		List<Path> files = DeliveryTestSupport.traceFiles(this.directory);
		assertThat(files).hasSize(RUNS);
		for (Path file : files) {
			assertThat(DeliveryTestSupport.spans(DeliveryTestSupport.parse(file))).hasSize(4);
		}
		Matcher logged = RUN_LOGGED.matcher(output.toString());
		assertThat(logged.results().count()).isEqualTo(RUNS);
		for (String name : List.of("jsonl", "log")) {
			ExporterStats stats = stats(accounting, name);
			assertThat(stats.getDropped() + stats.getDroppedQueueFull() + stats.getFailures()).as(name).isZero();
		}
	}

	private static double dropped(MeterRegistry registry, String exporter, String reason) {
		return registry.get(ExportMetrics.SPANS_DROPPED)
			.tag("exporter", exporter)
			.tag("reason", reason)
			.functionCounter()
			.count();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static ExporterStats stats(ExportAccounting accounting, String name) {
		return ExportFailureIntegrationTests.stats(accounting, name);
	}

}
