package dev.agenttracing.sampling;

import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sampling decision of {@link RunSampling} as the SDK carries it out through
 * {@link AgentRunSampler}, on an in-memory SDK whose own sampler samples nothing but what
 * its parent sampled (Boot's parent-based sampler at probability 0).
 */
class RunSamplingTests {

	private static final String CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	private InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private SdkTracerProvider tracerProvider = tracerProvider(
			new AgentRunSampler(Sampler.parentBased(Sampler.alwaysOff())));

	@AfterEach
	void close() {
		this.tracerProvider.close();
	}

	@Test
	void probabilityOneRecordsEveryTopLevelRun() {
		RunSampling sampling = new RunSampling(1.0, false);
		for (int i = 0; i < 50; i++) {
			Span run = sampling.start(run("support"), Context.root(), false);
			assertThat(run.getSpanContext().isSampled()).isTrue();
			run.end();
		}
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(50)
			.allSatisfy((span) -> assertThat(span).hasNoParent().hasLinks(List.of()));
	}

	@Test
	void probabilityZeroRecordsNoTopLevelRun() {
		RunSampling sampling = new RunSampling(0.0, false);
		for (int i = 0; i < 50; i++) {
			Span run = sampling.start(run("support"), Context.root(), false);
			assertThat(run.isRecording()).isFalse();
			run.end();
		}
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void probabilityInBetweenRecordsThatShareOfRuns() {
		RunSampling sampling = new RunSampling(0.25, false);
		for (int i = 0; i < 2_000; i++) {
			sampling.start(run("support"), Context.root(), false).end();
		}
		// Binomial(2000, 0.25): mean 500, standard deviation 19.4; outside 400..600 is
		// below 1e-6.
		assertThat(this.exporter.getFinishedSpanItems().size()).isBetween(400, 600);
	}

	@Test
	void runInsideASampledTraceJoinsItWhateverTheProbability() {
		Span run = new RunSampling(0.0, false).start(run("support"), caller(TraceFlags.getSampled()), false);
		run.end();
		assertThat(single()).hasTraceId(CALLER_TRACE_ID)
			.hasParentSpanId(CALLER_SPAN_ID)
			.hasLinks(List.of())
			.hasAttributesSatisfying(
					(attributes) -> assertThat(attributes.get(GenAiAttributes.SAMPLING_LINKED)).isNull());
	}

	@Test
	void runNotChosenInsideAnUnsampledTraceStaysInItUnrecorded() {
		Span run = new RunSampling(0.0, false).start(run("support"), caller(TraceFlags.getDefault()), false);
		run.end();
		assertThat(run.isRecording()).isFalse();
		assertThat(run.getSpanContext().getTraceId()).isEqualTo(CALLER_TRACE_ID);
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void runChosenInsideAnUnsampledTraceStartsANewTraceLinkedToTheCaller() {
		Span run = new RunSampling(1.0, false).start(run("support"), caller(TraceFlags.getDefault()), false);
		run.end();
		SpanData span = single();
		assertThat(span).hasNoParent().hasAttribute(GenAiAttributes.SAMPLING_LINKED, true);
		assertThat(span.getTraceId()).isNotEqualTo(CALLER_TRACE_ID);
		assertThat(span.getLinks()).singleElement().satisfies((link) -> {
			assertThat(link.getSpanContext().getTraceId()).isEqualTo(CALLER_TRACE_ID);
			assertThat(link.getSpanContext().getSpanId()).isEqualTo(CALLER_SPAN_ID);
		});
	}

	@Test
	void subagentOfARecordedRunIsRecordedAtProbabilityZero() {
		RunSampling planner = new RunSampling(1.0, false);
		Span parent = planner.start(run("planner"), Context.root(), false);
		Context insideParent = planner.contextOfRun(Context.root(), parent).with(parent);
		Span subagent = new RunSampling(0.0, false).start(run("researcher"), insideParent, true);
		subagent.end();
		parent.end();
		assertThat(span("invoke_agent researcher")).hasParent(span("invoke_agent planner")).hasLinks(List.of());
	}

	@Test
	void subagentOfADroppedRunIsDroppedAtProbabilityOne() {
		RunSampling planner = new RunSampling(0.0, false);
		Span parent = planner.start(run("planner"), Context.root(), false);
		Context insideParent = planner.contextOfRun(Context.root(), parent).with(parent);
		Span subagent = new RunSampling(1.0, false).start(run("researcher"), insideParent, true);
		subagent.end();
		parent.end();
		assertThat(subagent.isRecording()).isFalse();
		assertThat(subagent.getSpanContext().getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void spansInsideARunFollowItNotTheApplicationSampler() {
		use(new AgentRunSampler(Sampler.alwaysOff()));
		RunSampling sampling = new RunSampling(1.0, false);
		Span run = sampling.start(run("support"), Context.root(), false);
		Context insideRun = sampling.contextOfRun(Context.root(), run).with(run);
		this.tracerProvider.get("org.springframework.web.client")
			.spanBuilder("http get")
			.setParent(insideRun)
			.startSpan()
			.end();
		run.end();
		assertThat(span("http get")).hasParent(span("invoke_agent support"));
	}

	@Test
	void runNotChosenWhileFailedRunsAreRecordedIsRecordedButNotSampledAndSoIsEverySpanInIt() {
		RunSampling sampling = new RunSampling(0.0, true);
		Span run = sampling.start(run("support"), caller(TraceFlags.getDefault()), false);
		assertThat(run.isRecording()).isTrue();
		assertThat(run.getSpanContext().isSampled()).isFalse();
		assertThat(run.getSpanContext().getTraceId()).isNotEqualTo(CALLER_TRACE_ID);
		Context insideRun = sampling.contextOfRun(Context.root(), run).with(run);
		Span tool = this.tracerProvider.get("test").spanBuilder("execute_tool lookup").setParent(insideRun).startSpan();
		assertThat(tool.isRecording()).isTrue();
		assertThat(tool.getSpanContext().isSampled()).isFalse();
		tool.end();
		run.end();
		// Recorded only: a span processor keeps them in case the run fails; the exporter
		// sees none.
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void chosenRunIsNotTentativeWhenFailedRunsAreRecorded() {
		RunSampling sampling = new RunSampling(1.0, true);
		Context caller = caller(TraceFlags.getDefault());
		Span run = sampling.start(run("support"), caller, false);
		assertThat(run.getSpanContext().isSampled()).isTrue();
		Span tool = this.tracerProvider.get("test")
			.spanBuilder("execute_tool lookup")
			.setParent(sampling.contextOfRun(caller, run).with(run))
			.startSpan();
		assertThat(tool.getSpanContext().isSampled()).isTrue();
		tool.end();
		run.end();
		assertThat(span("invoke_agent support")).hasAttribute(GenAiAttributes.SAMPLING_LINKED, true);
		assertThat(span("execute_tool lookup")).hasParent(span("invoke_agent support"));
	}

	@Test
	void samplerDecidingRunsCanDropAChosenRun() {
		use(new AgentRunSampler(Sampler.alwaysOff(), true));
		Span run = new RunSampling(1.0, false).start(run("support"), Context.root(), false);
		run.end();
		assertThat(run.isRecording()).isFalse();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void samplerDecidingRunsCannotKeepARunNotChosen() {
		use(new AgentRunSampler(Sampler.alwaysOn(), true));
		Span run = new RunSampling(0.0, false).start(run("support"), Context.root(), false);
		run.end();
		assertThat(run.isRecording()).isFalse();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	@Test
	void samplerNotDecidingRunsIsNotAskedAboutThem() {
		use(new AgentRunSampler(Sampler.alwaysOff()));
		new RunSampling(1.0, false).start(run("support"), Context.root(), false).end();
		assertThat(single()).hasName("invoke_agent support");
	}

	@Test
	void spansOutsideRunsAreTheApplicationSamplers() {
		this.tracerProvider.get("test").spanBuilder("outside").startSpan().end();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		use(new AgentRunSampler(Sampler.alwaysOn()));
		this.tracerProvider.get("test").spanBuilder("outside").startSpan().end();
		assertThat(single()).hasName("outside");
	}

	// Closing a provider shuts its exporter down: the next one gets a new exporter.
	private void use(Sampler sampler) {
		this.tracerProvider.close();
		this.exporter = InMemorySpanExporter.create();
		this.tracerProvider = tracerProvider(sampler);
	}

	private SdkTracerProvider tracerProvider(Sampler sampler) {
		return SdkTracerProvider.builder()
			.setSampler(sampler)
			.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
			.build();
	}

	private SpanBuilder run(String name) {
		return this.tracerProvider.get("dev.agenttracing").spanBuilder("invoke_agent " + name);
	}

	private static Context caller(TraceFlags flags) {
		return Context.root()
			.with(Span.wrap(SpanContext.createFromRemoteParent(CALLER_TRACE_ID, CALLER_SPAN_ID, flags,
					TraceState.getDefault())));
	}

	private SpanData single() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

	private SpanData span(String name) {
		List<SpanData> spans = this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.toList();
		assertThat(spans).as("spans named '%s'", name).hasSize(1);
		return spans.get(0);
	}

}
