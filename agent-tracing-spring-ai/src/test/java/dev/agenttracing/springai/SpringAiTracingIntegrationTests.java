package dev.agenttracing.springai;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.springai.TravelApp.TravelAgent;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real {@code ChatClient} of Spring AI's OpenAI starter, over real HTTP, against an
 * OpenAI-compatible server on 127.0.0.1: the exact spans, their attribute types and
 * nesting, the meters, and the conventions' check.
 */
class SpringAiTracingIntegrationTests {

	private static final String SCOPE = GenAiAttributes.INSTRUMENTATION_SCOPE;

	private static ScriptedModelServer server;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() throws Exception {
		server = new ScriptedModelServer();
		context = new SpringApplicationBuilder(TravelApp.class).web(WebApplicationType.NONE)
			.properties(properties(server))
			.run();
	}

	static String[] properties(ScriptedModelServer server) {
		return new String[] { "spring.ai.model.chat=openai", "spring.ai.openai.base-url=" + server.baseUrl() + "/v1",
				"spring.ai.openai.api-key=test-key", "spring.ai.openai.chat.model=gpt-4o-mini",
				"spring.ai.openai.chat.temperature=0.2", "spring.ai.openai.chat.max-tokens=256",
				"spring.ai.openai.max-retries=0", "management.tracing.sampling.probability=1.0",
				"management.otlp.metrics.export.enabled=false", "agent.tracing.content.enabled=true",
				"agent.tracing.pricing.models.gpt-4o-mini.input-per-million=0.15",
				"agent.tracing.pricing.models.gpt-4o-mini.output-per-million=0.60" };
	}

	private static io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans() {
		return context.getBean(TravelApp.CapturedSpans.class).exporter();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void reset() {
		server.reset();
		spans().reset();
	}

	@Test
	void toolCallingTurnInAnAgentRunIsOneChatSpanPerModelCallAndOneToolSpan() {
		server.reply(OpenAiWire.toolCall("chatcmpl-1", "call_1", "get_weather", "{\"city\":\"Paris\"}", 50, 10, 20))
			.reply(OpenAiWire.text("chatcmpl-2", "Sunny in Paris.", 70, 5));

		assertThat(agent().plan("Weather in Paris?")).isEqualTo("Sunny in Paris.");

		List<SpanData> spans = spans().getFinishedSpanItems();
		String tree = SpanTree.render(spans);
		SpanData run = single(spans, "invoke_agent trip-planner");
		List<SpanData> chats = named(spans, "chat gpt-4o-mini");
		SpanData tool = single(spans, "execute_tool get_weather");
		assertThat(chats).as(tree).hasSize(2).allSatisfy((chat) -> {
			assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(chat.getInstrumentationScopeInfo().getName()).isEqualTo(SCOPE);
			assertThat(chat.getTraceId()).isEqualTo(run.getTraceId());
			assertThat(chat.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
			assertThat(chat.getAttributes().get(GenAiAttributes.REQUEST_MODEL)).isEqualTo("gpt-4o-mini");
			assertThat(chat.getAttributes().get(GenAiAttributes.RESPONSE_MODEL)).isEqualTo(OpenAiWire.RESPONSE_MODEL);
			assertThat(chat.getAttributes().get(GenAiAttributes.REQUEST_TEMPERATURE)).isEqualTo(0.2);
			assertThat(chat.getAttributes().get(GenAiAttributes.REQUEST_MAX_TOKENS)).isEqualTo(256L);
			assertThat(chat.getAttributes().get(GenAiAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
			assertThat(chat.getAttributes().get(GenAiAttributes.SERVER_PORT)).isEqualTo((long) server.port());
			// The HTTP call of the model client runs inside the chat span.
			SpanData http = childrenOf(spans, chat).get(0);
			assertThat(http.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(http.getName()).isEqualTo("POST");
		});
		SpanData first = chats.get(0);
		SpanData second = chats.get(1);
		assertThat(first.getAttributes().get(GenAiAttributes.RESPONSE_ID)).isEqualTo("chatcmpl-1");
		assertThat(first.getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS)).containsExactly("tool_calls");
		assertThat(first.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(50L);
		assertThat(first.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(10L);
		assertThat(first.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")))
			.isEqualTo(20L);
		assertThat(second.getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS)).containsExactly("stop");
		assertThat(second.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(70L);

		assertThat(tool.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(tool.getTraceId()).isEqualTo(run.getTraceId());
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("get_weather");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_DESCRIPTION)).isEqualTo("Current weather of a city");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_TYPE)).isEqualTo("function");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ID)).isEqualTo("call_1");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT)).isEqualTo("\"\\\"sunny in Paris\\\"\"");

		// Spring AI's ChatClient and advisor spans are kept, between the run and ours.
		SpanData chatClient = single(spans, "spring_ai chat_client");
		assertThat(chatClient.getParentSpanId()).isEqualTo(run.getSpanId());
		SpanData toolCalling = parentOf(spans, tool);
		assertThat(toolCalling.getParentSpanId()).isEqualTo(chatClient.getSpanId());
		assertThat(parentOf(spans, parentOf(spans, first))).isEqualTo(toolCalling);
		// No second span of Spring AI's for the same operations.
		assertThat(spans.stream().filter(operation("chat"))).as(tree).hasSize(2);
		assertThat(spans.stream().filter(operation("execute_tool"))).as(tree).hasSize(1);
		assertThat(spans).as(tree).hasSize(10);

		// The run sums every model call.
		assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(120L);
		assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(15L);
		assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")))
			.isEqualTo(20L);
		// Cost from the configured prices, per call and summed by the run.
		Double firstCost = first.getAttributes().get(GenAiAttributes.COST);
		Double secondCost = second.getAttributes().get(GenAiAttributes.COST);
		assertThat(firstCost).isPositive();
		assertThat(secondCost).isPositive();
		assertThat(run.getAttributes().get(GenAiAttributes.COST)).isCloseTo(firstCost + secondCost,
				org.assertj.core.api.Assertions.within(1e-12));
		SemconvCheck.assertNoFindings(ours(spans));
	}

