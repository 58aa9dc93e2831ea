package dev.agenttracing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.Tool;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingPropagationAutoConfiguration;
import dev.agenttracing.context.OpenTelemetryContextThreadLocalAccessor;
import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * Tools and subagents that run on another thread than their agent run keep the run's span
 * as parent and see the rest of the OpenTelemetry context (the run context's ids, any
 * other entry), on the executors Boot builds, in a real application context with Boot's
 * OpenTelemetry SDK, Micrometer tracing bridge and observation registry.
 */
class ExecutorContextPropagationTests {

	static final ContextKey<String> TENANT = ContextKey.named("test.tenant");

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, AopAutoConfiguration.class,
				ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				AgentTracingAutoConfiguration.class, AgentTracingPropagationAutoConfiguration.class))
		.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
		.withUserConfiguration(Agents.class)
		.withPropertyValues("management.tracing.sampling.probability=1.0");

	@ParameterizedTest
	@EnumSource(Hop.class)
	void toolOnBootsExecutorHasTheRunAsParent(Hop hop) {
		this.contextRunner.run((context) -> {
			Tools tools = context.getBean(Tools.class);
			String answer;
			try (Scope user = AgentContext.builder().userId("user-7").makeCurrent();
					Scope scope = Context.current().with(TENANT, "acme").makeCurrent()) {
				answer = context.getBean(Planner.class).plan(hop, "Paris");
			}
			assertThat(answer).isEqualTo("sunny in Paris");
			Seen seen = tools.seen().get(0);
			assertThat(seen.thread().getName()).as("the tool ran on Boot's executor").startsWith("task-");
			assertThat(seen.tenant()).as("the rest of the context travels too").isEqualTo("acme");
			SpanData planner = span("invoke_agent planner");
			assertThat(span("execute_tool lookup")).hasParent(planner)
				.hasTraceId(planner.getTraceId())
				.as("the run context's user reaches spans on the other thread")
				.hasAttribute(GenAiAttributes.USER_ID, "user-7");
		});
	}

	@Test
	void subagentOnAnotherThreadIsNestedInTheRun() {
		this.contextRunner.run((context) -> {
			context.getBean(Planner.class).delegate("Lisbon");
			assertThat(context.getBean(Tools.class).seen().get(0).thread().getName()).startsWith("task-");
			SpanData planner = span("invoke_agent planner");
			assertThat(span("invoke_agent guide")).hasParent(planner).hasAttribute(GenAiAttributes.AGENT_NESTED, true);
		});
	}

	@Test
	void restoredObservationDoesNotHideTheRunsSpan() {
		this.contextRunner.withPropertyValues("spring.task.execution.propagate-context=true").run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Observation request = Observation.start("http.server.requests", registry);
			String requestSpanId;
			try (Observation.Scope scope = request.openScope()) {
				requestSpanId = Span.current().getSpanContext().getSpanId();
				context.getBean(Planner.class).plan(Hop.COMPLETABLE_FUTURE, "Paris");
			}
			request.stop();
			Seen seen = context.getBean(Tools.class).seen().get(0);
			assertThat(seen.thread().getName()).startsWith("task-");
			assertThat(seen.observation()).as("Boot's decorator restored the observation on the executor thread")
				.isSameAs(request);
			SpanData planner = span("invoke_agent planner");
			assertThat(planner.getParentSpanId()).isEqualTo(requestSpanId);
			assertThat(span("execute_tool lookup")).hasParent(planner);
		});
	}

	@Test
	void withoutAgentTracingPropagationTheRestoredObservationWins() {
		// What Boot alone does: the observation's span becomes the tool's parent.
		ContextRegistry.getInstance().removeThreadLocalAccessor(OpenTelemetryContextThreadLocalAccessor.KEY);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, AopAutoConfiguration.class,
					ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
					OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
					AgentTracingAutoConfiguration.class))
			.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
			.withUserConfiguration(Agents.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0",
					"spring.task.execution.propagate-context=true")
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				Observation request = Observation.start("http.server.requests", registry);
				String requestSpanId;
				try (Observation.Scope scope = request.openScope()) {
					requestSpanId = Span.current().getSpanContext().getSpanId();
					context.getBean(Planner.class).plan(Hop.COMPLETABLE_FUTURE, "Paris");
				}
				request.stop();
				assertThat(span("execute_tool lookup").getParentSpanId()).isEqualTo(requestSpanId);
			});
	}

	@Test
	void executorsTheApplicationCreatesItselfNeedWrapping() {
		this.contextRunner.run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			ExecutorService own = Executors.newSingleThreadExecutor();
			try {
				tracer.agentRun(AgentRunSpec.named("planner"),
						() -> CompletableFuture
							.supplyAsync(() -> tracer.tool(ToolSpec.named("unwrapped"), () -> "x"), own)
							.join());
				tracer.agentRun(AgentRunSpec.named("planner-wrapped"),
						() -> CompletableFuture
							.supplyAsync(() -> tracer.tool(ToolSpec.named("wrapped"), () -> "x"),
									Context.taskWrapping(own))
							.join());
			}
			finally {
				own.shutdownNow();
			}
			assertThat(span("execute_tool unwrapped")).hasNoParent();
			assertThat(span("execute_tool wrapped")).hasParent(span("invoke_agent planner-wrapped"));
		});
	}

	@Test
	void contextSnapshotsCarryTheOpenTelemetryContext() {
		this.contextRunner.run((context) -> {
			AgentTracer tracer = context.getBean(AgentTracer.class);
			ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
			ExecutorService own = Executors.newSingleThreadExecutor();
			try {
				tracer.agentRun(AgentRunSpec.named("planner"), () -> {
					FutureTask<String> task = new FutureTask<>(
							() -> tracer.tool(ToolSpec.named("lookup"), () -> Context.current().get(TENANT)));
					try (Scope scope = Context.current().with(TENANT, "acme").makeCurrent()) {
						own.execute(snapshots.captureAll().wrap(task));
					}
					assertThat(task.get()).isEqualTo("acme");
					return null;
				});
			}
			finally {
				own.shutdownNow();
			}
			assertThat(span("execute_tool lookup")).hasParent(span("invoke_agent planner"));
		});
	}

	private SpanData span(String name) {
		List<SpanData> spans = this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.toList();
		assertThat(spans).as("spans named %s in %s", name, this.exporter.getFinishedSpanItems()).hasSize(1);
		return spans.get(0);
	}

	/** How the agent run hands its tool to another thread. */
	enum Hop {

		COMPLETABLE_FUTURE, ASYNC_METHOD, TASK_EXECUTOR, PROGRAMMATIC_TOOL

	}

	record Seen(Thread thread, @Nullable String tenant, @Nullable Observation observation) {
	}

	static class Tools {

		private final List<Seen> seen = new CopyOnWriteArrayList<>();

		private final ObjectProvider<ObservationRegistry> observations;

		Tools(ObjectProvider<ObservationRegistry> observations) {
			this.observations = observations;
		}

		@Tool(name = "lookup")
		public String lookup(String city) {
			return record(city);
		}

		public List<Seen> seen() {
			return this.seen;
		}

		public String record(String city) {
			ObservationRegistry registry = this.observations.getIfAvailable();
			this.seen.add(new Seen(Thread.currentThread(), Context.current().get(TENANT),
					(registry != null) ? registry.getCurrentObservation() : null));
			return "sunny in " + city;
		}

	}

	static class AsyncTools {

		private final Tools tools;

		AsyncTools(Tools tools) {
			this.tools = tools;
		}

		@Async
		@Tool(name = "lookup")
		public CompletableFuture<String> lookup(String city) {
			return CompletableFuture.completedFuture(this.tools.record(city));
		}

	}

	static class Guide {

		private final Tools tools;

		Guide(Tools tools) {
			this.tools = tools;
		}

		@AgentRun(name = "guide")
		public String recommend(String city) {
			return this.tools.record(city);
		}

	}

	static class Planner {

		private final Tools tools;

		private final AsyncTools asyncTools;

		private final Guide guide;

		private final AgentTracer tracer;

		private final TaskExecutor executor;

		Planner(Tools tools, AsyncTools asyncTools, Guide guide, AgentTracer tracer, TaskExecutor executor) {
			this.tools = tools;
			this.asyncTools = asyncTools;
			this.guide = guide;
			this.tracer = tracer;
			this.executor = executor;
		}

		@AgentRun(name = "planner")
		public String plan(Hop hop, String city) throws Exception {
			return switch (hop) {
				case COMPLETABLE_FUTURE ->
					CompletableFuture.supplyAsync(() -> this.tools.lookup(city), this.executor).join();
				case ASYNC_METHOD -> this.asyncTools.lookup(city).join();
				case TASK_EXECUTOR -> {
					FutureTask<String> task = new FutureTask<>(() -> this.tools.lookup(city));
					this.executor.execute(task);
					yield task.get();
				}
				case PROGRAMMATIC_TOOL ->
					CompletableFuture
						.supplyAsync(() -> this.tracer.tool(ToolSpec.named("lookup"), () -> this.tools.record(city)),
								this.executor)
						.join();
			};
		}

		@AgentRun(name = "planner")
		public String delegate(String city) {
			return CompletableFuture.supplyAsync(() -> this.guide.recommend(city), this.executor).join();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class Agents {

		@Bean
		Tools tools(ObjectProvider<ObservationRegistry> observations) {
			return new Tools(observations);
		}

		@Bean
		AsyncTools asyncTools(Tools tools) {
			return new AsyncTools(tools);
		}

		@Bean
		Guide guide(Tools tools) {
			return new Guide(tools);
		}

		@Bean
		Planner planner(Tools tools, AsyncTools asyncTools, Guide guide, AgentTracer tracer,
				@Qualifier("applicationTaskExecutor") TaskExecutor executor) {
			return new Planner(tools, asyncTools, guide, tracer, executor);
		}

	}

}
