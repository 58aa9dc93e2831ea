package dev.agenttracing.langchain4j;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.supervisor.SupervisorAgent;
import dev.langchain4j.agentic.supervisor.SupervisorResponseStrategy;
import dev.langchain4j.agentic.workflow.WorkflowAgentsBuilder;
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
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.shape;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.span;
import static dev.agenttracing.langchain4j.LangChain4jTracingTests.tree;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

/**
 * langchain4j-agentic workflows built with {@code AgenticServices}' builders are one run
 * with their agents as subagents with no code ({@link TracingWorkflowAgentsBuilder}),
 * also when a parallel workflow runs its agents on other threads. These tests fail when
 * langchain4j-agentic stops loading its workflow builders through {@code ServiceLoader}.
 *
 * @author agent-tracing
 */
class AgenticWorkflowTracingTests {

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
	void langChain4jLoadsOurWorkflowBuilderFirst() {
		assertThat(ServiceLoader.load(WorkflowAgentsBuilder.class).findFirst())
			.containsInstanceOf(TracingWorkflowAgentsBuilder.class);
	}

	@Test
	void sequenceIsOneRunWithNoCode() {
		this.server.thenText("Once upon a time.").thenText("ONCE UPON A TIME.");
		this.contextRunner.run((context) -> {
			UntypedAgent workflow = AgenticServices.sequenceBuilder()
				.name("storyteller")
				.subAgents(writer(), editor())
				.outputKey("story")
				.build();
			assertThat(workflow.invoke(Map.of("topic", "dragons"))).isEqualTo("ONCE UPON A TIME.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent storyteller", "invoke_agent Writer",
					"invoke_agent Editor", "chat gpt-4o", "chat gpt-4o");
			SpanData storyteller = span(spans, "invoke_agent storyteller");
			assertThat(storyteller).hasNoParent();
			assertAgentsAreSubagentsOf(spans, storyteller, 2);
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void parallelAgentsOnOtherThreadsAreSubagentsOfTheWorkflow() {
		this.server.thenText("A story.").thenText("A story.");
		ExecutorService executor = Executors.newFixedThreadPool(2);
		AtomicInteger tasks = new AtomicInteger();
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		try {
			this.contextRunner.run((context) -> {
				UntypedAgent workflow = AgenticServices.parallelBuilder()
					.name("drafts")
					.subAgents(writer("first"), writer("second"))
					.executor((task) -> {
						tasks.incrementAndGet();
						executor.execute(() -> {
							threads.add(Thread.currentThread());
							task.run();
						});
					})
					.output((scope) -> scope.readState("first") + " " + scope.readState("second"))
					.build();
				assertThat(workflow.invoke(Map.of("topic", "dragons"))).isEqualTo("A story. A story.");
				assertThat(tasks).hasValue(2);
				assertThat(threads).isNotEmpty().doesNotContain(Thread.currentThread());
				List<SpanData> spans = this.exporter.getFinishedSpanItems();
				assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent drafts", "invoke_agent Writer",
						"invoke_agent Writer", "chat gpt-4o", "chat gpt-4o");
				SpanData drafts = span(spans, "invoke_agent drafts");
				assertThat(drafts).hasNoParent().hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 160L);
				assertAgentsAreSubagentsOf(spans, drafts, 2);
				SemconvCheck.assertNoFindings(spans);
			});
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void loopIsOneRunWithEachIterationsAgentAsSubagent() {
		this.server.thenText("Once.").thenText("ONCE.");
		this.contextRunner.run((context) -> {
			UntypedAgent workflow = AgenticServices.loopBuilder()
				.name("polisher")
				.subAgents(editor())
				.maxIterations(2)
				.output((scope) -> scope.readState("story"))
				.build();
			assertThat(workflow.invoke(Map.of("story", "once"))).isEqualTo("ONCE.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent polisher", "invoke_agent Editor",
					"invoke_agent Editor", "chat gpt-4o", "chat gpt-4o");
			assertAgentsAreSubagentsOf(spans, span(spans, "invoke_agent polisher"), 2);
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void conditionalRunsOnlyTheChosenAgentAsSubagent() {
		this.server.thenText("Once upon a time.");
		this.contextRunner.run((context) -> {
			UntypedAgent workflow = AgenticServices.conditionalBuilder()
				.name("router")
				.subAgents((scope) -> scope.hasState("topic"), writer())
				.subAgents((scope) -> !scope.hasState("topic"), editor())
				.output((scope) -> scope.readState("story"))
				.build();
			assertThat(workflow.invoke(Map.of("topic", "dragons"))).isEqualTo("Once upon a time.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent router", "invoke_agent Writer",
					"chat gpt-4o");
			assertAgentsAreSubagentsOf(spans, span(spans, "invoke_agent router"), 1);
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void nestedWorkflowsNestOnTheParallelThreads() {
		this.server.thenText("A.").thenText("B.").thenText("C.");
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			this.contextRunner.run((context) -> {
				UntypedAgent drafts = AgenticServices.parallelBuilder()
					.name("drafts")
					.subAgents(writer("first"), writer("second"))
					.executor(executor)
					.build();
				UntypedAgent workflow = AgenticServices.sequenceBuilder()
					.name("book")
					.subAgents(drafts, editor())
					.outputKey("story")
					.build();
				workflow.invoke(Map.of("topic", "dragons", "story", "draft"));
				List<SpanData> spans = this.exporter.getFinishedSpanItems();
				assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent book", "invoke_agent drafts",
						"invoke_agent Writer", "invoke_agent Writer", "invoke_agent Editor", "chat gpt-4o",
						"chat gpt-4o", "chat gpt-4o");
				SpanData book = span(spans, "invoke_agent book");
				SpanData draftsRun = span(spans, "invoke_agent drafts");
				assertThat(book).hasNoParent();
				assertThat(draftsRun).hasParent(book).hasAttribute(GenAiAttributes.AGENT_NESTED, true);
				assertThat(span(spans, "invoke_agent Editor")).hasParent(book);
				assertThat(spans.stream().filter((span) -> span.getName().equals("invoke_agent Writer"))).hasSize(2)
					.allSatisfy((writer) -> assertThat(writer).hasParent(draftsRun));
				assertThat(shape(tree(spans))).isEqualTo("""
						invoke_agent book  tokens 240 in / 36 out
						  invoke_agent drafts  tokens 160 in / 24 out
						    invoke_agent Writer  tokens 80 in / 12 out
						      chat gpt-4o  tokens 80 in / 12 out
						    invoke_agent Writer  tokens 80 in / 12 out
						      chat gpt-4o  tokens 80 in / 12 out
						  invoke_agent Editor  tokens 80 in / 12 out
						    chat gpt-4o  tokens 80 in / 12 out""");
				SemconvCheck.assertNoFindings(spans);
			});
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void theListenerAddedByHandTooTracesEachInvocationOnce() {
		this.server.thenText("Once upon a time.").thenText("ONCE UPON A TIME.");
		this.contextRunner.run((context) -> {
			UntypedAgent workflow = AgenticServices.sequenceBuilder()
				.name("storyteller")
				.subAgents(writer(), editor())
				.outputKey("story")
				.listener(AgentTracingAgentListener.of(context.getBean(AgentTracer.class)))
				.build();
			workflow.invoke(Map.of("topic", "dragons"));
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent storyteller", "invoke_agent Writer",
					"invoke_agent Editor", "chat gpt-4o", "chat gpt-4o");
			assertAgentsAreSubagentsOf(spans, span(spans, "invoke_agent storyteller"), 2);
		});
	}

	@Test
	void supervisorWithTheListenerIsOneRunWithItsPlannerAndAgentsAsSubagents() {
		this.server.thenText("{\"agentName\":\"write\",\"arguments\":{\"topic\":\"dragons\"}}")
			.thenText("Once upon a time.")
			.thenText("{\"agentName\":\"done\",\"arguments\":{\"response\":\"Once upon a time.\"}}");
		this.contextRunner.run((context) -> {
			SupervisorAgent supervisor = AgenticServices.supervisorBuilder()
				.name("editorInChief")
				.chatModel(model())
				.subAgents(writer())
				.responseStrategy(SupervisorResponseStrategy.LAST)
				.listener(AgentTracingAgentListener.of(context.getBean(AgentTracer.class)))
				.build();
			assertThat(supervisor.invoke("Write a story about dragons")).isEqualTo("Once upon a time.");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(names(spans)).containsExactlyInAnyOrder("invoke_agent editorInChief",
					"invoke_agent PlannerAgent", "invoke_agent PlannerAgent", "invoke_agent Writer", "chat gpt-4o",
					"chat gpt-4o", "chat gpt-4o");
			SpanData editorInChief = span(spans, "invoke_agent editorInChief");
			assertThat(editorInChief).hasNoParent();
			assertAgentsAreSubagentsOf(spans, editorInChief, 3);
			SemconvCheck.assertNoFindings(spans);
		});
	}

	@Test
	void withTracingOffWorkflowsAreUntouched() {
		this.server.thenText("Once upon a time.").thenText("ONCE UPON A TIME.");
		this.contextRunner.withPropertyValues("agent.tracing.enabled=false").run((context) -> {
			UntypedAgent workflow = AgenticServices.sequenceBuilder()
				.name("storyteller")
				.subAgents(writer(), editor())
				.outputKey("story")
				.build();
			assertThat(workflow.invoke(Map.of("topic", "dragons"))).isEqualTo("ONCE UPON A TIME.");
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		});
	}

	// Each agent run is a subagent of the workflow, and each chat a child of its agent
	// run.
	private static void assertAgentsAreSubagentsOf(List<SpanData> spans, SpanData workflow, int agents) {
		List<SpanData> runs = spans.stream()
			.filter((span) -> span.getName().startsWith("invoke_agent ") && span != workflow)
			.toList();
		assertThat(runs).hasSize(agents)
			.allSatisfy((run) -> assertThat(run).hasParent(workflow).hasAttribute(GenAiAttributes.AGENT_NESTED, true));
		List<SpanData> chats = spans.stream().filter((span) -> span.getName().startsWith("chat ")).toList();
		assertThat(chats).hasSize(agents)
			.allSatisfy((chat) -> assertThat(runs.stream().map(SpanData::getSpanId)).contains(chat.getParentSpanId()));
		assertThat(spans).allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(workflow.getTraceId()));
	}

	private Writer writer() {
		return writer("story");
	}

	private Writer writer(String outputKey) {
		return AgenticServices.agentBuilder(Writer.class).chatModel(model()).outputKey(outputKey).build();
	}

	private Editor editor() {
		return AgenticServices.agentBuilder(Editor.class).chatModel(model()).outputKey("story").build();
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
		@Agent(description = "Writes a story")
		String write(@V("topic") String topic);

	}

	public interface Editor {

		@UserMessage("Shout this story: {{story}}")
		@Agent(description = "Edits a story")
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
