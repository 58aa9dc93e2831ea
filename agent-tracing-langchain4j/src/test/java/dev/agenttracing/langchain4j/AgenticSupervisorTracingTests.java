package dev.agenttracing.langchain4j;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.planner.Action;
import dev.langchain4j.agentic.planner.AgentInstance;
import dev.langchain4j.agentic.planner.InitPlanningContext;
import dev.langchain4j.agentic.planner.Planner;
import dev.langchain4j.agentic.planner.PlanningContext;
import dev.langchain4j.agentic.supervisor.SupervisorAgent;
import dev.langchain4j.agentic.supervisor.SupervisorResponseStrategy;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.agenttracing.AgentTracer;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.langchain4j.autoconfigure.AgentTracingLangChain4jAutoConfiguration;
import dev.agenttracing.langchain4j.internal.AgenticRootAgents;
import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.testsupport.SemconvCheck;

import static dev.agenttracing.langchain4j.LangChain4jTracingTests.names;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.shape;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.span;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.tree;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * A supervisor or planner-based agent declared as a bean is one run with its planner's
 * and agents' runs as subagents with no code, although langchain4j-agentic builds it
 * without an extension point ({@link AgenticRootAgents}). These tests fail when
 * langchain4j-agentic stops handing listeners to a built agent through
 * {@code registerInheritedParentListener}.
 *
 * @author agent-tracing
 */
class AgenticSupervisorTracingTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final OpenAiCompatibleServer server = newServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AgentTracingAutoConfiguration.class,
				AgentTracingLangChain4jAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry)
		.withPropertyValues("test.base-url=" + this.server.baseUrl());

	@AfterEach
	void close() {
		this.server.close();
		this.openTelemetry.close();
	}

	@Test
	void supervisorBeanIsOneRunWithItsPlannerAndAgentsAsSubagents() {
		this.server.thenText("{\"agentName\":\"write\",\"arguments\":{\"topic\":\"dragons\"}}")
			.thenToolCall("call_1", "dragonFact", "{\"kind\":\"red\"}")
			.thenText("Once upon a time.")
			.thenText("{\"agentName\":\"done\",\"arguments\":{\"response\":\"Once upon a time.\"}}");
		this.contextRunner.withUserConfiguration(SupervisorApp.class).run((context) -> {
			SupervisorAgent supervisor = context.getBean(SupervisorAgent.class);
			assertThat(supervisor.invoke("Write a story about dragons")).isEqualTo("Once upon a time.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent editorInChief",
					"invoke_agent PlannerAgent", "chat gpt-4o", "invoke_agent Writer", "chat gpt-4o",
					"execute_tool dragonFact", "chat gpt-4o", "invoke_agent PlannerAgent", "chat gpt-4o");
			SpanData editorInChief = span(spans, "invoke_agent editorInChief");
			assertThat(editorInChief).hasNoParent()
				.hasAttribute(GenAiAttributes.AGENT_NAME, "editorInChief")
				.hasAttribute(GenAiAttributes.AGENT_NESTED, false);
			List<SpanData> subagents = spans.stream()
				.filter((span) -> span.getName().startsWith("invoke_agent ") && span != editorInChief)
				.toList();
			assertThat(subagents).hasSize(3)
				.allSatisfy((run) -> assertThat(run).hasParent(editorInChief)
					.hasAttribute(GenAiAttributes.AGENT_NESTED, true));
			SpanData writer = span(spans, "invoke_agent Writer");
			assertThat(span(spans, "execute_tool dragonFact")).hasParent(writer)
				.hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_1");
			assertThat(spans).allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(editorInChief.getTraceId()));
			assertThat(shape(tree(spans))).isEqualTo("""
					invoke_agent editorInChief  tokens 290 in / 46 out
					  invoke_agent PlannerAgent  tokens 80 in / 12 out
					    chat gpt-4o  tokens 80 in / 12 out
					  invoke_agent Writer  tokens 130 in / 22 out
					    chat gpt-4o  tokens 50 in / 10 out
					    execute_tool dragonFact
					    chat gpt-4o  tokens 80 in / 12 out
					  invoke_agent PlannerAgent  tokens 80 in / 12 out
					    chat gpt-4o  tokens 80 in / 12 out""");
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void plannerBasedBeanIsOneRunWithItsAgentsAsSubagents() {
		this.server.thenText("Once upon a time.");
		this.contextRunner.withUserConfiguration(PlannerApp.class).run((context) -> {
			UntypedAgent agent = context.getBean(UntypedAgent.class);
			assertThat(agent.invoke(Map.of("topic", "dragons"))).isEqualTo("Once upon a time.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent storyteller", "invoke_agent Writer",
					"chat gpt-4o");
			SpanData storyteller = span(spans, "invoke_agent storyteller");
			assertThat(storyteller).hasNoParent();
			assertThat(span(spans, "invoke_agent Writer")).hasParent(storyteller)
				.hasAttribute(GenAiAttributes.AGENT_NESTED, true);
			assertThat(shape(tree(spans))).isEqualTo("""
					invoke_agent storyteller  tokens 80 in / 12 out
					  invoke_agent Writer  tokens 80 in / 12 out
					    chat gpt-4o  tokens 80 in / 12 out""");
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void declarativeSupervisorBeanIsOneRunWithItsPlannerAndAgentsAsSubagents() {
		this.server.thenText("{\"agentName\":\"write\",\"arguments\":{\"topic\":\"dragons\"}}")
			.thenText("Once upon a time.")
			.thenText("{\"agentName\":\"done\",\"arguments\":{\"response\":\"Once upon a time.\"}}");
		this.contextRunner
			.withBean(StoryBoss.class, () -> AgenticServices.createAgenticSystem(StoryBoss.class, model()))
			.run((context) -> {
				assertThat(context.getBean(StoryBoss.class).run("Write a story about dragons"))
					.isEqualTo("Once upon a time.");
				List<SpanData> spans = this.exporter.getFinishedSpanItems();
				assertThat(span(spans, "invoke_agent storyBoss")).hasNoParent();
				assertThat(shape(tree(spans))).isEqualTo("""
						invoke_agent storyBoss  tokens 240 in / 36 out
						  invoke_agent PlannerAgent  tokens 80 in / 12 out
						    chat gpt-4o  tokens 80 in / 12 out
						  invoke_agent Writer  tokens 80 in / 12 out
						    chat gpt-4o  tokens 80 in / 12 out
						  invoke_agent PlannerAgent  tokens 80 in / 12 out
						    chat gpt-4o  tokens 80 in / 12 out""");
				SemconvCheck.assertNoFindings(spans);
			});
	}

	@Test
	void supervisorBeanWithTheListenerByHandTooTracesEachInvocationOnce() {
		this.server.thenText("{\"agentName\":\"write\",\"arguments\":{\"topic\":\"dragons\"}}")
			.thenToolCall("call_1", "dragonFact", "{\"kind\":\"red\"}")
			.thenText("Once upon a time.")
			.thenText("{\"agentName\":\"done\",\"arguments\":{\"response\":\"Once upon a time.\"}}");
		this.contextRunner.withUserConfiguration(SupervisorApp.class)
			.withPropertyValues("test.listener-by-hand=true")
			.run((context) -> {
				context.getBean(SupervisorAgent.class).invoke("Write a story about dragons");
				List<SpanData> spans = this.exporter.getFinishedSpanItems();
				assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent editorInChief",
						"invoke_agent PlannerAgent", "chat gpt-4o", "invoke_agent Writer", "chat gpt-4o",
						"execute_tool dragonFact", "chat gpt-4o", "invoke_agent PlannerAgent", "chat gpt-4o");
				SpanData editorInChief = span(spans, "invoke_agent editorInChief");
				assertThat(editorInChief).hasNoParent();
				assertThat(spans.stream().filter((span) -> span.getName().startsWith("invoke_agent ")))
					.filteredOn((span) -> span != editorInChief)
					.hasSize(3)
					.allSatisfy((run) -> assertThat(run).hasParent(editorInChief));
			});
	}

	@Test
	void supervisorBeanInsideAWorkflowBeanIsOneRunInsideTheWorkflowsRun() {
		this.server.thenText("{\"agentName\":\"write\",\"arguments\":{\"topic\":\"dragons\"}}")
			.thenToolCall("call_1", "dragonFact", "{\"kind\":\"red\"}")
			.thenText("Once upon a time.")
			.thenText("{\"agentName\":\"done\",\"arguments\":{\"response\":\"Once upon a time.\"}}");
		this.contextRunner.withUserConfiguration(SupervisorApp.class, BookApp.class).run((context) -> {
			context.getBean(UntypedAgent.class).invoke(Map.of("request", "Write a story about dragons"));
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(shape(tree(spans))).isEqualTo("""
					invoke_agent book  tokens 290 in / 46 out
					  invoke_agent editorInChief  tokens 290 in / 46 out
					    invoke_agent PlannerAgent  tokens 80 in / 12 out
					      chat gpt-4o  tokens 80 in / 12 out
					    invoke_agent Writer  tokens 130 in / 22 out
					      chat gpt-4o  tokens 50 in / 10 out
					      execute_tool dragonFact
					      chat gpt-4o  tokens 80 in / 12 out
					    invoke_agent PlannerAgent  tokens 80 in / 12 out
					      chat gpt-4o  tokens 80 in / 12 out""");
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void workflowBeanKeepsTheOneListenerItsBuilderGave() {
		this.server.thenText("Once upon a time.");
		this.contextRunner.withBean(ChatModel.class, this::model)
			.withBean(UntypedAgent.class, () -> AgenticServices.sequenceBuilder()
				.name("storyteller")
				.subAgents(AgenticServices.agentBuilder(Writer.class).chatModel(model()).outputKey("story").build())
				.outputKey("story")
				.build())
			.run((context) -> {
				UntypedAgent workflow = context.getBean(UntypedAgent.class);
				assertThat(AgenticRootAgents.trace(workflow)).isFalse();
				workflow.invoke(Map.of("topic", "dragons"));
				assertThat(names(this.exporter.getFinishedSpanItems()))
					.containsExactlyInAnyOrder("invoke_agent storyteller", "invoke_agent Writer", "chat gpt-4o");
			});
	}

	@Test
	void leafAgentsAndOtherObjectsAreLeftAlone() {
		Writer writer = AgenticServices.agentBuilder(Writer.class).chatModel(model()).outputKey("story").build();
		assertThat(AgenticRootAgents.trace(writer)).isFalse();
		assertThat(AgenticRootAgents.trace("not an agent")).isFalse();
	}

	@Test
	void withTracingOffSupervisorBeansAreUntouched() {
		this.server.thenText("{\"agentName\":\"write\",\"arguments\":{\"topic\":\"dragons\"}}")
			.thenToolCall("call_1", "dragonFact", "{\"kind\":\"red\"}")
			.thenText("Once upon a time.")
			.thenText("{\"agentName\":\"done\",\"arguments\":{\"response\":\"Once upon a time.\"}}");
		this.contextRunner.withUserConfiguration(SupervisorApp.class)
			.withPropertyValues("agent.tracing.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(SupervisorAgent.class).invoke("Write a story about dragons"))
					.isEqualTo("Once upon a time.");
				assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			});
	}

	private ChatModel model() {
		return model(this.server.baseUrl());
	}

	static ChatModel model(String baseUrl) {
		return OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("test-key").modelName("gpt-4o").maxRetries(0).build();
	}

	private static OpenAiCompatibleServer newServer() {
		try {
			return new OpenAiCompatibleServer();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A supervisor with a writer that uses a tool, declared as beans the normal way.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SupervisorApp {

		@Bean
		ChatModel chatModel(@Value("${test.base-url}") String baseUrl) {
			return model(baseUrl);
		}

		@Bean
		Writer writer(ChatModel chatModel) {
			return AgenticServices.agentBuilder(Writer.class)
				.chatModel(chatModel)
				.tools(new DragonTools())
				.outputKey("story")
				.build();
		}

		@Bean
		SupervisorAgent supervisor(ChatModel chatModel, Writer writer, ObjectProvider<AgentTracer> agentTracer,
				@Value("${test.listener-by-hand:false}") boolean listenerByHand) {
			var builder = AgenticServices.supervisorBuilder()
				.name("editorInChief")
				.chatModel(chatModel)
				.subAgents(writer)
				.responseStrategy(SupervisorResponseStrategy.LAST);
			if (listenerByHand) {
				builder.listener(AgentTracingAgentListener.of(agentTracer.getObject()));
			}
			return builder.build();
		}

	}

	/**
	 * A workflow whose one agent is the supervisor bean.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BookApp {

		@Bean
		UntypedAgent book(SupervisorAgent supervisor) {
			return AgenticServices.sequenceBuilder().name("book").subAgents(supervisor).build();
		}

	}

	/**
	 * A planner-based agent whose planner calls each agent once, declared as a bean.
	 */
	@Configuration(proxyBeanMethods = false)
	static class PlannerApp {

		@Bean
		UntypedAgent storyteller(@Value("${test.base-url}") String baseUrl) {
			Writer writer = AgenticServices.agentBuilder(Writer.class)
				.chatModel(model(baseUrl))
				.outputKey("story")
				.build();
			return AgenticServices.plannerBuilder()
				.name("storyteller")
				.subAgents(writer)
				.planner(EachOnce::new)
				.outputKey("story")
				.build();
		}

	}

	static final class EachOnce implements Planner {

		private List<AgentInstance> agents = List.of();

		@Override
		public void init(InitPlanningContext initPlanningContext) {
			this.agents = initPlanningContext.subagents();
		}

		@Override
		public Action firstAction(PlanningContext planningContext) {
			return call(this.agents);
		}

		@Override
		public Action nextAction(PlanningContext planningContext) {
			return done();
		}

	}

	public interface StoryBoss {

		@dev.langchain4j.agentic.declarative.SupervisorAgent(name = "storyBoss", subAgents = Writer.class,
				responseStrategy = SupervisorResponseStrategy.LAST)
		String run(@V("request") String request);

	}

	public interface Writer {

		@UserMessage("Write a one-line story about {{topic}}.")
		@Agent(description = "Writes a story")
		String write(@V("topic") String topic);

	}

	public static class DragonTools {

		@dev.langchain4j.agent.tool.Tool("A fact about a kind of dragon")
		public String dragonFact(String kind) {
			return "A " + kind + " dragon breathes fire.";
		}

	}

}
