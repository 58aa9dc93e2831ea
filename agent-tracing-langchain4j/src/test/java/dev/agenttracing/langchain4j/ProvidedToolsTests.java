package dev.agenttracing.langchain4j;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.langchain4j.autoconfigure.AgentTracingLangChain4jAutoConfiguration;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static dev.agenttracing.langchain4j.LangChain4jTracingTests.names;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.span;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * Tools that a {@code ToolProvider} supplies per call (as MCP clients and dynamic
 * providers do) are one {@code execute_tool} span per execution, like the service's own
 * tools.
 *
 * @author agent-tracing
 */
class ProvidedToolsTests {

	private static final ToolSpecification LOOKUP = ToolSpecification.builder()
		.name("lookup")
		.description("Looks up the weather of a city")
		.parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
		.build();

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final OpenAiCompatibleServer server = newServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentTracingAutoConfiguration.class,
				AgentTracingLangChain4jAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry);

	@AfterEach
	void close() {
		this.server.close();
		this.openTelemetry.close();
	}

	@Test
	void providedToolIsOneToolSpanOfTheRun() {
		this.server.thenToolCall("call_p", "lookup", "{\"city\":\"Oslo\"}").thenText("Oslo is sunny.");
		AtomicInteger executions = new AtomicInteger();
		this.contextRunner.run((context) -> {
			Weather weather = weather((request, memoryId) -> {
				executions.incrementAndGet();
				return "sunny";
			});
			assertThat(weather.ask("Oslo?")).isEqualTo("Oslo is sunny.");
			assertThat(executions).hasValue(1);
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent Weather", "chat gpt-4o",
					"execute_tool lookup", "chat gpt-4o");
			SpanData run = span(spans, "invoke_agent Weather");
			assertThat(span(spans, "execute_tool lookup")).hasParent(run)
				.hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_p")
				.hasAttribute(GenAiAttributes.TOOL_NAME, "lookup");
			assertThat(spans.stream().filter((span) -> span.getName().startsWith("chat ")))
				.allSatisfy((chat) -> assertThat(chat).hasParent(run));
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void throwingProvidedToolIsAnErrorWithItsOwnException() {
		this.server.thenToolCall("call_x", "lookup", "{\"city\":\"Atlantis\"}").thenText("No idea.");
		this.contextRunner.run((context) -> {
			Weather weather = weather((request, memoryId) -> {
				throw new UnknownCityException();
			});
			assertThat(weather.ask("Atlantis?")).isEqualTo("No idea.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent Weather", "chat gpt-4o",
					"execute_tool lookup", "chat gpt-4o");
			assertThat(span(spans, "execute_tool lookup")).hasParent(span(spans, "invoke_agent Weather"))
				.hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
				.hasAttribute(GenAiAttributes.ERROR_TYPE, UnknownCityException.class.getName());
			// LangChain4j's error handling went on as without tracing: the model saw the
			// error.
			assertThat(this.server.requests().get(1)).contains("call_x");
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void providedAndOwnToolsInOneTurnAreOneSpanEach() {
		this.server.thenToolCalls("call_a", "lookup", "{\"city\":\"Oslo\"}", "call_b", "today", "{}")
			.thenText("Sunny today.");
		this.contextRunner.run((context) -> {
			Weather weather = AiServices.builder(Weather.class)
				.chatModel(model())
				.tools(new Calendar())
				.toolProvider((request) -> ToolProviderResult.builder()
					.add(LOOKUP, (toolRequest, memoryId) -> "sunny")
					.build())
				.build();
			assertThat(weather.ask("Oslo today?")).isEqualTo("Sunny today.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent Weather", "chat gpt-4o",
					"execute_tool lookup", "execute_tool today", "chat gpt-4o");
			SpanData run = span(spans, "invoke_agent Weather");
			assertThat(span(spans, "execute_tool lookup")).hasParent(run)
				.hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_a");
			assertThat(span(spans, "execute_tool today")).hasParent(run)
				.hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_b");
			SemconvCheck.assertNoFindings(spans);
		});
	}

	private ChatModel model() {
		return OpenAiChatModel.builder()
			.baseUrl(this.server.baseUrl())
			.apiKey("test-key")
			.modelName("gpt-4o")
			.maxRetries(0)
			.build();
	}

	private Weather weather(ToolExecutor executor) {
		return AiServices.builder(Weather.class)
			.chatModel(model())
			.toolProvider((request) -> ToolProviderResult.builder().add(LOOKUP, executor).build())
			.build();
	}

	public interface Weather {

		String ask(String question);

	}

	static class Calendar {

		@dev.langchain4j.agent.tool.Tool("Today's date")
		public String today() {
			return "2026-12-04";
		}

	}

	static class UnknownCityException extends RuntimeException {

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
