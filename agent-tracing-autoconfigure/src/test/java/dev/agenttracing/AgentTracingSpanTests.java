package dev.agenttracing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.TestAgents.ActivityTool;
import dev.agenttracing.TestAgents.ConciergeAgent;
import dev.agenttracing.TestAgents.GuideAgent;
import dev.agenttracing.TestAgents.PlannerAgent;
import dev.agenttracing.TestAgents.WeatherTool;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The exact span trees the annotations produce, through real Spring AOP proxies on a real
 * OpenTelemetry SDK.
 */
class AgentTracingSpanTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private OpenTelemetrySdk openTelemetry;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void setUp() {
		this.openTelemetry = sdk(SimpleSpanProcessor.create(this.exporter));
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, AgentTracingAutoConfiguration.class))
			.withBean(io.opentelemetry.api.OpenTelemetry.class, () -> this.openTelemetry)
			.withUserConfiguration(AgentsConfiguration.class)
			.withPropertyValues("agent.tracing.default-provider=openai");
	}

	@AfterEach
	void tearDown() {
		this.openTelemetry.close();
	}

	@Test
	void runsInFlightCountRunsFromStartToEndAndCanBeAwaited() throws Exception {
		AgentTracer tracer = AgentTracer.builder(this.openTelemetry).build();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		Thread run = new Thread(() -> tracer.agentRun(AgentRunSpec.named("slow"), () -> {
			// A tool does not count; only the run does.
			return tracer.tool(ToolSpec.named("lookup"), () -> {
				started.countDown();
				return awaitLatch(finish);
			});
		}));
		run.start();
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(tracer.getRunsInFlight()).isOne();
		assertThat(tracer.awaitNoRunsInFlight(Duration.ofMillis(50))).isFalse();
		finish.countDown();
		assertThat(tracer.awaitNoRunsInFlight(Duration.ofSeconds(5))).isTrue();
		assertThat(tracer.getRunsInFlight()).isZero();
		run.join(5_000);
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(2);
	}

	@Test
	void agentRunWithToolsAndSubagentIsOneTree() {
		this.contextRunner.run((context) -> {
			String answer = context.getBean(PlannerAgent.class).plan("Paris");
			assertThat(answer).isEqualTo("sunny in Paris / [museum, park]");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans).hasSize(4);
			SpanData planner = span("invoke_agent trip-planner");
			SpanData weather = span("execute_tool get_weather");
			SpanData activities = span("execute_tool find_activities");
			SpanData guide = span("invoke_agent local-guide");
			assertThat(planner).hasKind(SpanKind.INTERNAL)
				.hasNoParent()
				.hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
				.hasAttributesSatisfyingExactly(equalTo(GenAiAttributes.OPERATION_NAME, "invoke_agent"),
						equalTo(GenAiAttributes.AGENT_NAME, "trip-planner"),
						equalTo(GenAiAttributes.AGENT_DESCRIPTION, "Plans trips"),
						equalTo(GenAiAttributes.PROVIDER_NAME, "openai"), equalTo(GenAiAttributes.AGENT_NESTED, false));
			assertThat(weather).hasKind(SpanKind.INTERNAL)
				.hasParent(planner)
				.hasAttributesSatisfyingExactly(equalTo(GenAiAttributes.OPERATION_NAME, "execute_tool"),
						equalTo(GenAiAttributes.TOOL_NAME, "get_weather"),
						equalTo(GenAiAttributes.TOOL_DESCRIPTION, "Current weather for a city"),
						equalTo(GenAiAttributes.TOOL_TYPE, "function"),
						equalTo(GenAiAttributes.TOOL_CALL_ID, "call_42"));
			assertThat(activities).hasKind(SpanKind.INTERNAL)
				.hasParent(planner)
				.hasAttributesSatisfyingExactly(equalTo(GenAiAttributes.OPERATION_NAME, "execute_tool"),
						equalTo(GenAiAttributes.TOOL_NAME, "find_activities"),
						equalTo(GenAiAttributes.TOOL_TYPE, "function"));
			assertThat(guide).hasKind(SpanKind.INTERNAL)
				.hasParent(activities)
				.hasAttributesSatisfyingExactly(equalTo(GenAiAttributes.OPERATION_NAME, "invoke_agent"),
						equalTo(GenAiAttributes.AGENT_NAME, "local-guide"),
						equalTo(GenAiAttributes.AGENT_DESCRIPTION, "Recommends sights"),
						equalTo(GenAiAttributes.AGENT_ID, "guide-1"), equalTo(GenAiAttributes.AGENT_VERSION, "2.0"),
						equalTo(GenAiAttributes.PROVIDER_NAME, "anthropic"),
						equalTo(GenAiAttributes.AGENT_NESTED, true));
			assertThat(spans).allSatisfy((span) -> assertThat(span).hasTraceId(planner.getTraceId()));
		});
	}

	@Test
	void spansCarryTheInstrumentationScopeWithVersionAndSchemaUrl() {
		this.contextRunner.run((context) -> {
			context.getBean(GuideAgent.class).recommend("Kyoto");
			SpanData guide = span("invoke_agent local-guide");
			assertThat(guide.getInstrumentationScopeInfo().getName()).isEqualTo("dev.agenttracing");
			assertThat(guide.getInstrumentationScopeInfo().getVersion()).isEqualTo("0.1.0-SNAPSHOT");
			assertThat(guide.getInstrumentationScopeInfo().getSchemaUrl())
				.isEqualTo("https://opentelemetry.io/schemas/1.41.0");
		});
	}

	@Test
	void samplingRelevantAttributesAreSetWhenTheSpanStarts() {
		RecordingStartProcessor starts = new RecordingStartProcessor();
		this.openTelemetry.close();
		this.openTelemetry = sdk(SpanProcessor.composite(starts, SimpleSpanProcessor.create(this.exporter)));
		this.contextRunner.run((context) -> {
			context.getBean(PlannerAgent.class).plan("Paris");
			assertThat(starts.attributesAtStart("invoke_agent trip-planner"))
				.containsEntry(GenAiAttributes.OPERATION_NAME, "invoke_agent")
				.containsEntry(GenAiAttributes.PROVIDER_NAME, "openai")
				.containsEntry(GenAiAttributes.AGENT_NAME, "trip-planner");
			assertThat(starts.attributesAtStart("execute_tool get_weather"))
				.containsEntry(GenAiAttributes.OPERATION_NAME, "execute_tool");
		});
	}

	@Test
	void failureMarksTheSpanAndPropagatesTheSameException() {
		this.contextRunner.run((context) -> {
			PlannerAgent planner = context.getBean(PlannerAgent.class);
			IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
					() -> planner.planBroken("Atlantis"));
			assertThat(thrown).hasMessage("upstream down for Atlantis");
			SpanData tool = span("execute_tool broken");
			SpanData agent = span("invoke_agent failing-planner");
			for (SpanData span : List.of(tool, agent)) {
				assertThat(span).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
					.hasAttribute(GenAiAttributes.ERROR_TYPE, "java.io.IOException")
					.hasException(thrown);
			}
			assertThat(tool).hasAttribute(GenAiAttributes.TOOL_TYPE, "extension").hasParent(agent);
			// The very instance the tool threw reached the caller through both spans.
			assertThat(tool.getEvents().get(0).getName()).isEqualTo("exception");
		});
	}

	@Test
	void completableFutureKeepsTheSpanOpenUntilItCompletes() {
		this.contextRunner.run((context) -> {
			PlannerAgent planner = context.getBean(PlannerAgent.class);
			CompletableFuture<String> pending = new CompletableFuture<>();
			CompletableFuture<String> returned = planner.planAsync(pending);
			assertThat(returned).isSameAs(pending);
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			pending.complete("done");
			SpanData agent = span("invoke_agent async-planner");
			assertThat(agent).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
				.hasAttribute(GenAiAttributes.AGENT_NAME, "async-planner");
		});
	}

	@Test
	void failedFutureIsAnErrorWithTheUnwrappedCause() {
		this.contextRunner.run((context) -> {
			WeatherTool tool = context.getBean(WeatherTool.class);
			CompletableFuture<String> failing = CompletableFuture.supplyAsync(() -> {
				throw new IllegalStateException("quota exceeded");
			});
			CompletableFuture<String> returned = tool.slowLookup(failing);
			assertThat(returned).isSameAs(failing);
			await().untilAsserted(() -> assertThat(this.exporter.getFinishedSpanItems()).hasSize(1));
			assertThat(span("execute_tool slow_lookup")).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, "java.lang.IllegalStateException");
		});
	}

	@Test
	void cancelledFutureEndsTheSpanWithoutAnError() {
		this.contextRunner.run((context) -> {
			CompletableFuture<String> pending = new CompletableFuture<>();
			context.getBean(PlannerAgent.class).planAsync(pending);
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			pending.cancel(true);
			assertThatExceptionOfType(CancellationException.class).isThrownBy(pending::join);
			assertThat(span("invoke_agent async-planner")).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
				.hasAttribute(GenAiAttributes.CANCELLED, true);
		});
	}

	@Test
	void parallelToolsOnAnExecutorHaveTheAgentAsParent() {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			this.contextRunner.run((context) -> {
				context.getBean(PlannerAgent.class).planInParallel("Lisbon", executor);
				SpanData agent = span("invoke_agent parallel-planner");
				assertThat(span("execute_tool get_weather")).hasParent(agent);
				assertThat(span("execute_tool forecast")).hasParent(agent)
					.hasAttribute(GenAiAttributes.TOOL_NAME, "forecast");
			});
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void agentRunOnATypeTracesItsPublicMethodsNamedAfterTheClass() {
		this.contextRunner.run((context) -> {
			ConciergeAgent concierge = context.getBean(ConciergeAgent.class);
			concierge.greet("Ada");
			concierge.farewell("Ada");
			concierge.notPublic();
			concierge.toString();
			assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
				.containsExactly("invoke_agent ConciergeAgent", "invoke_agent concierge-farewell");
		});
	}

	@Test
	void faultInsideTracingNeverReachesTheTracedCall() {
		this.openTelemetry.close();
		this.openTelemetry = sdk(new FailingProcessor());
		this.contextRunner.run((context) -> {
			PlannerAgent planner = context.getBean(PlannerAgent.class);
			assertThat(planner.plan("Paris")).isEqualTo("sunny in Paris / [museum, park]");
			IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
					() -> planner.planBroken("Atlantis"));
			assertThat(thrown).hasMessage("upstream down for Atlantis");
		});
	}

	@Test
	void programmaticApiPassesCheckedExceptionsAndResultsThrough() throws Exception {
		AgentTracer tracer = AgentTracer.builder(this.openTelemetry).build();
		IOException failure = new IOException("disk full");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> tracer.agentRun(AgentRunSpec.named("writer"), () -> {
				throw failure;
			}))
			.isSameAs(failure);
		String result = tracer.agentRun(AgentRunSpec.named("writer").provider("openai"),
				() -> tracer.tool(ToolSpec.named("save").callId("c1"), () -> "saved"));
		assertThat(result).isEqualTo("saved");
		SpanData tool = this.exporter.getFinishedSpanItems().get(1);
		SpanData agent = this.exporter.getFinishedSpanItems().get(2);
		assertThat(tool).hasName("execute_tool save").hasParent(agent).hasAttribute(GenAiAttributes.TOOL_CALL_ID, "c1");
		assertThat(agent).hasName("invoke_agent writer").hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai");
	}

	@Test
	void toolCallIdGivenBesideItsSpecNamesThisExecutionOnly() {
		AgentTracer tracer = AgentTracer.builder(this.openTelemetry).build();
		ToolSpec spec = ToolSpec.named("save").description("Saves a draft").callId("call_spec");
		assertThat(tracer.tool(spec, "call_7", Map.of("draft", "notes"), () -> "saved")).isEqualTo("saved");
		assertThat(tracer.tool(spec, null, Map.of(), () -> "saved again")).isEqualTo("saved again");
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).hasSize(2);
		assertThat(spans.get(0)).hasName("execute_tool save")
			.hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_7")
			.hasAttribute(GenAiAttributes.TOOL_DESCRIPTION, "Saves a draft");
		assertThat(spans.get(1)).hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_spec");
		assertThat(spec.callId()).isEqualTo("call_spec");
	}

	@Test
	void agentRunJoinsTheCurrentTrace() {
		AgentTracer tracer = AgentTracer.builder(this.openTelemetry).build();
		io.opentelemetry.api.trace.Span request = this.openTelemetry.getTracer("test")
			.spanBuilder("POST /api/chat")
			.setSpanKind(SpanKind.SERVER)
			.startSpan();
		try (var scope = request.makeCurrent()) {
			tracer.agentRun(AgentRunSpec.named("trip-planner"), () -> "ok");
		}
		request.end();
		SpanData server = span("POST /api/chat");
		assertThat(span("invoke_agent trip-planner")).hasParent(server)
			.hasAttribute(GenAiAttributes.AGENT_NESTED, false);
	}

	private SpanData span(String name) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span '" + name + "' in " + this.exporter.getFinishedSpanItems()));
	}

	private static OpenTelemetrySdk sdk(SpanProcessor processor) {
		return OpenTelemetrySdk.builder()
			.setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(processor).build())
			.setPropagators(ContextPropagators.noop())
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class AgentsConfiguration {

		@Bean
		WeatherTool weatherTool() {
			return new WeatherTool();
		}

		@Bean
		GuideAgent guideAgent() {
			return new GuideAgent();
		}

		@Bean
		ActivityTool activityTool(GuideAgent guide) {
			return new ActivityTool(guide);
		}

		@Bean
		PlannerAgent plannerAgent(WeatherTool weather, ActivityTool activities) {
			return new PlannerAgent(weather, activities);
		}

		@Bean
		ConciergeAgent conciergeAgent() {
			return new ConciergeAgent();
		}

	}

	/** Remembers each span's attributes as they were when it started. */
	static class RecordingStartProcessor implements SpanProcessor {

		private final java.util.Map<String, java.util.Map<AttributeKey<?>, Object>> starts = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
			this.starts.put(span.getName(), span.toSpanData().getAttributes().asMap());
		}

		@Override
		public boolean isStartRequired() {
			return true;
		}

		@Override
		public void onEnd(ReadableSpan span) {
		}

		@Override
		public boolean isEndRequired() {
			return false;
		}

		java.util.Map<AttributeKey<?>, Object> attributesAtStart(String name) {
			return this.starts.get(name);
		}

	}

	/** A span processor that fails on every call, as a broken extension would. */
	static class FailingProcessor implements SpanProcessor {

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
			throw new IllegalStateException("processor broken on start");
		}

		@Override
		public boolean isStartRequired() {
			return true;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			throw new IllegalStateException("processor broken on end");
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

	private static boolean awaitLatch(CountDownLatch latch) {
		try {
			return latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
