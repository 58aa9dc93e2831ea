package dev.agenttracing.langchain4j;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.export.RunTree;
import dev.agenttracing.export.RunTreeAssembler;
import dev.agenttracing.export.RunTreeFormatter;
import dev.agenttracing.langchain4j.LangChain4jApp.Assistant;
import dev.agenttracing.langchain4j.LangChain4jApp.StreamingAssistant;
import dev.agenttracing.langchain4j.LangChain4jApp.UnknownCityException;
import dev.agenttracing.langchain4j.LangChain4jApp.WeatherTools;
import dev.agenttracing.langchain4j.autoconfigure.AgentTracingLangChain4jAutoConfiguration;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * LangChain4j AI services, models and tools declared as plain Spring beans, talking to a
 * real OpenAI-compatible HTTP server on 127.0.0.1 through LangChain4j's own OpenAI
 * client, traced with no tracing code in the application.
 *
 * @author agent-tracing
 */
class LangChain4jTracingTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final OpenAiCompatibleServer server = newServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, AgentTracingAutoConfiguration.class,
				AgentTracingLangChain4jAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry)
		.withBean(MeterRegistry.class, () -> this.meterRegistry)
		.withUserConfiguration(LangChain4jApp.class)
		.withPropertyValues("test.base-url=" + this.server.baseUrl(),
				"agent.tracing.pricing.models.gpt-4o.input-per-million=2.5",
				"agent.tracing.pricing.models.gpt-4o.output-per-million=10",
				"agent.tracing.pricing.models.gpt-4o.cache-read-per-million=1.25");

	@AfterEach
	void close() {
		this.server.close();
		this.openTelemetry.close();
	}

	@Test
	void toolTurnAndFinalTurnAreOneRunWithTwoChatsAndOneTool() {
		this.server.thenToolCall("call_1", "weather", "{\"city\":\"Paris\"}").thenText("Paris is sunny.");
		this.contextRunner.run((context) -> {
			String answer = context.getBean(Assistant.class).chat("conv-42", "Weather in Paris?");
			assertThat(answer).isEqualTo("Paris is sunny.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent Assistant", "chat gpt-4o", "chat gpt-4o",
					"execute_tool weather");
			SpanData agent = span(spans, "invoke_agent Assistant");
			List<SpanData> chats = spans.stream().filter((span) -> span.getName().equals("chat gpt-4o")).toList();
			SpanData toolTurn = chats.get(0);
			SpanData finalTurn = chats.get(1);
			SpanData tool = span(spans, "execute_tool weather");
			assertThat(agent).hasKind(SpanKind.INTERNAL)
				.hasNoParent()
				.hasAttribute(GenAiAttributes.AGENT_NAME, "Assistant")
				.hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
				.hasAttribute(GenAiAttributes.CONVERSATION_ID, "conv-42")
				.hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 130L)
				.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 22L)
				.hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 20L);
			assertThat(toolTurn).hasKind(SpanKind.CLIENT)
				.hasParent(agent)
				.hasAttributesSatisfyingExactly(equalTo(GenAiAttributes.OPERATION_NAME, "chat"),
						equalTo(GenAiAttributes.PROVIDER_NAME, "openai"),
						equalTo(GenAiAttributes.REQUEST_MODEL, "gpt-4o"),
						equalTo(GenAiAttributes.REQUEST_TEMPERATURE, 0.2),
						equalTo(GenAiAttributes.REQUEST_MAX_TOKENS, 256L),
						equalTo(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06"),
						equalTo(GenAiAttributes.RESPONSE_ID, "chatcmpl-tool"),
						equalTo(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("tool_calls")),
						equalTo(GenAiAttributes.USAGE_INPUT_TOKENS, 50L),
						equalTo(GenAiAttributes.USAGE_OUTPUT_TOKENS, 10L),
						equalTo(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 20L),
						equalTo(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, 0L),
						// 30 * 2.5 + 20 * 1.25 + 10 * 10 per million
						equalTo(GenAiAttributes.COST, 0.0002), equalTo(GenAiAttributes.COST_CURRENCY, "USD"));
			assertThat(tool).hasKind(SpanKind.INTERNAL)
				.hasParent(agent)
				.hasStatus(StatusData.unset())
				.hasAttributesSatisfyingExactly(equalTo(GenAiAttributes.OPERATION_NAME, "execute_tool"),
						equalTo(GenAiAttributes.TOOL_NAME, "weather"), equalTo(GenAiAttributes.TOOL_TYPE, "function"),
						equalTo(GenAiAttributes.TOOL_DESCRIPTION, "Current weather for a city"),
						equalTo(GenAiAttributes.TOOL_CALL_ID, "call_1"));
			assertThat(finalTurn).hasParent(agent)
				.hasAttribute(GenAiAttributes.RESPONSE_ID, "chatcmpl-final")
				.hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
				.hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 80L);
			// In the order LangChain4j ran them: model, tool, model.
			org.assertj.core.api.Assertions.assertThat(tool.getStartEpochNanos())
				.isGreaterThanOrEqualTo(toolTurn.getEndEpochNanos());
			org.assertj.core.api.Assertions.assertThat(finalTurn.getStartEpochNanos())
				.isGreaterThanOrEqualTo(tool.getEndEpochNanos());
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void toolBeansAreNotProxiedAndModelBeansStayWhatTheApplicationDeclared() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			org.assertj.core.api.Assertions.assertThat(AopUtils.isAopProxy(context.getBean(WeatherTools.class)))
				.isFalse();
			org.assertj.core.api.Assertions.assertThat(context.getBean("chatModel"))
				.isExactlyInstanceOf(OpenAiChatModel.class);
		});
	}

	@Test
	void toolWithoutAgentTracingAnnotationIsOneToolSpanToo() {
		this.server.thenToolCall("call_7", "localTime", "{\"city\":\"Kyoto\"}").thenText("It is 14:05.");
		this.contextRunner.run((context) -> {
			context.getBean(Assistant.class).chat("conv-1", "Time in Kyoto?");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent Assistant", "chat gpt-4o", "chat gpt-4o",
					"execute_tool localTime");
			assertThat(span(spans, "execute_tool localTime")).hasParent(span(spans, "invoke_agent Assistant"))
				.hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_7");
		});
	}

	@Test
	void throwingToolIsAnErrorWithItsOwnExceptionAndTheRunGoesOnAsUntraced() {
		this.server.thenToolCall("call_9", "weather", "{\"city\":\"Atlantis\"}").thenText("I do not know Atlantis.");
		this.contextRunner.run((context) -> {
			String answer = context.getBean(Assistant.class).chat("conv-2", "Weather in Atlantis?");
			assertThat(answer).isEqualTo("I do not know Atlantis.");
			// LangChain4j's own error handling still hands the tool's message to the
			// model.
			assertThat(this.server.requests().get(1)).contains("No such city: Atlantis");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).hasSize(4);
			SpanData tool = span(spans, "execute_tool weather");
			assertThat(tool).hasStatus(StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, UnknownCityException.class.getName())
				.hasEventsSatisfyingExactly((event) -> event.hasName("exception")
					.hasAttributesSatisfying(
							equalTo(GenAiAttributes.EXCEPTION_TYPE, UnknownCityException.class.getName())));
			assertThat(span(spans, "invoke_agent Assistant")).hasStatus(StatusData.unset());
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void streamedTurnIsOneChatSpanEndedWithTheStreamInTheRunsTrace() {
		this.server.thenStream("Hel", "lo ", "there");
		this.contextRunner.run((context) -> {
			CompletableFuture<ChatResponse> done = new CompletableFuture<>();
			StringBuilder text = new StringBuilder();
			context.getBean(StreamingAssistant.class)
				.chat("Hi")
				.onPartialResponse(text::append)
				.onCompleteResponse(done::complete)
				.onError(done::completeExceptionally)
				.start();
			ChatResponse response = done.get(10, TimeUnit.SECONDS);
			assertThat(response.aiMessage().text()).isEqualTo("Hello there");
			assertThat(text.toString()).isEqualTo("Hello there");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.exporter.getFinishedSpanItems().size() == 2);
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			SpanData agent = span(spans, "invoke_agent StreamingAssistant");
			SpanData chat = span(spans, "chat gpt-4o-mini");
			assertThat(chat).hasParent(agent)
				.hasKind(SpanKind.CLIENT)
				.hasAttribute(GenAiAttributes.REQUEST_STREAM, true)
				.hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06")
				.hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
				.hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 30L)
				.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 7L)
				.hasAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 10L);
			Double timeToFirstChunk = chat.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK);
			org.assertj.core.api.Assertions.assertThat(timeToFirstChunk).isPositive();
			org.assertj.core.api.Assertions.assertThat(chat.getEndEpochNanos() - chat.getStartEpochNanos())
				.isGreaterThanOrEqualTo((long) (timeToFirstChunk * 1e9));
			assertThat(agent).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 30L);
			Timer ttfc = this.meterRegistry.find("gen_ai.client.operation.time_to_first_chunk").timer();
			org.assertj.core.api.Assertions.assertThat(ttfc).isNotNull();
			org.assertj.core.api.Assertions.assertThat(ttfc.count()).isEqualTo(1);
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void httpErrorEndsTheChatAndTheRunWithTheExceptionTheCallerGets() {
		this.server.thenError(400, "model 'gpt-4o' does not exist");
		this.contextRunner.run((context) -> {
			RuntimeException thrown = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
					() -> context.getBean(Assistant.class).chat("conv-3", "Hello"));
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent Assistant", "chat gpt-4o");
			SpanData chat = span(spans, "chat gpt-4o");
			SpanData agent = span(spans, "invoke_agent Assistant");
			assertThat(chat).hasParent(agent)
				.hasStatus(StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, thrown.getClass().getName());
			assertThat(agent).hasStatus(StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, thrown.getClass().getName());
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void failedStreamEndsTheChatAndTheRunWithTheErrorTheHandlerGets() {
		this.server.thenError(400, "stream refused");
		this.contextRunner.run((context) -> {
			CompletableFuture<Throwable> failed = new CompletableFuture<>();
			context.getBean(StreamingAssistant.class).chat("Hi").onPartialResponse((text) -> {
			}).onCompleteResponse((response) -> failed.complete(null)).onError(failed::complete).start();
			Throwable error = failed.get(10, TimeUnit.SECONDS);
			org.assertj.core.api.Assertions.assertThat(error).isNotNull();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.exporter.getFinishedSpanItems().size() == 2);
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			SpanData agent = span(spans, "invoke_agent StreamingAssistant");
			assertThat(span(spans, "chat gpt-4o-mini")).hasParent(agent)
				.hasStatus(StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, error.getClass().getName());
			assertThat(agent).hasStatus(StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, error.getClass().getName());
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void metricsHaveInputAndOutputTokenTypesOnly() {
		this.server.thenToolCall("call_1", "weather", "{\"city\":\"Paris\"}").thenText("Paris is sunny.");
		this.contextRunner.run((context) -> {
			context.getBean(Assistant.class).chat("conv-4", "Weather in Paris?");
			Set<String> tokenTypes = this.meterRegistry.find("gen_ai.client.token.usage")
				.summaries()
				.stream()
				.map((summary) -> summary.getId().getTag("gen_ai.token.type"))
				.collect(Collectors.toSet());
			org.assertj.core.api.Assertions.assertThat(tokenTypes).containsExactlyInAnyOrder("input", "output");
			DistributionSummary input = this.meterRegistry.find("gen_ai.client.token.usage")
				.tag("gen_ai.token.type", "input")
				.summary();
			org.assertj.core.api.Assertions.assertThat(input.count()).isEqualTo(2);
			org.assertj.core.api.Assertions.assertThat(input.totalAmount()).isEqualTo(130.0);
			Timer chatDurations = this.meterRegistry.find("gen_ai.client.operation.duration")
				.tag("gen_ai.operation.name", "chat")
				.timer();
			org.assertj.core.api.Assertions.assertThat(chatDurations.count()).isEqualTo(2);
			Timer toolDurations = this.meterRegistry.find("gen_ai.client.operation.duration")
				.tag("gen_ai.operation.name", "execute_tool")
				.timer();
			org.assertj.core.api.Assertions.assertThat(toolDurations.count()).isEqualTo(1);
		});
	}

	/**
	 * The run's span tree as agent-tracing's run log prints it.
	 * @param spans the spans of one run
	 * @return the tree
	 */
	static String tree(List<SpanData> spans) {
		List<RunTree> trees = new RunTreeAssembler(1000, Long.MAX_VALUE).add(spans);
		org.assertj.core.api.Assertions.assertThat(trees).hasSize(1);
		String tree = RunTreeFormatter.format(trees.get(0));
		System.out.println(tree);
		return tree;
	}

	/**
	 * The tree without its timings, which vary from run to run.
	 * @param tree the tree
	 * @return the tree's lines without durations
	 */
	static String shape(String tree) {
		return tree.replaceAll("  [0-9.]+ (ms|s|µs|ns)", "");
	}

	static List<String> names(List<SpanData> spans) {
		return spans.stream().map(SpanData::getName).toList();
	}

	static SpanData span(List<SpanData> spans, String name) {
		return spans.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + names(spans)));
	}

	private static OpenAiCompatibleServer newServer() {
		try {
			return new OpenAiCompatibleServer();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
