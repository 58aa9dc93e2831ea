package dev.agenttracing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.RunContextAgents.ChatThread;
import dev.agenttracing.RunContextAgents.LookupTool;
import dev.agenttracing.RunContextAgents.ScriptedModel;
import dev.agenttracing.RunContextAgents.SupportAgent;
import dev.agenttracing.RunContextAgents.SupportRequest;
import dev.agenttracing.aop.InvalidTracingExpressionException;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingShutdownAutoConfiguration;
import dev.agenttracing.sampling.AgentRunSampler;
import dev.agenttracing.sampling.FailedRunSpanProcessor;
import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Run context end to end on Boot's own SDK (its sampler, its span processor list): the ids of
 * an {@link AgentContext} and of {@code @AgentRun(conversationId)} on every span of the run,
 * isolation between concurrent runs, and agent-level sampling.
 */
class RunContextTracingTests {

	private static final String REMOTE_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String REMOTE_SPAN_ID = "00f067aa0ba902b7";

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, AopAutoConfiguration.class,
				AgentTracingAutoConfiguration.class))
		.withBean("inMemorySpanProcessor", SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
		.withUserConfiguration(AgentsConfiguration.class)
		.withPropertyValues("management.tracing.sampling.probability=1.0");

	@Test
	void invokeAgentSpanCarriesTheWholeContextAndEverySpanInsideTheIds() {
		this.contextRunner.run((context) -> {
			try (Scope scope = AgentContext.builder()
				.userId("user-7")
				.sessionId("session-3")
				.tag("beta", "web")
				.metadata("tier", "gold")
				.makeCurrent()) {
				assertThat(agent(context).answer(request("user-7", "thread-9"))).isEqualTo("Your order shipped.");
			}
			SpanData run = span("invoke_agent support");
			assertThat(run).hasAttribute(GenAiAttributes.USER_ID, "user-7")
				.hasAttribute(GenAiAttributes.SESSION_ID, "session-3")
				.hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-9")
				.hasAttribute(GenAiAttributes.TAGS, List.of("beta", "web"))
				.hasAttribute(GenAiAttributes.metadata("tier"), "gold");
			for (String name : List.of("execute_tool lookup_order", "chat gpt-4o", "http get")) {
				SpanData inner = span(name);
				assertThat(inner).hasTraceId(run.getTraceId())
					.hasAttribute(GenAiAttributes.USER_ID, "user-7")
					.hasAttribute(GenAiAttributes.SESSION_ID, "session-3")
					.hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-9");
				assertThat(inner.getAttributes().get(GenAiAttributes.TAGS)).isNull();
				assertThat(inner.getAttributes().get(GenAiAttributes.metadata("tier"))).isNull();
			}
			assertThat(span("http get").getParentSpanId()).isEqualTo(span("execute_tool lookup_order").getSpanId());
		});
	}

	@Test
	void conversationIdComesFromTheExpressionWithoutAnyAgentContext() {
		this.contextRunner.run((context) -> {
			agent(context).answer(request("u", "thread-1"));
			agent(context).answerByPosition(request("u", "thread-2"));
			agent(context).answerByPosition(new SupportRequest("u", null, "q"));
			assertThat(span("invoke_agent support")).hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-1");
			assertThat(span("chat gpt-4o")).hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-1");
			List<SpanData> byPosition = spans("invoke_agent support-by-position");
			assertThat(byPosition.get(0)).hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-2");
			assertThat(byPosition.get(1).getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isNull();
			assertThat(span("invoke_agent support").getAttributes().get(GenAiAttributes.USER_ID)).isNull();
		});
	}

	@Test
	void expressionFailingAtRunTimeLeavesTheCallAlone() {
		this.contextRunner.run((context) -> {
			assertThat(agent(context).answerUnsafe(new SupportRequest("u", null, "q"))).isEqualTo("still answered");
			SpanData run = span("invoke_agent support-unsafe");
			assertThat(run.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isNull();
		});
	}

	@Test
	void enclosingConversationIdWinsOverTheExpression() {
		this.contextRunner.run((context) -> {
			try (Scope scope = AgentContext.builder().conversationId("outer").makeCurrent()) {
				agent(context).answer(request("u", "inner"));
			}
			assertThat(span("invoke_agent support")).hasAttribute(GenAiAttributes.CONVERSATION_ID, "outer");
			assertThat(span("execute_tool lookup_order")).hasAttribute(GenAiAttributes.CONVERSATION_ID, "outer");
		});
	}

	@Test
	void valuesAreRedactedBeforeTheyReachSpans() {
		this.contextRunner.run((context) -> {
			try (Scope scope = AgentContext.builder()
				.userId("jane.doe@example.com")
				.tag("card 4111 1111 1111 1111")
				.metadata("contact", "call jane.doe@example.com")
				.makeCurrent()) {
				agent(context).triage("where is my order?");
			}
			for (SpanData span : this.exporter.getFinishedSpanItems()) {
				assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("jane.doe@example.com")
					.doesNotContain("4111 1111 1111 1111");
			}
			SpanData run = span("invoke_agent triage");
			assertThat(run.getAttributes().get(GenAiAttributes.USER_ID)).contains("REDACTED");
			assertThat(span("execute_tool lookup_order").getAttributes().get(GenAiAttributes.USER_ID))
				.isEqualTo(run.getAttributes().get(GenAiAttributes.USER_ID));
			assertThat(run.getAttributes().get(GenAiAttributes.TAGS)).singleElement().asString().contains("REDACTED");
			assertThat(run.getAttributes().get(GenAiAttributes.metadata("contact"))).contains("REDACTED");
		});
	}

	@Test
	void hundredsOfConcurrentRunsNeverSeeEachOthersContext() {
		// Redaction drops a value that misses its wall-clock deadline; on a shared, loaded
		// machine the default 100ms can pass, and isolation is what this test is about.
		this.contextRunner.withPropertyValues("agent.tracing.content.redaction.timeout=30s").run((context) -> {
			SupportAgent agent = agent(context);
			int runs = 400;
			ExecutorService pool = Executors.newFixedThreadPool(16);
			CountDownLatch start = new CountDownLatch(1);
			try {
				List<CompletableFuture<String>> results = new ArrayList<>();
				for (int i = 0; i < runs; i++) {
					String user = "user-" + i;
					results.add(CompletableFuture.supplyAsync(() -> {
						await(start);
						try (Scope scope = AgentContext.builder().userId(user).sessionId("s-" + user).makeCurrent()) {
							return agent.answer(request(user, "thread-" + user));
						}
					}, pool));
				}
				start.countDown();
				CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			}
			finally {
				pool.shutdownNow();
			}
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans).hasSize(runs * 4);
			Map<String, List<SpanData>> traces = spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
			assertThat(traces).hasSize(runs);
			traces.values().forEach((trace) -> {
				assertThat(trace).hasSize(4);
				String user = trace.get(0).getAttributes().get(GenAiAttributes.USER_ID);
				assertThat(user).startsWith("user-");
				assertThat(trace).allSatisfy((span) -> assertThat(span).hasAttribute(GenAiAttributes.USER_ID, user)
					.hasAttribute(GenAiAttributes.SESSION_ID, "s-" + user)
					.hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-" + user));
			});
			assertThat(AgentContext.current()).isSameAs(AgentContext.EMPTY);
		});
	}

	@Test
	void runInsideASampledTraceNestsEvenWithAgentProbabilityZero() {
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.0",
				"agent.tracing.sampling.probability=0.0")
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
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.0")
			.run((context) -> {
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
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.0",
				"agent.tracing.sampling.probability=0.0")
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
	void failedRunsAreRecordedWhenSamplingDidNotChooseThem() {
		this.contextRunner.withPropertyValues("agent.tracing.sampling.probability=0.0",
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
		this.contextRunner.withPropertyValues("management.tracing.sampling.probability=0.0",
				"agent.tracing.sampling.probability=0.0", "agent.tracing.sampling.record-failed-runs=true")
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

	@Test
	void misspelledParameterStopsStartupNamingTheMethod() {
		assertStartupFails(RunContextAgents.MisspelledParameterAgent.class, "conversationId",
				"'#reqest' is not a parameter",
				"[request]");
	}

	@Test
	void misspelledPropertyStopsStartupNamingTheMethod() {
		assertStartupFails(RunContextAgents.MisspelledPropertyAgent.class, "conversationId",
				"has no property 'thred'",
				"[userId, thread, question]");
	}

	@Test
	void brokenSyntaxStopsStartupNamingTheMethod() {
		assertStartupFails(RunContextAgents.BrokenSyntaxAgent.class, "conversationId", "#request.thread.");
	}

	@Test
	void misspelledLlmCallModelStopsStartupNamingTheMethod() {
		assertStartupFails(RunContextAgents.MisspelledLlmCallModel.class, "@LlmCall(model", "has no property 'modle'");
	}

	private void assertStartupFails(Class<?> agentClass, String... messages) {
		this.contextRunner.withBean(agentClass).run((context) -> {
			assertThat(context).hasFailed();
			InvalidTracingExpressionException failure = findCause(context.getStartupFailure());
			assertThat(failure).hasMessageContaining(agentClass.getName() + ".answer(SupportRequest)");
			for (String message : messages) {
				assertThat(failure).hasMessageContaining(message);
			}
		});
	}

	private static InvalidTracingExpressionException findCause(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof InvalidTracingExpressionException ex) {
				return ex;
			}
		}
		throw new AssertionError("No InvalidTracingExpressionException in " + failure);
	}

	private static Context remoteParent(TraceFlags flags) {
		return Context.root()
			.with(Span.wrap(SpanContext.createFromRemoteParent(REMOTE_TRACE_ID, REMOTE_SPAN_ID, flags,
					TraceState.getDefault())));
	}

	private static SupportRequest request(String user, String thread) {
		return new SupportRequest(user, new ChatThread(thread), "where is my order?");
	}

	private static SupportAgent agent(AssertableApplicationContext context) {
		return context.getBean(SupportAgent.class);
	}

	private SpanData span(String name) {
		List<SpanData> spans = spans(name);
		assertThat(spans).as("spans named '%s'", name).hasSize(1);
		return spans.get(0);
	}

	private List<SpanData> spans(String name) {
		return this.exporter.getFinishedSpanItems().stream().filter((span) -> span.getName().equals(name)).toList();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class AgentsConfiguration {

		@Bean
		LookupTool lookupTool(OpenTelemetry openTelemetry) {
			return new LookupTool(openTelemetry);
		}

		@Bean
		ScriptedModel scriptedModel() {
			return new ScriptedModel();
		}

		@Bean
		SupportAgent supportAgent(LookupTool lookupTool, ScriptedModel scriptedModel) {
			return new SupportAgent(lookupTool, scriptedModel);
		}

	}

}
