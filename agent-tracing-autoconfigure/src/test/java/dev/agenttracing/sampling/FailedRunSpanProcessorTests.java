package dev.agenttracing.sampling;

import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.sampling.AgentRunSampler.Decision;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of {@link FailedRunSpanProcessor} on a real SDK.
 */
class FailedRunSpanProcessorTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SpanProcessor export = SimpleSpanProcessor.create(this.exporter);

	private SdkTracerProvider provider;

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void aRunThatNeverEndsGivesUpItsPlaceOnceTooOld() {
		FailedRunSpanProcessor failedRuns = new FailedRunSpanProcessor(() -> List.of(this.export), 1, 8, 0);
		Tracer tracer = tracer(failedRuns);
		tentativeRun(tracer);
		assertThat(failedRuns.heldRuns()).isOne();
		Span failing = tentativeRun(tracer);
		failing.setStatus(StatusCode.ERROR);
		failing.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getSpanContext().isSampled()).isTrue());
	}

	@Test
	void aFullProcessorKeepsTheRunsItHoldsAndIgnoresNewOnes() {
		FailedRunSpanProcessor failedRuns = new FailedRunSpanProcessor(() -> List.of(this.export), 1, 8);
		Tracer tracer = tracer(failedRuns);
		tentativeRun(tracer);
		Span failing = tentativeRun(tracer);
		failing.setStatus(StatusCode.ERROR);
		failing.end();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		assertThat(failedRuns.heldRuns()).isOne();
	}

	@Test
	void spansBeyondTheLimitOfARunAreLeftOut() {
		FailedRunSpanProcessor failedRuns = new FailedRunSpanProcessor(() -> List.of(this.export), 4, 2);
		Tracer tracer = tracer(failedRuns);
		Span run = tentativeRun(tracer);
		Context inside = AgentRunSampler.insideRun(Context.root().with(run), true);
		for (int i = 0; i < 5; i++) {
			tracer.spanBuilder("tool " + i).setParent(inside).startSpan().end();
		}
		run.setStatus(StatusCode.ERROR);
		run.end();
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(3);
		assertThat(failedRuns.heldRuns()).isZero();
	}

	private Tracer tracer(FailedRunSpanProcessor failedRuns) {
		this.provider = SdkTracerProvider.builder()
			.setSampler(new AgentRunSampler(Sampler.parentBased(Sampler.alwaysOff())))
			.addSpanProcessor(this.export)
			.addSpanProcessor(failedRuns)
			.build();
		return this.provider.get("test");
	}

	private static Span tentativeRun(Tracer tracer) {
		return tracer.spanBuilder("invoke_agent run")
			.setParent(AgentRunSampler.withDecision(Context.root(), Decision.TENTATIVE))
			.startSpan();
	}

}
