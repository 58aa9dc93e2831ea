package dev.agenttracing.langchain4j;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
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
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.langchain4j.autoconfigure.AgentTracingLangChain4jAutoConfiguration;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static dev.agenttracing.langchain4j.LangChain4jTracingTests.names;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.span;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * langchain4j-agentic: agents are AI services, traced with no code; a workflow of them
 * that carries the agent-tracing listener by hand as well is one run with its agents as
 * subagents (see {@link AgenticWorkflowTracingTests} for workflows with no code).
 *
 * @author agent-tracing
 */
class AgenticTracingTests {

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
	void agenticAgentIsAnAiServiceRun() {
		this.server.thenText("Once upon a time.");
		this.contextRunner.run((context) -> {
			Writer writer = AgenticServices.agentBuilder(Writer.class).chatModel(model()).outputKey("story").build();
			assertThat(writer.write("dragons")).isEqualTo("Once upon a time.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent Writer", "chat gpt-4o");
			assertThat(span(spans, "chat gpt-4o")).hasParent(span(spans, "invoke_agent Writer"));
		});
	}

	@Test
	void workflowWithTheListenerIsOneRunWithItsAgentsAsSubagents() {
		this.server.thenText("Once upon a time.").thenText("ONCE UPON A TIME.");
		this.contextRunner.run((context) -> {
			AgentTracer agentTracer = context.getBean(AgentTracer.class);
			ChatModel model = model();
			Writer writer = AgenticServices.agentBuilder(Writer.class).chatModel(model).outputKey("story").build();
			Editor editor = AgenticServices.agentBuilder(Editor.class).chatModel(model).outputKey("story").build();
			UntypedAgent workflow = AgenticServices.sequenceBuilder()
				.name("storyteller")
				.subAgents(writer, editor)
				.outputKey("story")
				.listener(AgentTracingAgentListener.of(agentTracer))
				.build();
			assertThat(workflow.invoke(Map.of("topic", "dragons"))).isEqualTo("ONCE UPON A TIME.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent storyteller", "invoke_agent Writer",
					"invoke_agent Editor", "chat gpt-4o", "chat gpt-4o");
			SpanData storyteller = span(spans, "invoke_agent storyteller");
			assertThat(storyteller).hasNoParent().hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 160L);
			assertThat(span(spans, "invoke_agent Writer")).hasParent(storyteller)
				.hasAttribute(GenAiAttributes.AGENT_NESTED, true);
			assertThat(span(spans, "invoke_agent Editor")).hasParent(storyteller)
				.hasAttribute(GenAiAttributes.AGENT_NESTED, true);
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

	public interface Writer {

		@UserMessage("Write a one-line story about {{topic}}.")
		@Agent(description = "Writes a story", outputKey = "story")
		String write(@V("topic") String topic);

	}

	public interface Editor {

		@UserMessage("Shout this story: {{story}}")
		@Agent(description = "Edits a story", outputKey = "story")
		String edit(@V("story") String story);

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
