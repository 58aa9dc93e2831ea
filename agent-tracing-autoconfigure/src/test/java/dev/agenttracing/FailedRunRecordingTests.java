package dev.agenttracing;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingShutdownAutoConfiguration;
import dev.agenttracing.sampling.FailedRunSpanProcessor;
import dev.agenttracing.semconv.GenAiAttributes;

import static dev.agenttracing.RunContextTestSupport.REMOTE_TRACE_ID;
import static dev.agenttracing.RunContextTestSupport.agent;
import static dev.agenttracing.RunContextTestSupport.await;
import static dev.agenttracing.RunContextTestSupport.remoteParent;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code agent.tracing.sampling.record-failed-runs}: a run sampling did not choose is
 * exported when it fails, in its own trace when its caller's was not sampled, and not at
 * all without the switch.
 */
class FailedRunRecordingTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = RunContextTestSupport.contextRunner(this.exporter);

	@Test
	void failedRunsAreRecordedWhenSamplingDidNotChooseThem() {
		this.contextRunner
			.withPropertyValues("agent.tracing.sampling.probability=0.0",
					"agent.tracing.sampling.record-failed-runs=true")
			.run((context) -> {
				agent(context).triage("fine");
				assertThatIllegalStateException().isThrownBy(() -> agent(context).fragile("q"))
					.withMessage("model timed out");
				assertThat(spans("invoke_agent triage")).isEmpty();
				SpanData run = span("invoke_agent fragile");
				assertThat(run).hasNoParent().hasStatus(StatusData.error());
				assertThat(run.getSpanContext().isSampled()).isTrue();
				assertThat(this.exporter.getFinishedSpanItems()).hasSize(3)
					.allSatisfy((span) -> assertThat(span).hasTraceId(run.getTraceId()));
				assertThat(span("execute_tool lookup_order")).hasParent(run);
				assertThat(span("http get")).hasParent(span("execute_tool lookup_order"));
				assertThat(context.getBean(FailedRunSpanProcessor.class).heldRuns()).isZero();
			});
	}

	@Test
	void exportingAFailedRunDoesNotCountItsEndTwice() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(AgentTracingShutdownAutoConfiguration.class))
			.withPropertyValues("agent.tracing.sampling.probability=0.0",
					"agent.tracing.sampling.record-failed-runs=true")
			.run((context) -> {
				CountDownLatch started = new CountDownLatch(1);
				CountDownLatch finish = new CountDownLatch(1);
				AgentTracer tracer = context.getBean(AgentTracer.class);
				Thread slow = new Thread(() -> tracer.agentRun(AgentRunSpec.named("slow"), () -> {
					started.countDown();
					await(finish);
					return "done";
				}));
				slow.start();
				assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
				assertThatIllegalStateException().isThrownBy(() -> agent(context).fragile("q"));
				assertThat(span("invoke_agent fragile")).hasStatus(StatusData.error());
				assertThat(tracer.getRunsInFlight()).isOne();
				finish.countDown();
				slow.join(5_000);
				assertThat(tracer.getRunsInFlight()).isZero();
			});
	}

	@Test
	void failedRunInsideAnUnsampledTraceIsRecordedInItsOwnLinkedTrace() {
		this.contextRunner
			.withPropertyValues("management.tracing.sampling.probability=0.0", "agent.tracing.sampling.probability=0.0",
					"agent.tracing.sampling.record-failed-runs=true")
			.run((context) -> {
				try (Scope scope = remoteParent(TraceFlags.getDefault()).makeCurrent()) {
					assertThatIllegalStateException().isThrownBy(() -> agent(context).fragile("q"));
				}
				SpanData run = span("invoke_agent fragile");
				assertThat(run).hasNoParent().hasAttribute(GenAiAttributes.SAMPLING_LINKED, true);
				assertThat(run.getLinks()).singleElement()
					.satisfies((link) -> assertThat(link.getSpanContext().getTraceId()).isEqualTo(REMOTE_TRACE_ID));
				assertThat(this.exporter.getFinishedSpanItems()).hasSize(3);
			});
	}

	@Test
	void withoutRecordFailedRunsAnUnchosenFailedRunIsNotRecorded() {
		this.contextRunner.withPropertyValues("agent.tracing.sampling.probability=0.0").run((context) -> {
			assertThatIllegalStateException().isThrownBy(() -> agent(context).fragile("q"));
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			assertThat(context).doesNotHaveBean(FailedRunSpanProcessor.class);
		});
	}

	private SpanData span(String name) {
		return RunContextTestSupport.span(this.exporter, name);
	}

	private List<SpanData> spans(String name) {
		return RunContextTestSupport.spans(this.exporter, name);
	}

}
