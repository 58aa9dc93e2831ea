package dev.agenttracing.export.runs;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agenttracing.AgentContext;
import dev.agenttracing.AgentContextSpanProcessor;
import dev.agenttracing.AgentRunSpec;
import dev.agenttracing.AgentTracer;
import dev.agenttracing.LlmCallSpec;
import dev.agenttracing.LlmResult;
import dev.agenttracing.ModelPricing;
import dev.agenttracing.ToolSpec;
import dev.agenttracing.export.RunTree;
import dev.agenttracing.export.runs.RecentAgentRuns.RecordedRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class RecentAgentRunsTests {

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder()
			.addSpanProcessor(new AgentContextSpanProcessor((value) -> value))
			.addSpanProcessor(SimpleSpanProcessor.create(this.spans))
			.build())
		.build();

	private final AgentTracer tracer = AgentTracer.builder(this.openTelemetry)
		.pricing(new ModelPricing("USD",
				Map.of("m-1", new ModelPricing.Price(new BigDecimal("2.50"), new BigDecimal("10.00"), null))))
		.build();

	@AfterEach
	void close() {
		this.openTelemetry.close();
	}

	@Test
	void keepsEachFinishedTopLevelRunOnceWithItsSummary() {
		RecentAgentRuns runs = new RecentAgentRuns();
		RecentAgentRunsExporter exporter = new RecentAgentRunsExporter(runs, 100, Long.MAX_VALUE);
		try (Scope scope = AgentContext.builder().userId("u-1").conversationId("c-1").makeCurrent()) {
			runPlanner("trip-planner", false);
		}
		List<SpanData> finished = this.spans.getFinishedSpanItems();
		// Children first, in two batches, as a batch processor may deliver them.
		exporter.export(finished.subList(0, 2));
		assertThat(runs.usage().runs()).isZero();
		assertThat(exporter.pendingSpans()).isEqualTo(2);
		exporter.export(finished.subList(2, finished.size()));
		assertThat(exporter.pendingSpans()).isZero();
		assertThat(runs.list((run) -> true, 10)).singleElement().satisfies((run) -> {
			RunSummary summary = run.summary();
			assertThat(summary.traceId()).isEqualTo(finished.get(0).getTraceId());
			assertThat(summary.agent()).isEqualTo("trip-planner");
			assertThat(summary.status()).isEqualTo(RunSummary.OK);
			assertThat(summary.errorType()).isNull();
			assertThat(summary.errorCount()).isEqualTo(1);
			assertThat(summary.inputTokens()).isEqualTo(100);
			assertThat(summary.outputTokens()).isEqualTo(20);
			// 100 * 2.50 / 1e6 + 20 * 10.00 / 1e6
			assertThat(summary.cost()).isCloseTo(0.00045, offset(1e-12));
			assertThat(summary.currency()).isEqualTo("USD");
			assertThat(summary.user()).isEqualTo("u-1");
			assertThat(summary.conversation()).isEqualTo("c-1");
			assertThat(summary.spanCount()).isEqualTo(5);
			assertThat(run.tree().children()).extracting((child) -> child.span().getName())
				.containsExactly("chat m-1", "execute_tool get_weather", "execute_tool find_activities");
		});
	}

	@Test
	void aFailedRunHasStatusErrorAndItsErrorType() {
		RecentAgentRuns runs = new RecentAgentRuns();
		new RecentAgentRunsExporter(runs, 100, Long.MAX_VALUE).export(runPlanner("flaky", true));
		RunSummary summary = runs.list((run) -> true, 10).get(0).summary();
		assertThat(summary.status()).isEqualTo(RunSummary.ERROR);
		assertThat(summary.failed()).isTrue();
		assertThat(summary.errorType()).isEqualTo(IllegalStateException.class.getName());
		assertThat(summary.errorCount()).isEqualTo(2);
	}

	@Test
	void evictsTheOldestRunsBeyondTheMaximumCountAndListsNewestFirst() {
		RecentAgentRuns runs = new RecentAgentRuns(3, Long.MAX_VALUE);
		RecentAgentRunsExporter exporter = new RecentAgentRunsExporter(runs, 100, Long.MAX_VALUE);
		for (int i = 1; i <= 5; i++) {
			this.spans.reset();
			exporter.export(runPlanner("agent-" + i, false));
		}
		assertThat(runs.list((run) -> true, 10)).extracting((run) -> run.summary().agent())
			.containsExactly("agent-5", "agent-4", "agent-3");
		assertThat(runs.list((run) -> true, 2)).hasSize(2);
		assertThat(runs.list((run) -> run.agent().equals("agent-4"), 10)).hasSize(1);
		assertThat(runs.usage().runs()).isEqualTo(3);
		assertThat(runs.usage().evicted()).isEqualTo(2);
	}

	@Test
	void evictsTheOldestRunsBeyondTheByteBudgetAndRefusesARunLargerThanIt() {
		RunTree tree = new RunTree(runPlannerRoot(), List.of());
		long size = SpanSizes.estimate(tree);
		assertThat(size).isGreaterThan(400);
		RecentAgentRuns runs = new RecentAgentRuns(100, 2 * size + size / 2);
		assertThat(runs.add(tree)).isTrue();
		assertThat(runs.add(tree)).isTrue();
		assertThat(runs.add(tree)).isTrue();
		assertThat(runs.usage().runs()).isEqualTo(2);
		assertThat(runs.usage().bytes()).isEqualTo(2 * size);
		assertThat(runs.usage().evicted()).isEqualTo(1);
		RecentAgentRuns tiny = new RecentAgentRuns(100, size - 1);
		assertThat(tiny.add(tree)).isFalse();
		assertThat(tiny.usage().runs()).isZero();
		assertThat(tiny.usage().tooLarge()).isEqualTo(1);
	}

	@Test
	void findsARunByTraceId() {
		RecentAgentRuns runs = new RecentAgentRuns();
		List<SpanData> finished = runPlanner("trip-planner", false);
		new RecentAgentRunsExporter(runs, 100, Long.MAX_VALUE).export(finished);
		RecordedRun run = runs.find(finished.get(0).getTraceId());
		assertThat(run).isNotNull();
		assertThat(run.tree().size()).isEqualTo(5);
		assertThat(runs.find("0af7651916cd43dd8448eb211c80319c")).isNull();
	}

	@Test
	void boundsSpansThatNeverJoinARun() {
		RecentAgentRuns runs = new RecentAgentRuns();
		RecentAgentRunsExporter exporter = new RecentAgentRunsExporter(runs, 3, TimeUnit.MINUTES.toNanos(5));
		for (int i = 0; i < 10; i++) {
			this.tracer.tool(ToolSpec.named("standalone"), () -> "outside any run");
		}
		exporter.export(this.spans.getFinishedSpanItems());
		assertThat(exporter.pendingSpans()).isLessThanOrEqualTo(3);
		assertThat(runs.usage().runs()).isZero();
	}

	@Test
	void exportFailsAfterShutdown() {
		RecentAgentRunsExporter exporter = new RecentAgentRunsExporter(new RecentAgentRuns(), 10, Long.MAX_VALUE);
		assertThat(exporter.shutdown().isSuccess()).isTrue();
		assertThat(exporter.export(runPlanner("late", false)).isSuccess()).isFalse();
	}

	private SpanData runPlannerRoot() {
		List<SpanData> finished = runPlanner("trip-planner", false);
		return finished.get(finished.size() - 1);
	}

	private List<SpanData> runPlanner(String name, boolean fail) {
		try {
			this.tracer.agentRun(AgentRunSpec.named(name), () -> {
				this.tracer.llmCall(LlmCallSpec.chat("m-1"), () -> new Usage(100L, 20L));
				try {
					this.tracer.tool(ToolSpec.named("get_weather"), () -> {
						throw new IllegalStateException("no weather");
					});
				}
				catch (IllegalStateException ex) {
					if (fail) {
						throw ex;
					}
				}
				return this.tracer.tool(ToolSpec.named("find_activities"),
						() -> this.tracer.agentRun(AgentRunSpec.named("local-guide"), () -> "museum"));
			});
		}
		catch (IllegalStateException ex) {
			assertThat(fail).isTrue();
		}
		return this.spans.getFinishedSpanItems();
	}

	record Usage(Long inputTokens, Long outputTokens) implements LlmResult {

	}

}
