package dev.agenttracing.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;

import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.DeliveryTestSupport;
import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint;
import dev.agenttracing.actuate.health.AgentTracingHealthIndicator;
import dev.agenttracing.export.AccountingSpanExporter;
import dev.agenttracing.export.DestinationSpanProcessor;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.ExporterStats;
import dev.agenttracing.export.QueueStats;
import dev.agenttracing.export.QueueDropCounter;
import dev.agenttracing.export.TraceFlusher;
import dev.agenttracing.export.jsonl.JsonlSpanExporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class AgentTracingDeliveryAutoConfigurationTests {

	@TempDir
	Path directory;

	@Test
	void disabledCreatesNothingOfOurs() {
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.enabled=false", "agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory,
					"management.endpoints.web.exposure.include=*")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ExportAccounting.class)
					.doesNotHaveBean(DestinationSpanProcessor.class)
					.doesNotHaveBean(TraceFlusher.class)
					.doesNotHaveBean(QueueDropCounter.class)
					.doesNotHaveBean(AgentTracingEndpoint.class)
					.doesNotHaveBean(AgentTracingHealthIndicator.class);
				assertThat(context.getBean(SpanExporters.class).list())
					.noneMatch(AccountingSpanExporter.class::isInstance);
			});
	}

	@Test
	void aRunIsInFlightUntilEverySpanProcessorHasItsSpan() {
		// A run counted as finished must already be queued, or the shutdown flush can
		// miss it:
		// it must still count while any processor, Boot's batch processor included, sees
		// it end.
		RunsInFlightAtEnd processor = new RunsInFlightAtEnd();
		DeliveryTestSupport.runner().withBean(RunsInFlightAtEnd.class, () -> processor).run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			processor.tracer = tracer;
			DeliveryTestSupport.run(tracer);
			// local-guide ends inside trip-planner: two runs in flight, then one.
			assertThat(processor.seen).containsExactly(2, 1);
			assertThat(tracer.getRunsInFlight()).isZero();
		});
	}

	@Test
	void jsonlHonoursTracingExportSwitch() {
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory, "management.tracing.export.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DestinationSpanProcessor.class));
		// Without Boot's SDK no tracer provider would feed the queues: no idle workers.
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory, "agent.tracing.export.log.enabled=true",
					"management.opentelemetry.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DestinationSpanProcessor.class));
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory)
			.run((context) -> assertThat(context).hasSingleBean(DestinationSpanProcessor.class));
	}

	@Test
	void ownDestinationsHaveQueuesOfTheirOwnOutsideBootsBatchProcessor() {
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory, "agent.tracing.export.log.enabled=true",
					"agent.tracing.export.jsonl.queue.max-size=4096",
					"agent.tracing.export.jsonl.queue.max-batch-size=256",
					"management.opentelemetry.tracing.export.max-queue-size=1024")
			.run((context) -> {
				assertThat(context).hasSingleBean(TraceFlusher.class).doesNotHaveBean(SpanExporter.class);
				assertThat(context.getBean(MeterProvider.class)).isInstanceOf(QueueDropCounter.class);
				// Boot's processor exports to none of ours: no span is exported twice.
				assertThat(context.getBean(SpanExporters.class).list()).isEmpty();
				DestinationSpanProcessor jsonl = context.getBean("agentTracingJsonlSpanProcessor",
						DestinationSpanProcessor.class);
				assertThat(jsonl.getExporter()).isInstanceOf(JsonlSpanExporter.class);
				// Each is one of the span processors Boot puts in its tracer provider.
				assertThat(context.getBeanProvider(SpanProcessor.class).orderedStream().toList()).contains(jsonl,
						context.getBean("agentTracingLogSpanProcessor", SpanProcessor.class));
				ExportAccounting accounting = context.getBean(ExportAccounting.class);
				assertThat(accounting.getQueues())
					.extracting(QueueStats::getName, QueueStats::getCapacity, QueueStats::getExporters)
					.containsExactly(tuple("boot", 1024, List.of()), tuple("jsonl", 4096, List.of("jsonl")),
							tuple("log", 2048, List.of("log")));
			});
	}

	@Test
	void aSpanReachesEachOwnDestinationOnceAndBootsExportersOnce() {
		InMemorySpanExporter application = InMemorySpanExporter.create();
		DeliveryTestSupport.runner()
			.withBean(InMemorySpanExporter.class, () -> application)
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory, "agent.tracing.export.log.enabled=true",
					"agent.tracing.export.jsonl.queue.schedule-delay=50ms",
					"agent.tracing.export.log.queue.schedule-delay=50ms")
			.run((context) -> {
				DeliveryTestSupport.run(context.getBean(AgentTracer.class));
				assertThat(context.getBean(TraceFlusher.class).flush().outcome())
					.isEqualTo(TraceFlusher.Outcome.FLUSHED);
				assertThat(application.getFinishedSpanItems()).hasSize(4);
				List<Path> files = DeliveryTestSupport.traceFiles(this.directory);
				assertThat(files).hasSize(1);
				assertThat(DeliveryTestSupport.spans(DeliveryTestSupport.parse(files.get(0)))).hasSize(4);
				ExportAccounting accounting = context.getBean(ExportAccounting.class);
				assertThat(accounting.getExporters()).extracting(ExporterStats::getName, ExporterStats::getExported)
					.containsExactly(tuple("InMemorySpanExporter", 4L), tuple("jsonl", 4L), tuple("log", 4L));
				assertThat(accounting.getQueues()).extracting(QueueStats::getName, QueueStats::getExporters)
					.containsExactly(tuple("boot", List.of("InMemorySpanExporter")), tuple("jsonl", List.of("jsonl")),
							tuple("log", List.of("log")));
			});
	}

	@Test
	void theApplicationsSpanPredicatesAndFiltersApplyToTheOwnDestinationsAsToBoots() {
		InMemorySpanExporter application = InMemorySpanExporter.create();
		SpanExportingPredicate noWeather = (span) -> !span.getName().equals("execute_tool get_weather");
		SpanFilter renameGuide = (span) -> span.setName(span.getName().replace("local-guide", "guide"));
		DeliveryTestSupport.runner()
			.withBean(InMemorySpanExporter.class, () -> application)
			.withBean(SpanExportingPredicate.class, () -> noWeather)
			.withBean(SpanFilter.class, () -> renameGuide)
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory)
			.run((context) -> {
				DeliveryTestSupport.run(context.getBean(AgentTracer.class));
				assertThat(context.getBean(TraceFlusher.class).flush().outcome())
					.isEqualTo(TraceFlusher.Outcome.FLUSHED);
				List<String> expected = List.of("execute_tool find_activities", "invoke_agent guide",
						"invoke_agent trip-planner");
				assertThat(application.getFinishedSpanItems()).extracting(SpanData::getName)
					.containsExactlyInAnyOrderElementsOf(expected);
				List<Path> files = DeliveryTestSupport.traceFiles(this.directory);
				assertThat(files).singleElement()
					.satisfies((file) -> assertThat(DeliveryTestSupport.spans(DeliveryTestSupport.parse(file)))
						.extracting(io.opentelemetry.proto.trace.v1.Span::getName)
						.containsExactlyInAnyOrderElementsOf(expected));
				// What the application leaves out is neither written nor counted as
				// exported.
				assertThat(context.getBean(ExportAccounting.class)
					.getExporters()
					.stream()
					.filter((stats) -> stats.getName().equals("jsonl"))
					.findFirst()
					.orElseThrow()
					.getExported()).isEqualTo(3);
			});
	}

	@Test
	void aFailedRunThatSamplingLeftOutReachesTheOwnDestinations() {
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory, "agent.tracing.export.log.enabled=true",
					"agent.tracing.sampling.probability=0.0", "agent.tracing.sampling.record-failed-runs=true")
			.run((context) -> {
				AgentTracer tracer = context.getBean(AgentTracer.class);
				IllegalStateException failure = new IllegalStateException("no weather");
				assertThatThrownBy(() -> tracer.agentRun(AgentRunSpec.named("failing"), () -> {
					throw failure;
				})).isSameAs(failure);
				assertThat(tracer.agentRun(AgentRunSpec.named("fine"), () -> "ok")).isEqualTo("ok");
				assertThat(context.getBean(TraceFlusher.class).flush().outcome())
					.isEqualTo(TraceFlusher.Outcome.FLUSHED);
				List<Path> files = DeliveryTestSupport.traceFiles(this.directory);
				assertThat(files).singleElement()
					.satisfies((file) -> assertThat(DeliveryTestSupport.spans(DeliveryTestSupport.parse(file)))
						.singleElement()
						.satisfies((span) -> assertThat(span.getName()).isEqualTo("invoke_agent failing")));
				ExportAccounting accounting = context.getBean(ExportAccounting.class);
				assertThat(accounting.getExporters()).extracting(ExporterStats::getName, ExporterStats::getExported)
					.containsExactly(tuple("jsonl", 1L), tuple("log", 1L));
			});
	}

	@ParameterizedTest
	@CsvSource({ "jsonl.queue.max-size, 0, jsonl.queue.max-size", "log.queue.max-size, -1, log.queue.max-size",
			"jsonl.queue.max-batch-size, 4096, jsonl.queue.max-batch-size",
			"log.queue.max-batch-size, 0, log.queue.max-batch-size",
			"jsonl.queue.schedule-delay, 0s, jsonl.queue.schedule-delay",
			"log.queue.export-timeout, -1s, log.queue.export-timeout" })
	void invalidQueuePropertyStopsStartupNamingIt(String property, String value, String named) {
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory, "agent.tracing.export.log.enabled=true",
					"agent.tracing.export." + property + "=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new AgentTracingFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("agent.tracing.export." + named);
				assertThat(analysis.getAction()).isNotBlank();
			});
	}

	@Test
	void endpointIsNotExposedUnlessAsked() {
		DeliveryTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AgentTracingEndpoint.class)
				.hasSingleBean(AgentTracingHealthIndicator.class));
		DeliveryTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=agenttracing")
			.run((context) -> {
				assertThat(context).hasSingleBean(AgentTracingEndpoint.class);
				AgentTracingEndpoint.FlushDescriptor flush = context.getBean(AgentTracingEndpoint.class).flush();
				assertThat(flush.outcome()).isEqualTo("FLUSHED");
			});
	}

	@Test
	void unwritableDirectoryStopsStartupNamingTheProperty() throws Exception {
		Path file = Files.writeString(this.directory.resolve("a-file"), "x");
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + file.resolve("traces"))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new AgentTracingFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("agent.tracing.export.jsonl.directory");
				assertThat(analysis.getAction()).contains("enabled=false");
			});
	}

	@Test
	void negativeSizeAndTimeoutStopStartup() {
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory,
					"agent.tracing.export.jsonl.max-total-size=-1MB")
			.run((context) -> assertThat(
					new AgentTracingFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
				.contains("agent.tracing.export.jsonl.max-total-size"));
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory, "agent.tracing.export.jsonl.max-files=0")
			.run((context) -> assertThat(
					new AgentTracingFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
				.contains("agent.tracing.export.jsonl.max-files"));
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.shutdown.flush-timeout=0s")
			.run((context) -> assertThat(
					new AgentTracingFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
				.contains("positive duration"));
	}

	static class RunsInFlightAtEnd implements SpanProcessor {

		volatile @Nullable AgentTracer tracer;

		final List<Integer> seen = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			AgentTracer tracer = this.tracer;
			if (tracer != null && span.getName().startsWith("invoke_agent")) {
				this.seen.add(tracer.getRunsInFlight());
			}
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

}
