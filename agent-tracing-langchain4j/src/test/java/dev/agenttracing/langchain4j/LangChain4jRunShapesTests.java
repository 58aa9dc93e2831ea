package dev.agenttracing.langchain4j;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.langchain4j.LangChain4jApp.Assistant;
import dev.agenttracing.langchain4j.LangChain4jApp.StreamingAssistant;
import dev.agenttracing.langchain4j.TripPlannerApp.Planner;
import dev.agenttracing.langchain4j.autoconfigure.AgentTracingLangChain4jAutoConfiguration;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static dev.agenttracing.langchain4j.LangChain4jTracingTests.names;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.shape;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.span;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.tree;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subagents, streamed tool turns, recorded content and models the application calls
 * itself.
 *
 * @author agent-tracing
 */
class LangChain4jRunShapesTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final OpenAiCompatibleServer server = newServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, AgentTracingAutoConfiguration.class,
				AgentTracingLangChain4jAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry)
		.withUserConfiguration(LangChain4jApp.class, TripPlannerApp.class)
		.withPropertyValues("test.base-url=" + this.server.baseUrl());

	@AfterEach
	void close() {
		this.server.close();
		this.openTelemetry.close();
	}

	@Test
	void aiServiceCalledByAToolIsASubagentOfTheToolsRun() {
		this.server.thenToolCall("call_g", "askGuide", "{\"city\":\"Paris\"}")
			.thenText("See the Louvre.")
			.thenText("Go to the Louvre.");
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Planner.class).plan("Paris?")).isEqualTo("Go to the Louvre.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent Planner", "chat gpt-4o", "chat gpt-4o",
					"execute_tool askGuide", "invoke_agent LocalGuide", "chat gpt-4o");
			SpanData planner = span(spans, "invoke_agent Planner");
			SpanData tool = span(spans, "execute_tool askGuide");
			SpanData guide = span(spans, "invoke_agent LocalGuide");
			assertThat(planner).hasNoParent().hasAttribute(GenAiAttributes.AGENT_NESTED, false);
			assertThat(tool).hasParent(planner);
			assertThat(guide).hasParent(tool).hasAttribute(GenAiAttributes.AGENT_NESTED, true);
			assertThat(spans.stream().filter((span) -> span.getParentSpanId().equals(guide.getSpanId())).toList())
				.singleElement()
				.satisfies((chat) -> assertThat(chat).hasName("chat gpt-4o").hasKind(SpanKind.CLIENT));
			// The subagent's usage is part of the run's.
			assertThat(planner).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 210L);
			assertThat(shape(tree(spans))).isEqualTo("""
					invoke_agent Planner  tokens 210 in / 34 out
					  chat gpt-4o  tokens 50 in / 10 out
					  execute_tool askGuide
					    invoke_agent LocalGuide  tokens 80 in / 12 out
					      chat gpt-4o  tokens 80 in / 12 out
					  chat gpt-4o  tokens 80 in / 12 out""");
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void streamedToolTurnKeepsToolAndNextChatInTheRunsTrace() {
		this.server.thenStreamedToolCall("call_s", "weather", "{\"city\":\"Rome\"}").thenStream("Rome ", "is sunny");
		this.contextRunner.run((context) -> {
			CompletableFuture<ChatResponse> done = new CompletableFuture<>();
			context.getBean(StreamingAssistant.class).chat("Rome?").onPartialResponse((text) -> {
			}).onCompleteResponse(done::complete).onError(done::completeExceptionally).start();
			assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Rome is sunny");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.exporter.getFinishedSpanItems().size() == 4);
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent StreamingAssistant", "chat gpt-4o-mini",
					"chat gpt-4o-mini", "execute_tool weather");
			SpanData agent = span(spans, "invoke_agent StreamingAssistant");
			for (SpanData span : spans) {
				if (span != agent) {
					assertThat(span).hasParent(agent);
				}
			}
			assertThat(span(spans, "execute_tool weather")).hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_s");
			assertThat(agent).hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 70L);
			assertThat(shape(tree(spans).replaceAll("  first chunk [0-9.]+ (ms|s|µs)", ""))).isEqualTo("""
					invoke_agent StreamingAssistant  tokens 70 in / 16 out
					  chat gpt-4o-mini  tokens 40 in / 9 out
					  execute_tool weather
					  chat gpt-4o-mini  tokens 30 in / 7 out""");
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void toolsLangChain4jRunsConcurrentlyOnItsExecutorAreChildrenOfTheRun() {
		this.server
			.thenToolCalls("call_a", "weather", "{\"city\":\"Oslo\"}", "call_b", "localTime", "{\"city\":\"Oslo\"}")
			.thenText("Oslo: sunny at 14:05.");
		this.contextRunner.run((context) -> {
			ExecutorService executor = Executors.newFixedThreadPool(2);
			try {
				Greeter greeter = AiServices.builder(Greeter.class)
					.chatModel(context.getBean(ChatModel.class))
					.tools(context.getBean(LangChain4jApp.WeatherTools.class),
							context.getBean(LangChain4jApp.ClockTools.class))
					.executeToolsConcurrently(executor)
					.build();
				assertThat(greeter.greet("Oslo?")).isEqualTo("Oslo: sunny at 14:05.");
			}
			finally {
				executor.shutdownNow();
			}
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent Greeter", "chat gpt-4o", "chat gpt-4o",
					"execute_tool weather", "execute_tool localTime");
			SpanData agent = span(spans, "invoke_agent Greeter");
			assertThat(span(spans, "execute_tool weather")).hasParent(agent)
				.hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_a");
			assertThat(span(spans, "execute_tool localTime")).hasParent(agent)
				.hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_b");
		});
	}

	@Test
	void contentIsRecordedOnlyWhenAskedForAndRedacted() {
		this.server.thenToolCall("call_1", "weather", "{\"city\":\"Paris\"}").thenText("Paris is sunny.");
		this.contextRunner.withPropertyValues("agent.tracing.content.enabled=true").run((context) -> {
			context.getBean(Assistant.class).chat("conv-5", "Weather in Paris? Mail me at jane.doe@example.com");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			SpanData agent = span(spans, "invoke_agent Assistant");
			assertThat(agent.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).contains("[REDACTED:email]")
				.doesNotContain("jane.doe@example.com");
			assertThat(agent.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).contains("Paris is sunny.");
			List<SpanData> chats = spans.stream().filter((span) -> span.getName().equals("chat gpt-4o")).toList();
			assertThat(chats.get(0).getAttributes().get(GenAiAttributes.SYSTEM_INSTRUCTIONS))
				.isEqualTo("[{\"type\":\"text\",\"content\":\"You plan trips.\"}]");
			assertThat(chats.get(0).getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isEqualTo(
					"[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"weather\","
							+ "\"arguments\":{\"city\":\"Paris\"}}],\"finish_reason\":\"tool_calls\"}]");
			assertThat(chats.get(1).getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
				.contains("{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\"")
				.contains("{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\","
						+ "\"response\":\"Paris: sunny, 21°C\"}]}")
				.doesNotContain("jane.doe@example.com");
			SpanData tool = span(spans, "execute_tool weather");
			assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).isEqualTo("{\"city\":\"Paris\"}");
			assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT)).isEqualTo("\"Paris: sunny, 21°C\"");
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void contentIsNotRecordedByDefault() {
		this.server.thenToolCall("call_1", "weather", "{\"city\":\"Paris\"}").thenText("Paris is sunny.");
		this.contextRunner.run((context) -> {
			context.getBean(Assistant.class).chat("conv-6", "Weather in Paris?");
			for (SpanData span : this.exporter.getFinishedSpanItems()) {
				assertThat(span.getAttributes().asMap().keySet()).noneMatch(
						(key) -> key.getKey().endsWith("messages") || key.getKey().startsWith("gen_ai.tool.call.a")
								|| key.getKey().startsWith("gen_ai.tool.call.r")
								|| key.getKey().equals("gen_ai.system_instructions"));
			}
		});
	}

	@Test
	void modelBuiltByHandIsTracedWithOneListenerAndOnceInsideAnAiService() {
		this.server.thenText("Hello.").thenText("Hello again.");
		this.contextRunner.run((context) -> {
			ChatModel model = OpenAiChatModel.builder()
				.baseUrl(this.server.baseUrl())
				.apiKey("test-key")
				.modelName("gpt-4.1")
				.listeners(List.of(context.getBean(AgentTracingChatModelListener.class)))
				.build();
			assertThat(model.chat("Hi")).isEqualTo("Hello.");
			List<SpanData> direct = this.exporter.getFinishedSpanItems();
			assertThat(names(direct)).containsExactly("chat gpt-4.1");
			assertThat(direct.get(0)).hasNoParent()
				.hasKind(SpanKind.CLIENT)
				.hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
				.hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
				.hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 12L);
			this.exporter.reset();
			Greeter greeter = AiServices.create(Greeter.class, model);
			assertThat(greeter.greet("Hi again")).isEqualTo("Hello again.");
			List<SpanData> inService = this.exporter.getFinishedSpanItems();
			assertThat(names(inService)).containsExactlyInAnyOrder("invoke_agent Greeter", "chat gpt-4.1");
			SemconvCheck.assertNoFindings(direct);
		});
	}

	interface Greeter {

		String greet(String message);

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
