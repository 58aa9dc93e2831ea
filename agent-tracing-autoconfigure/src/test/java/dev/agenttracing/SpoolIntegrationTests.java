package dev.agenttracing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.FileSystemUtils;

import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint;
import dev.agenttracing.autoconfigure.InvalidAgentTracingPropertyException;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.ExportMetrics;
import dev.agenttracing.export.SpoolStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OTLP exporter's spool against a real OTLP receiver on loopback: a collector that is
 * down and comes back gets every span once, a spool outlives a restart, and a spool that
 * cannot be written counts what it loses without the application noticing.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpoolIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	// Connection refused fails fast; short backoffs keep the failed exports within a
	// test's time.
	private static final OtlpHttpSpanExporterBuilderCustomizer FAST_RETRY = (builder) -> builder
		.setRetryPolicy(RetryPolicy.builder()
			.setMaxAttempts(2)
			.setInitialBackoff(Duration.ofMillis(50))
			.setMaxBackoff(Duration.ofMillis(100))
			.build());

	@TempDir
	Path temp;

	@Test
	void collectorDownThenBackGetsEverySpanExactlyOnce() throws Exception {
		int port = freePort();
		runner(port, this.temp.resolve("spool")).run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			SpoolStats spool = context.getBean(ExportAccounting.class).getSpool();
			ExporterStats otlp = stats(context);
			for (int i = 0; i < 3; i++) {
				assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
			}
			await().atMost(WAIT).until(() -> spool.getSpooled() == 12);
			assertThat(otlp.getDropped()).isZero();
			assertThat(otlp.isFailing()).isTrue();
			assertThat(spool.getSizeOnDisk()).isPositive();

			try (OtlpReceiver receiver = OtlpReceiver.http(port)) {
				assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
				// The fourth run is sent live, or spooled if the collector was still
				// thought down.
				await().atMost(WAIT).until(() -> otlp.getExported() == 16 && spool.getResent() == spool.getSpooled());
				List<Span> spans = receiver.spans();
				assertThat(spans).hasSize(16);
				assertThat(spans.stream().map(Span::getSpanId).distinct()).hasSize(16);
				assertThat(traces(spans)).hasSize(4).allSatisfy((trace, count) -> assertThat(count).isEqualTo(4));
			}
			long spooled = spool.getSpooled();
			assertThat(spooled).isIn(12L, 16L);
			assertThat(spool.getDropped()).isZero();
			assertThat(otlp.getDropped()).isZero();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(ExportMetrics.SPOOL_SPANS).tag("outcome", "spooled").functionCounter().count())
				.isEqualTo(spooled);
			assertThat(registry.get(ExportMetrics.SPOOL_SPANS).tag("outcome", "resent").functionCounter().count())
				.isEqualTo(spooled);
			assertThat(registry.get(ExportMetrics.SPOOL_SPANS).tag("outcome", "dropped").functionCounter().count())
				.isZero();
			assertThat(
					registry.get(ExportMetrics.SPANS_EXPORTED).tag("exporter", "otlp-http").functionCounter().count())
				.isEqualTo(16);
			assertThat(context.getBean(AgentTracingEndpoint.class).status().counters().get("spool"))
				.isEqualTo(Map.of("spansSpooled", spooled, "spansResent", spooled, "spansDropped", 0L,
						"sizeOnDiskBytes", spool.getSizeOnDisk()));
		});
	}

	// The collector is back but fails the first resends: each failed batch is sent again,
	// not
	// skipped, and none twice.
	@Test
	void resendThatFailsIsRetriedWithoutLosingOrDuplicatingABatch() throws Exception {
		int port = freePort();
		runner(port, this.temp.resolve("spool")).run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			SpoolStats spool = context.getBean(ExportAccounting.class).getSpool();
			for (int i = 0; i < 3; i++) {
				assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
				int spooled = 4 * (i + 1);
				// One batch per run, so that the spool holds three.
				await().atMost(WAIT).until(() -> spool.getSpooled() == spooled);
			}
			try (OtlpReceiver receiver = OtlpReceiver.http(port)) {
				AtomicInteger calls = new AtomicInteger();
				receiver.answer(() -> (calls.incrementAndGet() <= 5) ? 503 : 200);
				await().atMost(WAIT).until(() -> spool.getResent() == 12);
				assertThat(calls.get()).isGreaterThan(5);
				List<Span> spans = receiver.spans();
				assertThat(spans).hasSize(12);
				assertThat(spans.stream().map(Span::getSpanId).distinct()).hasSize(12);
				assertThat(traces(spans)).hasSize(3).allSatisfy((trace, count) -> assertThat(count).isEqualTo(4));
			}
			assertThat(stats(context).getExported()).isEqualTo(12);
		});
	}

	// Bad data stays bad: spooling it would only hold up the batches behind it.
	@Test
	void batchRejectedAsBadDataIsDroppedNotSpooled() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.http()) {
			receiver.answer(() -> 400);
			runner(receiver.port(), this.temp.resolve("spool")).run((context) -> {
				SpoolStats spool = context.getBean(ExportAccounting.class).getSpool();
				ExporterStats otlp = stats(context);
				assertThat(DeliveryTestSupport.run(context.getBean(AgentTracer.class))).isEqualTo("rainyLouvre");
				await().atMost(WAIT).until(() -> otlp.getDropped() == 4);
				assertThat(spool.getSpooled()).isZero();
				assertThat(spool.getDropped()).isZero();
				assertThat(otlp.getLastError()).contains("HTTP 400");
			});
		}
	}

	@Test
	void spoolWrittenWhileDownIsSentAfterARestart() throws Exception {
		int port = freePort();
		Path directory = this.temp.resolve("spool");
		runner(port, directory).run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			SpoolStats spool = context.getBean(ExportAccounting.class).getSpool();
			assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
			assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
			await().atMost(WAIT).until(() -> spool.getSpooled() == 8);
		});
		try (OtlpReceiver receiver = OtlpReceiver.http(port)) {
			runner(port, directory).run((context) -> {
				SpoolStats spool = context.getBean(ExportAccounting.class).getSpool();
				await().atMost(WAIT).until(() -> spool.getResent() == 8);
				assertThat(spool.getSpooled()).isZero();
				assertThat(stats(context).getExported()).isEqualTo(8);
			});
			List<Span> spans = receiver.spans();
			assertThat(spans).hasSize(8);
			assertThat(spans.stream().map(Span::getSpanId).distinct()).hasSize(8);
			assertThat(traces(spans)).hasSize(2);
		}
	}

	@Test
	void spoolDirectoryThatIsAFileCountsTheLostSpansAndLogsOnce(CapturedOutput output) throws Exception {
		Path notADirectory = Files.writeString(this.temp.resolve("spool"), "a file");
		runner(freePort(), notADirectory).run((context) -> {
			assertThat(context).hasNotFailed();
			AgentTracer tracer = context.getBean(AgentTracer.class);
			SpoolStats spool = context.getBean(ExportAccounting.class).getSpool();
			for (int i = 0; i < 3; i++) {
				assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
			}
			await().atMost(WAIT).until(() -> spool.getDropped() == 12);
			assertThat(spool.getSpooled()).isZero();
			assertThat(stats(context).getDropped()).isEqualTo(12);
			assertThat(context.getBean(MeterRegistry.class)
				.get(ExportMetrics.SPOOL_SPANS)
				.tag("outcome", "dropped")
				.functionCounter()
				.count()).isEqualTo(12);
		});
		assertThat(occurrences(output, "WARN.*opening the span spool in " + Pattern.quote(notADirectory.toString())))
			.isEqualTo(1);
		assertThat(
				occurrences(output, "WARN.*writing spans to the spool in " + Pattern.quote(notADirectory.toString())))
			.isEqualTo(1);
	}

	@Test
	void spoolDirectoryGoneWhileRunningCountsTheLostSpansAndLogsOnce(CapturedOutput output) throws Exception {
		Path directory = this.temp.resolve("spool");
		runner(freePort(), directory).run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			SpoolStats spool = context.getBean(ExportAccounting.class).getSpool();
			// The disk goes away under the application: the directory becomes a file.
			FileSystemUtils.deleteRecursively(directory);
			Files.writeString(directory, "a file");
			for (int i = 0; i < 3; i++) {
				assertThat(DeliveryTestSupport.run(tracer)).isEqualTo("rainyLouvre");
			}
			await().atMost(WAIT).until(() -> spool.getDropped() == 12);
			assertThat(spool.getSpooled()).isZero();
			assertThat(stats(context).getDropped()).isEqualTo(12);
		});
		assertThat(occurrences(output, "WARN.*writing spans to the spool in " + Pattern.quote(directory.toString())))
			.isEqualTo(1);
		assertThat(output.toString()).doesNotContain("attempting to write the data in disk");
	}

	@Test
	void spoolIsOffByDefault() {
		DeliveryTestSupport.runner()
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces")
			.run((context) -> assertThat(context.getBean(ExportAccounting.class).getSpool()).isNull());
	}

	@Test
	void resendDelayNotBelowMaxAgeStopsStartupNamingTheProperty() throws IOException {
		runner(freePort(), this.temp.resolve("spool"))
			.withPropertyValues("agent.tracing.export.spool.max-age=1s", "agent.tracing.export.spool.resend-delay=1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidAgentTracingPropertyException.class)
				.hasMessageContaining("agent.tracing.export.spool.resend-delay"));
	}

	@Test
	void tooSmallMaxSizeStopsStartupNamingTheProperty() throws IOException {
		runner(freePort(), this.temp.resolve("spool")).withPropertyValues("agent.tracing.export.spool.max-size=1KB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidAgentTracingPropertyException.class)
				.hasMessageContaining("agent.tracing.export.spool.max-size"));
	}

	@Test
	void spoolWithoutTheDiskBufferingLibraryStopsStartupSayingWhatToAdd() throws IOException {
		runner(freePort(), this.temp.resolve("spool"))
			.withClassLoader(new FilteredClassLoader("io.opentelemetry.contrib.disk.buffering"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidAgentTracingPropertyException.class)
				.hasMessageContaining("agent.tracing.export.spool.enabled"));
	}

	private static ApplicationContextRunner runner(int port, Path directory) {
		return DeliveryTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withBean(OtlpHttpSpanExporterBuilderCustomizer.class, () -> FAST_RETRY)
			.withPropertyValues(
					"management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + port + "/v1/traces",
					"agent.tracing.export.spool.enabled=true", "agent.tracing.export.spool.directory=" + directory,
					"agent.tracing.export.spool.resend-delay=200ms",
					"management.endpoints.web.exposure.include=agenttracing");
	}

	private static ExporterStats stats(org.springframework.context.ApplicationContext context) {
		return context.getBean(ExportAccounting.class)
			.getExporters()
			.stream()
			.filter((stats) -> stats.getName().equals("otlp-http"))
			.findFirst()
			.orElseThrow();
	}

	private static Map<ByteString, Long> traces(List<Span> spans) {
		return spans.stream()
			.collect(java.util.stream.Collectors.groupingBy(Span::getTraceId, java.util.stream.Collectors.counting()));
	}

	private static int occurrences(CapturedOutput output, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(output.toString());
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
