package dev.agenttracing;

import java.util.List;

import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.agenttracing.RunContextAgents.SupportRequest;
import dev.agenttracing.semconv.GenAiAttributes;

import static dev.agenttracing.RunContextTestSupport.agent;
import static dev.agenttracing.RunContextTestSupport.request;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ids of an {@link AgentContext} and of {@code @AgentRun(conversationId)} on the
 * run's span and on every span inside it, which one wins, and their redaction, on Boot's
 * own SDK.
 */
class RunContextAttributesTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = RunContextTestSupport.contextRunner(this.exporter);

	@Test
	void invokeAgentSpanCarriesTheWholeContextAndEverySpanInsideTheIds() {
		this.contextRunner.run((context) -> {
			try (Scope scope = AgentContext.builder()
				.userId("user-7")
				.sessionId("session-3")
				.tag("beta", "web")
				.metadata("tier", "gold")
				.makeCurrent()) {
				assertThat(agent(context).answer(request("user-7", "thread-9"))).isEqualTo("Your order shipped.");
			}
			SpanData run = span("invoke_agent support");
			assertThat(run).hasAttribute(GenAiAttributes.USER_ID, "user-7")
				.hasAttribute(GenAiAttributes.SESSION_ID, "session-3")
				.hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-9")
				.hasAttribute(GenAiAttributes.TAGS, List.of("beta", "web"))
				.hasAttribute(GenAiAttributes.metadata("tier"), "gold");
			for (String name : List.of("execute_tool lookup_order", "chat gpt-4o", "http get")) {
				SpanData inner = span(name);
				assertThat(inner).hasTraceId(run.getTraceId())
					.hasAttribute(GenAiAttributes.USER_ID, "user-7")
					.hasAttribute(GenAiAttributes.SESSION_ID, "session-3")
					.hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-9");
				assertThat(inner.getAttributes().get(GenAiAttributes.TAGS)).isNull();
				assertThat(inner.getAttributes().get(GenAiAttributes.metadata("tier"))).isNull();
			}
			assertThat(span("http get").getParentSpanId()).isEqualTo(span("execute_tool lookup_order").getSpanId());
		});
	}

	@Test
	void conversationIdComesFromTheExpressionWithoutAnyAgentContext() {
		this.contextRunner.run((context) -> {
			agent(context).answer(request("u", "thread-1"));
			agent(context).answerByPosition(request("u", "thread-2"));
			agent(context).answerByPosition(new SupportRequest("u", null, "q"));
			assertThat(span("invoke_agent support")).hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-1");
			assertThat(span("chat gpt-4o")).hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-1");
			List<SpanData> byPosition = spans("invoke_agent support-by-position");
			assertThat(byPosition.get(0)).hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread-2");
			assertThat(byPosition.get(1).getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isNull();
			assertThat(span("invoke_agent support").getAttributes().get(GenAiAttributes.USER_ID)).isNull();
		});
	}

	@Test
	void expressionFailingAtRunTimeLeavesTheCallAlone() {
		this.contextRunner.run((context) -> {
			assertThat(agent(context).answerUnsafe(new SupportRequest("u", null, "q"))).isEqualTo("still answered");
			SpanData run = span("invoke_agent support-unsafe");
			assertThat(run.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isNull();
		});
	}

	@Test
	void enclosingConversationIdWinsOverTheExpression() {
		this.contextRunner.run((context) -> {
			try (Scope scope = AgentContext.builder().conversationId("outer").makeCurrent()) {
				agent(context).answer(request("u", "inner"));
			}
			assertThat(span("invoke_agent support")).hasAttribute(GenAiAttributes.CONVERSATION_ID, "outer");
			assertThat(span("execute_tool lookup_order")).hasAttribute(GenAiAttributes.CONVERSATION_ID, "outer");
		});
	}

	@Test
	void valuesAreRedactedBeforeTheyReachSpans() {
		this.contextRunner.run((context) -> {
			try (Scope scope = AgentContext.builder()
				.userId("jane.doe@example.com")
				.tag("card 4111 1111 1111 1111")
				.metadata("contact", "call jane.doe@example.com")
				.makeCurrent()) {
				agent(context).triage("where is my order?");
			}
			for (SpanData span : this.exporter.getFinishedSpanItems()) {
				assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("jane.doe@example.com")
					.doesNotContain("4111 1111 1111 1111");
			}
			SpanData run = span("invoke_agent triage");
			assertThat(run.getAttributes().get(GenAiAttributes.USER_ID)).contains("REDACTED");
			assertThat(span("execute_tool lookup_order").getAttributes().get(GenAiAttributes.USER_ID))
				.isEqualTo(run.getAttributes().get(GenAiAttributes.USER_ID));
			assertThat(run.getAttributes().get(GenAiAttributes.TAGS)).singleElement().asString().contains("REDACTED");
			assertThat(run.getAttributes().get(GenAiAttributes.metadata("contact"))).contains("REDACTED");
		});
	}

	private SpanData span(String name) {
		return RunContextTestSupport.span(this.exporter, name);
	}

	private List<SpanData> spans(String name) {
		return RunContextTestSupport.spans(this.exporter, name);
	}

}
