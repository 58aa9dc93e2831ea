package dev.agenttracing;

import java.time.Duration;
import java.util.List;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.reactor.autoconfigure.ReactorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.LlmCall;
import dev.agenttracing.annotation.Tool;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.AgentTracingPropagationAutoConfiguration;
import dev.agenttracing.context.OpenTelemetryContextThreadLocalAccessor;
import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * {@code Mono} and {@code Flux} returned by {@code @AgentRun}, {@code @Tool} and
 * {@code @LlmCall} methods: the work they do when subscribed, after the method has
 * returned, nests under their span, across thread hops too; cancellation and errors still
 * end the span.
 */
class ReactorContextPropagationTests {

	private static final Duration HOP = Duration.ofMillis(1);

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder()
			.addSpanProcessor(new AgentContextSpanProcessor((value) -> value))
			.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
			.build())
		.build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, AgentTracingAutoConfiguration.class,
				AgentTracingPropagationAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry)
		.withUserConfiguration(Beans.class);

	@AfterEach
	void close() {
		this.openTelemetry.close();
	}

	@Test
	void workDoneAtSubscriptionNestsUnderEachAnnotatedOperation() {
		this.contextRunner.run((context) -> {
			Span caller = this.openTelemetry.getTracer("test").spanBuilder("caller").startSpan();
			try (Scope scope = caller.makeCurrent()) {
				Mono<String> run = context.getBean(Planner.class).planInPlace("Paris");
				assertThat(this.exporter.getFinishedSpanItems()).as("nothing runs before subscription").isEmpty();
				// Downstream of the run, the caller's context is current again.
				StepVerifier
					.create(run.map((answer) -> answer + " / seen by " + Span.current().getSpanContext().getSpanId()))
					.expectNext("sunny in Paris [a, b] / seen by " + caller.getSpanContext().getSpanId())
					.verifyComplete();
			}
			caller.end();
			SpanData planner = span("invoke_agent planner");
			assertThat(planner).hasParentSpanId(caller.getSpanContext().getSpanId());
			assertThat(span("execute_tool warm_up")).hasParent(planner);
			SpanData lookup = span("execute_tool lookup");
			assertThat(lookup).hasParent(planner);
			assertThat(span("chat small")).hasParent(lookup);
			SpanData stream = span("chat gpt-4o");
			assertThat(stream).hasParent(planner);
			assertThat(spans("execute_tool per_chunk")).hasSize(2)
				.allSatisfy((chunk) -> assertThat(chunk).hasParent(stream));
		});
	}

	@Test
	void threadHopsInsideThePublisherKeepTheParentsWithAutomaticContextPropagation() {
		try {
			this.contextRunner.withConfiguration(AutoConfigurations.of(ReactorAutoConfiguration.class))
				.withPropertyValues("spring.reactor.context-propagation=auto")
				.run((context) -> {
					assertThat(Hooks.isAutomaticContextPropagationEnabled()).isTrue();
					Mono<String> run;
					try (Scope scope = AgentContext.builder().userId("user-7").makeCurrent()) {
						run = context.getBean(Planner.class).planWithHops("Paris");
					}
					StepVerifier.create(run).expectNext("sunny in Paris [a, b]").verifyComplete();
					assertThat(this.exporter.getFinishedSpanItems()).hasSize(7)
						.as("the run context's user reaches every span")
						.allSatisfy((span) -> assertThat(span).hasAttribute(GenAiAttributes.USER_ID, "user-7"));
					SpanData planner = span("invoke_agent planner");
					assertThat(span("execute_tool warm_up")).hasParent(planner);
					SpanData lookup = span("execute_tool lookup");
					assertThat(lookup).hasParent(planner);
					assertThat(span("chat small")).as("subscribeOn inside the @Tool's Mono").hasParent(lookup);
					SpanData stream = span("chat gpt-4o");
					assertThat(stream).as("after publishOn and delayElement in the @AgentRun's Mono")
						.hasParent(planner);
					assertThat(spans("execute_tool per_chunk")).as("after delayElements inside the @LlmCall's Flux")
						.hasSize(2)
						.allSatisfy((chunk) -> assertThat(chunk).hasParent(stream));
				});
		}
		finally {
			Hooks.disableAutomaticContextPropagation();
		}
	}

	@Test
	void signalsLeavingATracedPublisherOnAnotherThreadCarryTheOuterContext() {
		// Boot's default (limited) mode: the @LlmCall's Flux emits on a timer thread, and
		// the
		// agent's operator after it still runs in the agent's context.
		this.contextRunner.run((context) -> {
			StepVerifier.create(context.getBean(Planner.class).streamThenCallTools("Paris"))
				.expectNext("checked a", "checked b")
				.verifyComplete();
			SpanData planner = span("invoke_agent planner");
			assertThat(span("chat gpt-4o")).hasParent(planner);
			assertThat(spans("execute_tool check")).hasSize(2)
				.allSatisfy((check) -> assertThat(check).hasParent(planner));
		});
	}

	@Test
	void handleRestoresTheContextFromTheReactorContextWithoutAutomaticPropagation() {
		this.contextRunner.run((context) -> {
			StepVerifier.create(context.getBean(Planner.class).hopThenHandle("Paris"))
				.expectNext("handled Paris")
				.verifyComplete();
			assertThat(span("execute_tool in_handle")).hasParent(span("invoke_agent planner"));
		});
	}

	@Test
	void reactorContextHoldsTheOperationsContext() {
		this.contextRunner.run((context) -> {
			String spanId = context.getBean(Planner.class).spanIdFromReactorContext().block();
			assertThat(spanId).isEqualTo(span("invoke_agent planner").getSpanId());
		});
	}

	@Test
	void cancellationEndsTheSpanAsCancelled() {
		this.contextRunner.run((context) -> {
			StepVerifier.create(context.getBean(Planner.class).endless().take(2)).expectNextCount(2).verifyComplete();
			assertThat(span("invoke_agent planner")).hasStatus(StatusData.unset())
				.hasAttribute(GenAiAttributes.CANCELLED, true);
			StepVerifier.create(context.getBean(Tools.class).never()).expectSubscription().thenCancel().verify();
			assertThat(span("execute_tool never")).hasAttribute(GenAiAttributes.CANCELLED, true);
		});
	}

	@Test
	void errorsAreRecordedAndReachTheSubscriberUnchanged() {
		this.contextRunner.run((context) -> {
			StepVerifier.create(context.getBean(Planner.class).failing())
				.verifyErrorSatisfies((failure) -> assertThat(failure).isSameAs(Tools.FAILURE));
			SpanData planner = span("invoke_agent planner");
			assertThat(planner).hasStatus(StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, IllegalStateException.class.getName());
			assertThat(span("execute_tool failing")).hasParent(planner)
				.hasStatus(StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, IllegalStateException.class.getName());
		});
	}

	private SpanData span(String name) {
		List<SpanData> spans = spans(name);
		assertThat(spans).as("spans named %s in %s", name, this.exporter.getFinishedSpanItems()).hasSize(1);
		return spans.get(0);
	}

	private List<SpanData> spans(String name) {
		return this.exporter.getFinishedSpanItems().stream().filter((span) -> span.getName().equals(name)).toList();
	}

	static class Llm {

		private final AgentTracer tracer;

		Llm(AgentTracer tracer) {
			this.tracer = tracer;
		}

		/** A tool call per chunk while the answer streams in, at subscription. */
		@LlmCall(provider = "openai", model = "gpt-4o")
		public Flux<String> stream(String prompt) {
			return Flux.just("a", "b").concatMap(this::perChunk);
		}

		/** The same, after each chunk has come in on a timer thread. */
		@LlmCall(provider = "openai", model = "gpt-4o")
		public Flux<String> streamWithHops(String prompt) {
			return Flux.just("a", "b").delayElements(HOP).concatMap(this::perChunk);
		}

		/** Chunks that arrive on a timer thread. */
		@LlmCall(provider = "openai", model = "gpt-4o")
		public Flux<String> delayedChunks(String prompt) {
			return Flux.just("a", "b").delayElements(HOP);
		}

		private Mono<String> perChunk(String chunk) {
			return Mono.fromCallable(() -> this.tracer.tool(ToolSpec.named("per_chunk"), () -> chunk));
		}

	}

	static class Tools {

		static final IllegalStateException FAILURE = new IllegalStateException("weather service down");

		private final AgentTracer tracer;

		Tools(AgentTracer tracer) {
			this.tracer = tracer;
		}

		@Tool(name = "lookup")
		public Mono<String> lookup(String city) {
			return Mono.fromCallable(() -> this.tracer.llmCall(LlmCallSpec.chat("small"), () -> "sunny in " + city));
		}

		@Tool(name = "lookup")
		public Mono<String> lookupOnAnotherThread(String city) {
			return lookup(city).subscribeOn(Schedulers.boundedElastic());
		}

		@Tool(name = "check")
		public Mono<String> check(String chunk) {
			return Mono.just("checked " + chunk);
		}

		@Tool(name = "failing")
		public Mono<String> failing() {
			return Mono.error(FAILURE);
		}

		@Tool(name = "never")
		public Mono<String> never() {
			return Mono.never();
		}

	}

	static class Planner {

		private final AgentTracer tracer;

		private final Tools tools;

		private final Llm llm;

		Planner(AgentTracer tracer, Tools tools, Llm llm) {
			this.tracer = tracer;
			this.tools = tools;
			this.llm = llm;
		}

		@AgentRun(name = "planner")
		public Mono<String> planInPlace(String city) {
			return Mono.fromCallable(() -> this.tracer.tool(ToolSpec.named("warm_up"), () -> city))
				.flatMap(this.tools::lookup)
				.flatMap((weather) -> this.llm.stream(weather).collectList().map((chunks) -> weather + " " + chunks));
		}

		@AgentRun(name = "planner")
		public Mono<String> planWithHops(String city) {
			return Mono.fromCallable(() -> this.tracer.tool(ToolSpec.named("warm_up"), () -> city))
				.publishOn(Schedulers.parallel())
				.flatMap(this.tools::lookupOnAnotherThread)
				.delayElement(HOP)
				.flatMap((weather) -> this.llm.streamWithHops(weather)
					.collectList()
					.map((chunks) -> weather + " " + chunks));
		}

		@AgentRun(name = "planner")
		public Flux<String> streamThenCallTools(String city) {
			return this.llm.delayedChunks(city).concatMap(this.tools::check);
		}

		@AgentRun(name = "planner")
		public Flux<String> hopThenHandle(String city) {
			return Flux.just(city)
				.publishOn(Schedulers.parallel())
				.handle((value, sink) -> sink
					.next(this.tracer.tool(ToolSpec.named("in_handle"), () -> "handled " + value)));
		}

		@AgentRun(name = "planner")
		public Mono<String> spanIdFromReactorContext() {
			return Mono.deferContextual((reactorContext) -> Mono
				.just(Span.fromContext(reactorContext.<Context>get(OpenTelemetryContextThreadLocalAccessor.KEY))
					.getSpanContext()
					.getSpanId()));
		}

		@AgentRun(name = "planner")
		public Flux<Long> endless() {
			return Flux.interval(HOP);
		}

		@AgentRun(name = "planner")
		public Mono<String> failing() {
			return this.tools.failing();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Llm llm(AgentTracer tracer) {
			return new Llm(tracer);
		}

		@Bean
		Tools tools(AgentTracer tracer) {
			return new Tools(tracer);
		}

		@Bean
		Planner planner(AgentTracer tracer, Tools tools, Llm llm) {
			return new Planner(tracer, tools, llm);
		}

	}

}