	@Test
	void contentIsRecordedInThePartsShapeWithToolCallIds() {
		server.reply(OpenAiWire.toolCall("chatcmpl-1", "call_7", "get_weather", "{\"city\":\"Oslo\"}", 50, 10, 0))
			.reply(OpenAiWire.text("chatcmpl-2", "Cold in Oslo.", 70, 5));

		agent().ask("Weather in Oslo?");

		List<SpanData> chats = named(spans().getFinishedSpanItems(), "chat gpt-4o-mini");
		assertThat(chats.get(0).getAttributes().get(GenAiAttributes.SYSTEM_INSTRUCTIONS))
			.isEqualTo("[{\"type\":\"text\",\"content\":\"You plan trips.\"}]");
		assertThat(chats.get(0).getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
			.isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Oslo?\"}]}]");
		assertThat(chats.get(0).getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isEqualTo(
				"[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_7\",\"name\":\"get_weather\","
						+ "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}],\"finish_reason\":\"tool_call\"}]");
		assertThat(chats.get(1).getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).endsWith(
				"{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_7\",\"response\":\"\\\"sunny in Oslo\\\"\"}]}]");
		assertThat(chats.get(1).getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isEqualTo(
				"[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Cold in Oslo.\"}],\"finish_reason\":\"stop\"}]");
	}

	@Test
	void streamedTurnKeepsEveryChatAndToolSpanInTheRunsTraceAndCountsEveryCall() {
		CountDownLatch firstPieceSeen = new CountDownLatch(1);
		server.reply(OpenAiWire.streamToolCall("chatcmpl-3", "call_2", "get_weather", "{\"city\":\"Rome\"}", 40, 8))
			.reply(OpenAiWire.streamText("chatcmpl-4", List.of("Sunny ", "in Rome."), 60, 4, firstPieceSeen));

		List<String> pieces = agent().planStreaming("Weather in Rome?")
			.doOnNext((piece) -> firstPieceSeen.countDown())
			.collectList()
			.block();

		assertThat(String.join("", pieces)).isEqualTo("Sunny in Rome.");
		await().until(() -> spans().getFinishedSpanItems()
			.stream()
			.anyMatch((span) -> span.getName().equals("invoke_agent trip-streamer")));
		List<SpanData> spans = spans().getFinishedSpanItems();
		String tree = SpanTree.render(spans);
		SpanData run = single(spans, "invoke_agent trip-streamer");
		List<SpanData> chats = named(spans, "chat gpt-4o-mini");
		SpanData tool = single(spans, "execute_tool get_weather");
		assertThat(chats).as(tree).hasSize(2).allSatisfy((chat) -> {
			assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(chat.getTraceId()).isEqualTo(run.getTraceId());
			assertThat(chat.getAttributes().get(GenAiAttributes.REQUEST_STREAM)).isTrue();
			// Spring AI's stream advisor is the parent, under the ChatClient call of the
			// run.
			assertThat(parentOf(spans, chat).getName()).isEqualTo("stream");
		});
		assertThat(tool.getTraceId()).as(tree).isEqualTo(run.getTraceId());
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ID)).isEqualTo("call_2");
		assertThat(chats.get(0).getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS))
			.containsExactly("tool_calls");
		assertThat(chats.get(1).getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(60L);
		// The final round's first piece reached the caller while its model call was still
		// open.
		assertThat(chats.get(1).getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK)).isPositive();
		assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(100L);
		assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(12L);
		assertThat(server.requests()).allSatisfy((request) -> {
			assertThat(request.path("stream").asBoolean()).isTrue();
			assertThat(request.path("stream_options").path("include_usage").asBoolean()).isTrue();
		});
		// The README's limit, kept honest: the HTTP spans of streamed calls are
		// Micrometer's
		// OkHttp observation spans of Spring AI's SDK client, each the root of a trace of
		// its own
		// (the SDK sends the request from ForkJoinPool.commonPool()). When this fails,
		// Spring AI
		// or the SDK carry the context now: assert the spans under the chat spans, fix
		// the README.
		List<SpanData> http = named(spans, "POST");
		assertThat(http).as(tree).hasSize(2).allSatisfy((span) -> {
			assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("org.springframework.boot");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("target.host"))).isEqualTo("127.0.0.1");
			assertThat(span.getParentSpanContext().isValid()).isFalse();
			assertThat(span.getTraceId()).isNotEqualTo(run.getTraceId());
		});
		SemconvCheck.assertNoFindings(ours(spans));
	}

	@Test
	void throwingToolIsAnErrorWithItsOwnExceptionWhileTheModelStillGetsSpringAisMessage() {
		server.reply(OpenAiWire.toolCall("chatcmpl-5", "call_3", "get_weather", "{\"city\":\"Atlantis\"}", 30, 6, 0))
			.reply(OpenAiWire.text("chatcmpl-6", "No such city.", 40, 3));

		assertThat(agent().ask("Weather in Atlantis?")).isEqualTo("No such city.");

		SpanData tool = single(spans().getFinishedSpanItems(), "execute_tool get_weather");
		assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(tool.getAttributes().get(GenAiAttributes.ERROR_TYPE))
			.isEqualTo(TravelApp.CityNotFoundException.class.getName());
		JsonNode toolMessage = server.requests().get(1).path("messages").get(3);
		assertThat(toolMessage.path("role").asString()).isEqualTo("tool");
		assertThat(toolMessage.path("tool_call_id").asString()).isEqualTo("call_3");
		assertThat(toolMessage.path("content").asString()).isEqualTo("no such city: Atlantis");
	}

	@Test
	void methodWithSpringAisToolAndOursIsOneToolSpan() {
		server.reply(OpenAiWire.toolCall("chatcmpl-7", "call_4", "get_time", "{\"city\":\"Lima\"}", 30, 6, 0))
			.reply(OpenAiWire.text("chatcmpl-8", "Noon in Lima.", 40, 3));

		agent().ask("Time in Lima?");

		List<SpanData> spans = spans().getFinishedSpanItems();
		assertThat(spans.stream().filter(operation("execute_tool"))).as(SpanTree.render(spans))
			.singleElement()
			.satisfies(
					(tool) -> assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ID)).isEqualTo("call_4"));
	}

	@Test
	void chatModelCalledDirectlyInAnAgentRunInsideAnotherObservationNestsUnderTheRun() {
		server.reply(OpenAiWire.text("chatcmpl-14", "Hello.", 9, 2));
		ObservationRegistry registry = context.getBean(ObservationRegistry.class);

		// Like an HTTP server request observation around the controller that runs the
		// agent.
		String answer = Observation.createNotStarted("test.request", registry)
			.observe(() -> context.getBean(TravelApp.DirectAgent.class).ask("Hi"));

		assertThat(answer).isEqualTo("Hello.");
		List<SpanData> spans = spans().getFinishedSpanItems();
		SpanData run = single(spans, "invoke_agent direct");
		SpanData chat = single(spans, "chat gpt-4o-mini");
		assertThat(parentOf(spans, run).getName()).isEqualTo("test.request");
		assertThat(chat.getParentSpanId()).as(SpanTree.render(spans)).isEqualTo(run.getSpanId());
		assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(9L);
	}

	@Test
	void functionCallbackIsOneToolSpanWithTheModelsCallId() {
		server
			.reply(OpenAiWire.toolCall("chatcmpl-12", "call_6", "convert_currency",
					"{\"value\":10.0,\"currency\":\"USD\"}", 30, 6, 0))
			.reply(OpenAiWire.text("chatcmpl-13", "20 euros.", 40, 3));

		assertThat(agent().ask("10 USD in EUR?")).isEqualTo("20 euros.");

		List<SpanData> spans = spans().getFinishedSpanItems();
		SpanData tool = single(spans, "execute_tool convert_currency");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ID)).isEqualTo("call_6");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_DESCRIPTION)).isEqualTo("Converts an amount to euros");
		assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT)).isEqualTo("\"20.0\"");
		assertThat(spans.stream().filter(operation("execute_tool"))).hasSize(1);
	}

	@Test
	void conversationIdOfChatMemoryIsOnTheSpansOfThatCall() {
		server.reply(OpenAiWire.toolCall("chatcmpl-9", "call_5", "get_weather", "{\"city\":\"Kyiv\"}", 30, 6, 0))
			.reply(OpenAiWire.text("chatcmpl-10", "Mild in Kyiv.", 40, 3));

		agent().askInConversation("conversation-42", "Weather in Kyiv?");

		List<SpanData> spans = spans().getFinishedSpanItems();
		assertThat(spans.stream().filter(operation("chat").or(operation("execute_tool")))).as(SpanTree.render(spans))
			.hasSize(3)
			.allSatisfy((span) -> assertThat(span.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
				.isEqualTo("conversation-42"));
		// The model client's HTTP spans below the chat spans carry it too.
		assertThat(named(spans, "POST")).hasSize(2)
			.allSatisfy((span) -> assertThat(span.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
				.isEqualTo("conversation-42"));
	}

	@ParameterizedTest
	@CsvSource({ "400, invalid_request_error, com.openai.errors.BadRequestException",
			"429, rate_limit_exceeded, com.openai.errors.RateLimitException",
			"500, server_error, com.openai.errors.InternalServerException" })
	void failedModelCallIsAnErrorSpanWithTheClientsExceptionType(int status, String type, String errorType) {
		server.reply(OpenAiWire.error(status, type));

		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> agent().ask("Weather?"))
			.satisfies((ex) -> assertThat(ex.getClass().getName()).isEqualTo(errorType));

		assertThat(server.requests()).as("one attempt, retries off").hasSize(1);
		SpanData chat = single(spans().getFinishedSpanItems(), "chat gpt-4o-mini");
		assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(chat.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo(errorType);
		SemconvCheck.assertNoFindings(ours(spans().getFinishedSpanItems()));
	}

	@Test
	void tokenUsageMeterExistsOnceAsOurHistogramAndSpringAisOtherMetersStay() {
		server.reply(OpenAiWire.text("chatcmpl-11", "Hello.", 11, 2));
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		double inputsBefore = tokenSummary(registry, "input").map(DistributionSummary::totalAmount).orElse(0.0);

		agent().ask("Hi");

		java.util.Collection<Meter> tokenUsage = registry.find("gen_ai.client.token.usage").meters();
		assertThat(tokenUsage).isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter).isInstanceOf(DistributionSummary.class));
		assertThat(tokenUsage).noneMatch(Counter.class::isInstance);
		assertThat(tokenUsage).extracting((meter) -> meter.getId().getTag("gen_ai.token.type"))
			.containsOnly("input", "output");
		assertThat(tokenSummary(registry, "input").orElseThrow().totalAmount() - inputsBefore).isEqualTo(11.0);
		// Spring AI's own observation timer of chat model calls is kept.
		assertThat(registry.find("gen_ai.client.operation").timers()).isNotEmpty()
			.allSatisfy((timer) -> assertThat(timer).isInstanceOf(Timer.class));
	}

	private static java.util.Optional<DistributionSummary> tokenSummary(MeterRegistry registry, String type) {
		return registry.find("gen_ai.client.token.usage")
			.tag("gen_ai.token.type", type)
			.tag("gen_ai.response.model", OpenAiWire.RESPONSE_MODEL)
			.summaries()
			.stream()
			.findFirst();
	}

	private static TravelAgent agent() {
		return context.getBean(TravelAgent.class);
	}

	static Predicate<SpanData> operation(String name) {
		return (span) -> name.equals(span.getAttributes().get(GenAiAttributes.OPERATION_NAME));
	}

	static List<SpanData> ours(List<SpanData> spans) {
		return spans.stream().filter((span) -> SCOPE.equals(span.getInstrumentationScopeInfo().getName())).toList();
	}

	static List<SpanData> named(List<SpanData> spans, String name) {
		return spans.stream()
			.filter((span) -> span.getName().equals(name))
			.sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
			.toList();
	}

	static SpanData single(List<SpanData> spans, String name) {
		List<SpanData> matching = named(spans, name);
		assertThat(matching).as(SpanTree.render(spans)).hasSize(1);
		return matching.get(0);
	}

	static SpanData parentOf(List<SpanData> spans, SpanData span) {
		return spans.stream()
			.filter((candidate) -> candidate.getSpanId().equals(span.getParentSpanId()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no parent of " + span.getName() + "\n" + SpanTree.render(spans)));
	}

	static List<SpanData> childrenOf(List<SpanData> spans, SpanData span) {
		List<SpanData> children = spans.stream()
			.filter((candidate) -> Objects.equals(candidate.getParentSpanId(), span.getSpanId()))
			.toList();
		assertThat(children).as("children of %s\n%s", span.getName(), SpanTree.render(spans)).isNotEmpty();
		return children;
	}

}
