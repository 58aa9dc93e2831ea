package dev.agenttracing;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.sampling.AgentRunSampler;
import dev.agenttracing.semconv.GenAiAttributes;

import static dev.agenttracing.RunContextTestSupport.REMOTE_SPAN_ID;
import static dev.agenttracing.RunContextTestSupport.REMOTE_TRACE_ID;
import static dev.agenttracing.RunContextTestSupport.agent;
import static dev.agenttracing.RunContextTestSupport.remoteParent;
import static dev.agenttracing.RunContextTestSupport.request;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agent-level sampling end to end on Boot's own SDK (its sampler, its span processor
 * list): where a run goes inside a sampled or an unsampled trace,
 * {@code agent.tracing.sampling.probability} at 0, 1 and in between, and the wrapping of
 * the application's sampler.
 */
class RunSamplingProbabilityTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = RunContextTestSupport.contextRunner(this.exporter);

	@Test
	void runInsideASampledTraceNestsEvenWithAgentProbabilityZero() {
		this.contextRunner
			.withPropertyValues("management.tracing.sampling.probability=0.0", "agent.tracing.sampling.probability=0.0")
			.run((context) -> {
				try (Scope scope = remoteParent(TraceFlags.getSampled()).makeCurrent()) {
					agent(context).triage("q");
				}
				SpanData run = span("invoke_agent triage");
				assertThat(run).hasTraceId(REMOTE_TRACE_ID).hasParentSpanId(REMOTE_SPAN_ID);
				assertThat(run.getLinks()).isEmpty();
				assertThat(span("execute_tool lookup_order")).hasParent(run);
			});
	}

	@Test
	void runChosenInsideAnUnsampledTraceStartsItsOwnTraceLinkedToTheCaller() {
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.0").run((context) -> {
			try (Scope scope = remoteParent(TraceFlags.getDefault()).makeCurrent()) {
				agent(context).triage("q");
			}
			SpanData run = span("invoke_agent triage");
			assertThat(run).hasNoParent().hasAttribute(GenAiAttributes.SAMPLING_LINKED, true);
			assertThat(run.getTraceId()).isNotEqualTo(REMOTE_TRACE_ID);
			assertThat(run.getLinks()).singleElement().satisfies((link) -> {
				assertThat(link.getSpanContext().getTraceId()).isEqualTo(REMOTE_TRACE_ID);
				assertThat(link.getSpanContext().getSpanId()).isEqualTo(REMOTE_SPAN_ID);
			});
			assertThat(span("execute_tool lookup_order")).hasParent(run);
			assertThat(span("http get")).hasTraceId(run.getTraceId());
		});
	}

	@Test
	void runNotChosenInsideAnUnsampledTraceStaysInItAndRecordsNothing() {
		this.contextRunner
			.withPropertyValues("management.tracing.sampling.probability=0.0", "agent.tracing.sampling.probability=0.0")
			.run((context) -> {
				List<SpanContext> seen = new ArrayList<>();
				AgentTracer tracer = context.getBean(AgentTracer.class);
				try (Scope scope = remoteParent(TraceFlags.getDefault()).makeCurrent()) {
					List<String> answer = tracer.agentRun(AgentRunSpec.named("quiet"), () -> {
						seen.add(Span.current().getSpanContext());
						return agent(context).triage("q");
					});
					assertThat(answer).containsExactly("order 42 shipped");
				}
				assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
				assertThat(seen).singleElement().satisfies((spanContext) -> {
					assertThat(spanContext.getTraceId()).isEqualTo(REMOTE_TRACE_ID);
					assertThat(spanContext.isSampled()).isFalse();
				});
			});
	}

	@Test
	void probabilityZeroRecordsNoRunWithoutAParent() {
		this.contextRunner.withPropertyValues("agent.tracing.sampling.probability=0.0").run((context) -> {
			for (int i = 0; i < 20; i++) {
				assertThat(agent(context).answer(request("u", "t"))).isEqualTo("Your order shipped.");
			}
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		});
	}

	@Test
	void probabilityOneRecordsEveryRunWhateverBootSamples() {
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.0").run((context) -> {
			for (int i = 0; i < 20; i++) {
				agent(context).answer(request("u", "t"));
			}
			assertThat(spans("invoke_agent support")).hasSize(20);
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(80);
			// Spans outside agent runs are still Boot's to sample.
			context.getBean(OpenTelemetry.class).getTracer("other").spanBuilder("outside").startSpan().end();
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(80);
		});
	}

	@Test
	void intermediateProbabilitySamplesRoughlyThatShareOfRuns() {
		this.contextRunner.withPropertyValues("agent.tracing.sampling.probability=0.5").run((context) -> {
			for (int i = 0; i < 400; i++) {
				agent(context).triage("q");
			}
			int recorded = spans("invoke_agent triage").size();
			// Binomial(400, 0.5): outside 120..280 has a probability below 1e-19.
			assertThat(recorded).isBetween(120, 280);
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(recorded * 3);
		});
	}

	@Test
	void applicationSamplerIsWrappedOnce() {
		this.contextRunner.run((context) -> assertThat(context.getBean(SdkTracerProvider.class).getSampler())
			.isInstanceOf(AgentRunSampler.class)
			.satisfies((sampler) -> assertThat(((AgentRunSampler) sampler).getDelegate())
				.isNotInstanceOf(AgentRunSampler.class)));
	}

	@Test
	void probabilityOutOfRangeStopsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("agent.tracing.sampling.probability=1.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("agent.tracing.sampling.probability")
				.hasMessageContaining("between 0.0 and 1.0"));
	}

	private SpanData span(String name) {
		return RunContextTestSupport.span(this.exporter, name);
	}

	private List<SpanData> spans(String name) {
		return RunContextTestSupport.spans(this.exporter, name);
	}

}
