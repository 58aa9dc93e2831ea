package dev.agenttracing;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.LlmCall;
import dev.agenttracing.annotation.Tool;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.autoconfigure.InvalidAgentTracingPropertyException;
import dev.agenttracing.metrics.MicrometerOperationMetrics;
import dev.agenttracing.semconv.GenAiAttributes;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * LLM call spans, usage aggregation, streaming, cost and the GenAI metrics, through real
 * AOP proxies, a real OpenTelemetry SDK and a real Micrometer registry.
 */
class LlmCallTracingTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, AgentTracingAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry)
		.withBean(MeterRegistry.class, () -> this.meterRegistry)
		.withUserConfiguration(Beans.class)
		.withPropertyValues("agent.tracing.pricing.models.gpt-4o.input-per-million=2.5",
				"agent.tracing.pricing.models.gpt-4o.output-per-million=10",
				"agent.tracing.pricing.models.gpt-4o.cache-read-per-million=1.25");

	@AfterEach
	void close() {
		this.openTelemetry.close();
	}

	@Test
	void llmCallIsAClientSpanWithTypedResponseAttributes() {
		this.contextRunner.run((context) -> {
			context.getBean(Llm.class).complete("hi");
			SpanData chat = span("chat gpt-4o");
			assertThat(chat).hasKind(SpanKind.CLIENT)
				.hasAttributesSatisfyingExactly(equalTo(GenAiAttributes.OPERATION_NAME, "chat"),
						equalTo(GenAiAttributes.PROVIDER_NAME, "openai"),
						equalTo(GenAiAttributes.REQUEST_MODEL, "gpt-4o"),
						equalTo(GenAiAttributes.SERVER_ADDRESS, "api.openai.com"),
						equalTo(GenAiAttributes.SERVER_PORT, 443L),
						equalTo(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06"),
						equalTo(GenAiAttributes.RESPONSE_ID, "chatcmpl-1"),
						equalTo(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop")),
						equalTo(GenAiAttributes.USAGE_INPUT_TOKENS, 1000L),
						equalTo(GenAiAttributes.USAGE_OUTPUT_TOKENS, 200L),
						equalTo(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 400L),
						equalTo(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, 50L),
						// 600 * 2.5 + 400 * 1.25 + 200 * 10 per million
						equalTo(GenAiAttributes.COST, 0.004), equalTo(GenAiAttributes.COST_CURRENCY, "USD"));
		});
	}

	@Test
	void agentSpanSumsTheRunsUsageAndLearnsTheProvider() {
		this.contextRunner.run((context) -> {
			context.getBean(Agent.class).run("plan");
			SpanData agent = span("invoke_agent planner");
			SpanData subagent = span("invoke_agent helper");
			assertThat(agent).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 2000L)
				.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 400L)
				.hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 800L)
				.hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai");
			assertThat(agent.getAttributes().get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)).isNull();
			assertThat(agent.getAttributes().get(GenAiAttributes.COST)).isCloseTo(0.008, within(1e-12));
			assertThat(subagent).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1000L);
			assertThat(span("chat gpt-4o")).hasParent(agent);
		});
	}

	@Test
	void modelFromSpelOverArgumentsAndUnknownModelHasNoCost() {
		this.contextRunner.run((context) -> {
			context.getBean(Llm.class).completeWith(new Request("claude-sonnet-4", "hello"));
			SpanData chat = span("chat claude-sonnet-4");
			assertThat(chat).hasAttribute(GenAiAttributes.REQUEST_MODEL, "claude-sonnet-4")
				.hasAttribute(GenAiAttributes.PROVIDER_NAME, "anthropic");
			assertThat(chat.getAttributes().get(GenAiAttributes.COST)).isNull();
		});
	}

	@Test
	void extractorBeansReadForeignResultTypes() {
		this.contextRunner.run((context) -> {
			context.getBean(Llm.class).foreign();
			assertThat(span("chat gpt-4o")).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 7L)
				.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 3L);
		});
	}

	@Test
	void currentLlmCallTakesRequestParametersAndUsageDuringTheCall() {
		AgentTracer tracer = AgentTracer.builder(this.openTelemetry).build();
		tracer.llmCall(LlmCallSpec.chat("gpt-4o").provider("openai"), () -> {
			tracer.currentLlmCall()
				.temperature(0.2)
				.maxTokens(512)
				.topP(0.9)
				.stopSequences(List.of("END"))
				.result(new Usage(null, 11L, 5L));
			return "plain text the tracer cannot read";
		});
		assertThat(tracer.currentLlmCall().isPresent()).isFalse();
		assertThat(span("chat gpt-4o")).hasAttribute(GenAiAttributes.REQUEST_TEMPERATURE, 0.2)
			.hasAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, 512L)
			.hasAttribute(GenAiAttributes.REQUEST_TOP_P, 0.9)
			.hasAttribute(GenAiAttributes.REQUEST_STOP_SEQUENCES, List.of("END"))
			.hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 11L);
	}

	@Test
	void streamKeepsTheSpanOpenAndTimesTheFirstChunk() {
		this.contextRunner.run((context) -> {
			Flux<Usage> stream = context.getBean(Llm.class).stream();
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			StepVerifier.create(stream).expectNextCount(3).verifyComplete();
			SpanData chat = span("chat gpt-4o");
			double firstChunk = chat.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK);
			double total = (chat.getEndEpochNanos() - chat.getStartEpochNanos()) / 1e9;
			assertThat(firstChunk).isGreaterThanOrEqualTo(0.1).isLessThan(total);
			assertThat(total - firstChunk).isGreaterThanOrEqualTo(0.08);
			assertThat(chat).hasAttribute(GenAiAttributes.REQUEST_STREAM, true)
				.hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 30L)
				.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 3L)
				.hasStatus(StatusData.unset());
			Timer ttfc = this.meterRegistry.get(MicrometerOperationMetrics.TIME_TO_FIRST_CHUNK).timer();
			assertThat(ttfc.count()).isOne();
			assertThat(ttfc.totalTime(TimeUnit.SECONDS)).isCloseTo(firstChunk, within(1e-9));
		});
	}

	@Test
	void cancelledStreamIsNotAnError() {
		this.contextRunner.run((context) -> {
			StepVerifier.create(context.getBean(Llm.class).stream().take(1)).expectNextCount(1).verifyComplete();
			assertThat(span("chat gpt-4o")).hasStatus(StatusData.unset()).hasAttribute(GenAiAttributes.CANCELLED, true);
			assertThat(this.meterRegistry.get(MicrometerOperationMetrics.OPERATION_DURATION)
				.tag("error.type", "")
				.timer()
				.count()).isOne();
		});
	}

	@Test
	void failedCallIsAnErrorAndItsMessageNeverBecomesATag() {
		this.contextRunner.run((context) -> {
			Llm llm = context.getBean(Llm.class);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> llm.failing("secret-user@x.io"));
			assertThat(span("chat gpt-4o")).hasStatus(StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, "java.lang.IllegalStateException");
			Timer failed = this.meterRegistry.get(MicrometerOperationMetrics.OPERATION_DURATION)
				.tag("error.type", "java.lang.IllegalStateException")
				.timer();
			assertThat(failed.count()).isOne();
			assertThat(this.meterRegistry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
				.noneMatch((tag) -> tag.getValue().contains("secret-user")));
		});
	}

	@Test
	void metricsUseTheConventionsBucketsAndTags() {
		this.contextRunner.run((context) -> {
			context.getBean(Agent.class).run("plan");
			Timer chatDuration = this.meterRegistry.get(MicrometerOperationMetrics.OPERATION_DURATION)
				.tags("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai", "gen_ai.request.model",
						"gpt-4o", "gen_ai.response.model", "gpt-4o-2024-08-06", "error.type", "")
				.timer();
			assertThat(chatDuration.count()).isEqualTo(2);
			assertThat(java.util.Arrays.stream(chatDuration.takeSnapshot().histogramCounts())
				.map((bucket) -> bucket.bucket(TimeUnit.SECONDS))
				.toList()).containsExactlyElementsOf(MicrometerOperationMetrics.DURATION_BUCKETS);
			assertThat(this.meterRegistry.get(MicrometerOperationMetrics.OPERATION_DURATION)
				.tags("gen_ai.operation.name", "execute_tool")
				.timer()
				.count()).isOne();
			assertThat(this.meterRegistry.get(MicrometerOperationMetrics.OPERATION_DURATION)
				.tags("gen_ai.operation.name", "invoke_agent", "gen_ai.provider.name", "openai")
				.timer()
				.count()).isEqualTo(2);
			DistributionSummary input = this.meterRegistry.get(MicrometerOperationMetrics.TOKEN_USAGE)
				.tags("gen_ai.token.type", "input")
				.summary();
			assertThat(input.totalAmount()).isEqualTo(2000);
			assertThat(input.getId().getBaseUnit()).isEqualTo("{token}");
			assertThat(buckets(input)).containsExactlyElementsOf(MicrometerOperationMetrics.TOKEN_BUCKETS);
			Set<String> tokenTypes = this.meterRegistry.get(MicrometerOperationMetrics.TOKEN_USAGE)
				.summaries()
				.stream()
				.map((summary) -> summary.getId().getTag("gen_ai.token.type"))
				.collect(Collectors.toSet());
			assertThat(tokenTypes).containsExactlyInAnyOrder("input", "output");
			assertThat(this.meterRegistry.get(MicrometerOperationMetrics.COST)
				.tags("gen_ai.request.model", "gpt-4o-2024-08-06", "currency", "USD")
				.counter()
				.count()).isCloseTo(0.008, within(1e-12));
		});
	}

	@Test
	void modelTagsStayBoundedWhateverTheInput() {
		this.contextRunner.run((context) -> {
			Llm llm = context.getBean(Llm.class);
			for (int i = 0; i < 150; i++) {
				llm.completeWith(new Request("model-" + i, "x"));
			}
			Set<String> models = this.meterRegistry.get(MicrometerOperationMetrics.OPERATION_DURATION)
				.timers()
				.stream()
				.map((summary) -> summary.getId().getTag("gen_ai.request.model"))
				.collect(Collectors.toSet());
			assertThat(models).hasSize(101).contains("_OTHER", "model-0", "model-99").doesNotContain("model-100");
		});
	}

	@Test
	void modelWithoutBothPricesStopsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("agent.tracing.pricing.models.cheap.input-per-million=1")
			.run((context) -> {
				assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(InvalidAgentTracingPropertyException.class)
					.hasMessageContaining("agent.tracing.pricing.models[cheap]")
					.hasMessageContaining("output-per-million");
				assertThat(rootCause(context.getStartupFailure()).getAction()).contains("use 0 for free tokens");
			});
	}

	@Test
	void negativePriceStopsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("agent.tracing.pricing.models.cheap.input-per-million=-1",
					"agent.tracing.pricing.models.cheap.output-per-million=1")
			.run((context) -> {
				assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.isInstanceOf(InvalidAgentTracingPropertyException.class)
					.hasMessageContaining("agent.tracing.pricing.models[cheap].input-per-million")
					.hasMessageContaining("must not be negative");
				assertThat(rootCause(context.getStartupFailure()).getAction()).contains("0 for free tokens");
			});
	}

	private static InvalidAgentTracingPropertyException rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return (InvalidAgentTracingPropertyException) cause;
	}

	private static List<Double> buckets(DistributionSummary summary) {
		return java.util.Arrays.stream(summary.takeSnapshot().histogramCounts()).map(CountAtBucket::bucket).toList();
	}

	private SpanData span(String name) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span '" + name + "' in " + this.exporter.getFinishedSpanItems()));
	}

	record Usage(@Nullable String text, @Nullable Long inputTokens, @Nullable Long outputTokens) implements LlmResult {
	}

	record Answer(String text, String responseModel, String responseId, List<String> finishReasons, Long inputTokens,
			Long outputTokens, Long cacheReadInputTokens, Long reasoningOutputTokens) implements LlmResult {
	}

	record Request(String model, String prompt) {
	}

	/** A client library's response type that knows nothing of agent-tracing. */
	record ForeignResponse(int promptTokens, int completionTokens) {
	}

	static class Llm {

		@LlmCall(provider = "openai", model = "gpt-4o", serverAddress = "api.openai.com", serverPort = 443)
		public Answer complete(String prompt) {
			return new Answer("hello", "gpt-4o-2024-08-06", "chatcmpl-1", List.of("stop"), 1000L, 200L, 400L, 50L);
		}

		@LlmCall(provider = "anthropic", model = "#request.model")
		public Usage completeWith(Request request) {
			return new Usage("hi", 10L, 2L);
		}

		@LlmCall(provider = "openai", model = "gpt-4o")
		public ForeignResponse foreign() {
			return new ForeignResponse(7, 3);
		}

		@LlmCall(provider = "openai", model = "gpt-4o")
		public String failing(String user) {
			throw new IllegalStateException("rate limited for " + user);
		}

		@LlmCall(provider = "openai", model = "gpt-4o")
		public Flux<Usage> stream() {
			return Flux.just(new Usage("a", null, null), new Usage("b", null, null), new Usage("c", 30L, 3L))
				.delayElements(Duration.ofMillis(50))
				.delaySubscription(Duration.ofMillis(60));
		}

	}

	static class Helper {

		private final Llm llm;

		Helper(Llm llm) {
			this.llm = llm;
		}

		@AgentRun(name = "helper")
		public String help() {
			return this.llm.complete("help").text();
		}

	}

	static class Tools {

		private final Helper helper;

		Tools(Helper helper) {
			this.helper = helper;
		}

		@Tool(name = "ask_helper")
		public String ask() {
			return this.helper.help();
		}

	}

	static class Agent {

		private final Llm llm;

		private final Tools tools;

		Agent(Llm llm, Tools tools) {
			this.llm = llm;
			this.tools = tools;
		}

		@AgentRun(name = "planner")
		public String run(String request) {
			return this.llm.complete(request).text() + this.tools.ask();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Llm llm() {
			return new Llm();
		}

		@Bean
		Helper helper(Llm llm) {
			return new Helper(llm);
		}

		@Bean
		Tools tools(Helper helper) {
			return new Tools(helper);
		}

		@Bean
		Agent agent(Llm llm, Tools tools) {
			return new Agent(llm, tools);
		}

		@Bean
		LlmResultExtractor foreignExtractor() {
			return (value) -> (value instanceof ForeignResponse response)
					? new Usage(null, (long) response.promptTokens(), (long) response.completionTokens()) : null;
		}

	}

}
