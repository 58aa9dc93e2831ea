package dev.agenttracing.langchain4j;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.langchain4j.autoconfigure.AgentTracingLangChain4jAutoConfiguration;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static dev.agenttracing.langchain4j.LangChain4jTracingTests.names;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * The agent name of an AI service's runs: configured by interface, else
 * {@code @AgentRun(name)} on the method or the interface, else langchain4j-agentic's
 * {@code @Agent(name)}, else the interface's simple name.
 *
 * @author agent-tracing
 */
class AgentNamingTests {

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
		.withBean(ChatModel.class, this::model)
		.withUserConfiguration(NamedAgents.class);

	@AfterEach
	void close() {
		this.server.close();
		this.openTelemetry.close();
	}

	@Test
	void agentRunNameOnTheInterfaceNamesTheRunsOfASpringBean() {
		this.server.thenText("Hi.");
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Greeter.class).greet("Ann")).isEqualTo("Hi.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			// One run: agent-tracing's own @AgentRun advice leaves the AI service's proxy
			// alone.
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent greeter", "chat gpt-4o");
			assertThat(spans.get(1)).hasAttribute(GenAiAttributes.AGENT_NAME, "greeter");
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void agentRunNameOnTheMethodWinsOverTheInterfaces() {
		this.server.thenText("Bye.");
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Greeter.class).farewell("Ann")).isEqualTo("Bye.");
			assertThat(names(this.exporter.getFinishedSpanItems())).containsExactlyInAnyOrder("invoke_agent farewells",
					"chat gpt-4o");
		});
	}

	@Test
	void configuredNameWinsOverTheAnnotations() {
		this.server.thenText("Hi.").thenText("Hi.");
		this.contextRunner.withPropertyValues(
				"agent.tracing.langchain4j.agent-names.dev.agenttracing.langchain4j.AgentNamingTests.Greeter=concierge",
				"agent.tracing.langchain4j.agent-names.dev.agenttracing.langchain4j.AgentNamingTests.Plain=assistant")
			.run((context) -> {
				context.getBean(Greeter.class).greet("Ann");
				AiServices.create(Plain.class, context.getBean(ChatModel.class)).chat("Hello");
				assertThat(names(this.exporter.getFinishedSpanItems())).containsExactlyInAnyOrder(
						"invoke_agent concierge", "chat gpt-4o", "invoke_agent assistant", "chat gpt-4o");
			});
	}

	@Test
	void unnamedInterfaceUsesItsSimpleName() {
		this.server.thenText("Hi.");
		this.contextRunner.run((context) -> {
			AiServices.create(Plain.class, context.getBean(ChatModel.class)).chat("Hello");
			assertThat(names(this.exporter.getFinishedSpanItems())).containsExactlyInAnyOrder("invoke_agent Plain",
					"chat gpt-4o");
		});
	}

	@Test
	void agenticAgentNameNamesItsRuns() {
		this.server.thenText("Once upon a time.");
		this.contextRunner.run((context) -> {
			NamedWriter writer = AgenticServices.agentBuilder(NamedWriter.class)
				.chatModel(context.getBean(ChatModel.class))
				.outputKey("story")
				.build();
			writer.write("dragons");
			assertThat(names(this.exporter.getFinishedSpanItems()))
				.containsExactlyInAnyOrder("invoke_agent storyWriter", "chat gpt-4o");
		});
	}

	@Test
	void agentNamesHaveConfigurationMetadata() throws Exception {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).isNotNull();
			String json = new String(metadata.readAllBytes(), StandardCharsets.UTF_8);
			assertThat(json).contains("\"name\": \"agent.tracing.langchain4j.agent-names\"")
				.contains("\"name\": \"agent.tracing.langchain4j.enabled\"");
		}
	}

	private ChatModel model() {
		return OpenAiChatModel.builder()
			.baseUrl(this.server.baseUrl())
			.apiKey("test-key")
			.modelName("gpt-4o")
			.maxRetries(0)
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class NamedAgents {

		@Bean
		Greeter greeter(ChatModel chatModel) {
			return AiServices.create(Greeter.class, chatModel);
		}

	}

	@AgentRun(name = "greeter")
	public interface Greeter {

		String greet(String name);

		@AgentRun(name = "farewells")
		String farewell(String name);

	}

	public interface Plain {

		String chat(String message);

	}

	public interface NamedWriter {

		@UserMessage("Write a one-line story about {{topic}}.")
		@Agent(name = "storyWriter", description = "Writes a story")
		String write(@V("topic") String topic);

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
