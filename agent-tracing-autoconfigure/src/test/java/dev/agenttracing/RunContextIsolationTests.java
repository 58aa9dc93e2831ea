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

import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.RunContextAgents.SupportAgent;
import dev.agenttracing.semconv.GenAiAttributes;

import static dev.agenttracing.RunContextTestSupport.agent;
import static dev.agenttracing.RunContextTestSupport.await;
import static dev.agenttracing.RunContextTestSupport.request;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent agent runs on a thread pool each see only their own {@link AgentContext}, on
 * Boot's own SDK.
 */
class RunContextIsolationTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = RunContextTestSupport.contextRunner(this.exporter);

	@Test
	void hundredsOfConcurrentRunsNeverSeeEachOthersContext() {
		// Redaction drops a value that misses its wall-clock deadline; on a shared,
		// loaded
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

}
