package dev.agenttracing.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.DeliveryTestSupport;
import dev.agenttracing.actuate.endpoint.AgentTracingEndpoint;
import dev.agenttracing.actuate.health.AgentTracingHealthIndicator;
import dev.agenttracing.export.AccountingSpanExporter;
import dev.agenttracing.export.ExportAccounting;
import dev.agenttracing.export.QueueDropCounter;
import dev.agenttracing.export.TraceFlusher;
import dev.agenttracing.export.jsonl.JsonlSpanExporter;

import static org.assertj.core.api.Assertions.assertThat;

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
					.doesNotHaveBean(JsonlSpanExporter.class)
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
		// A run counted as finished must already be queued, or the shutdown flush can miss it:
		// it must still count while any processor, Boot's batch processor included, sees it end.
		RunsInFlightAtEnd processor = new RunsInFlightAtEnd();
		DeliveryTestSupport.runner()
			.withBean(RunsInFlightAtEnd.class, () -> processor)
			.run((context) -> {
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
			.run((context) -> assertThat(context).doesNotHaveBean(JsonlSpanExporter.class));
	}

	@Test
	void jsonlExporterIsCountedInsideBootsBatchProcessor() {
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.export.jsonl.enabled=true",
					"agent.tracing.export.jsonl.directory=" + this.directory)
			.run((context) -> {
				assertThat(context).hasSingleBean(JsonlSpanExporter.class).hasSingleBean(TraceFlusher.class);
				assertThat(context.getBean(MeterProvider.class)).isInstanceOf(QueueDropCounter.class);
				assertThat(context.getBean(SpanExporters.class).list()).singleElement()
					.isInstanceOfSatisfying(AccountingSpanExporter.class, (exporter) -> assertThat(
							exporter.getDelegate()).isSameAs(context.getBean(JsonlSpanExporter.class)));
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
				FailureAnalysis analysis = new InvalidAgentTracingPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
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
			.run((context) -> assertThat(new InvalidAgentTracingPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure())
				.getDescription()).contains("agent.tracing.export.jsonl.max-total-size"));
		DeliveryTestSupport.runner()
			.withPropertyValues("agent.tracing.shutdown.flush-timeout=0s")
			.run((context) -> assertThat(new InvalidAgentTracingPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure())
				.getAction()).contains("positive duration"));
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
