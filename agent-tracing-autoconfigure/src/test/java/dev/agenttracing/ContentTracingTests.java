package dev.agenttracing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.agenttracing.annotation.AgentRun;
import dev.agenttracing.annotation.LlmCall;
import dev.agenttracing.annotation.Tool;
import dev.agenttracing.autoconfigure.AgentTracingAutoConfiguration;
import dev.agenttracing.redact.PiiCorpus;
import dev.agenttracing.semconv.GenAiAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content recording and redaction on exported spans, through real AOP proxies and a real
 * OpenTelemetry SDK.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContentTracingTests {

	private static final String PII = String.join(" | ", PiiCorpus.SENSITIVE) + "\n" + PiiCorpus.PROSE;

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final JsonMapper json = new JsonMapper();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, AgentTracingAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry)
		.withUserConfiguration(Beans.class);

	@AfterEach
	void close() {
		this.openTelemetry.close();
	}

	@Test
	void withContentOffNoSensitiveValueReachesAnyAttributeEventOrStatus(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			context.getBean(SupportAgent.class).answer(PII);
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans).extracting(SpanData::getName)
				.contains("invoke_agent support", "execute_tool lookup_customer", "chat gpt-4o");
			String everything = exported(spans);
			for (String value : PiiCorpus.SENSITIVE) {
				assertThat(everything).doesNotContain(value);
			}
			for (String value : PiiCorpus.CONTEXTUAL) {
				assertThat(everything).doesNotContain(value);
			}
			// The exception's message is there, redacted.
			assertThat(everything).contains("No customer for [REDACTED:email]");
			for (SpanData span : spans) {
				assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
				assertThat(span.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();
				assertThat(span.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).isNull();
			}
		});
		assertThat(output).doesNotContain("Content recording is on");
	}

	@Test
	void withContentOnEverySpanCarriesRedactedContentInTheConventionsShapes(CapturedOutput output) {
		this.contextRunner.withPropertyValues("agent.tracing.content.enabled=true").run((context) -> {
			context.getBean(SupportAgent.class).answer("Hi, I am jane.doe@example.com, order ORD-2024-000123");
			String everything = exported(this.exporter.getFinishedSpanItems());
			assertThat(everything).doesNotContain("jane.doe@example.com").contains("ORD-2024-000123");

			SpanData agent = span("invoke_agent support");
			JsonNode input = this.json.readTree(agent.getAttributes().get(GenAiAttributes.INPUT_MESSAGES));
			assertThat(input.get(0).get("role").asString()).isEqualTo("user");
			assertThat(input.get(0).get("parts").get(0).get("type").asString()).isEqualTo("text");
			assertThat(input.get(0).get("parts").get(0).get("content").asString())
				.isEqualTo("Hi, I am [REDACTED:email], order ORD-2024-000123");
			JsonNode agentOutput = this.json.readTree(agent.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES));
			assertThat(agentOutput.get(0).get("role").asString()).isEqualTo("assistant");
			assertThat(agentOutput.get(0).get("finish_reason").asString()).isEqualTo("stop");

			SpanData tool = span("execute_tool lookup_customer");
			assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS))
				.isEqualTo("{\"email\":\"[REDACTED:email]\",\"apiKey\":\"[REDACTED:apikey]\"}");
			assertThat(tool.getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT)).isNull();

			SpanData chat = span("chat gpt-4o");
			assertThat(chat.getAttributes().get(GenAiAttributes.SYSTEM_INSTRUCTIONS))
				.isEqualTo("[{\"type\":\"text\",\"content\":\"You help customers. Escalate to [REDACTED:email].\"}]");
			JsonNode llmInput = this.json.readTree(chat.getAttributes().get(GenAiAttributes.INPUT_MESSAGES));
			assertThat(llmInput.get(0).get("role").asString()).isEqualTo("user");
			assertThat(chat.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isEqualTo(
					"[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Mail [REDACTED:email]\"}],"
							+ "\"finish_reason\":\"stop\"}]");
		});
		assertThat(output).contains("Content recording is on (agent.tracing.content.enabled=true)",
				"Redaction in force: mode mask");
	}

	@Test
	void toolResultIsRecordedOnSuccess() {
		this.contextRunner.withPropertyValues("agent.tracing.content.enabled=true").run((context) -> {
			context.getBean(CustomerTools.class).lookupCustomer("known@example.com", "k");
			assertThat(span("execute_tool lookup_customer").getAttributes().get(GenAiAttributes.TOOL_CALL_RESULT))
				.isEqualTo("{\"id\":42,\"phone\":\"[REDACTED:phone]\"}");
		});
	}

	@Test
	void anAgentWithContentOffStaysDarkWithItsToolsAndLlmCalls() {
		this.contextRunner.withPropertyValues("agent.tracing.content.enabled=true").run((context) -> {
			context.getBean(SensitiveAgent.class).answer("secret plans");
			for (SpanData span : this.exporter.getFinishedSpanItems()) {
				assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES)).isNull();
				assertThat(span.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull();
				assertThat(span.getAttributes().get(GenAiAttributes.TOOL_CALL_ARGUMENTS)).isNull();
			}
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(3);
		});
	}

	@Test
	void hashModeCorrelatesEqualValuesAcrossSpans() {
		this.contextRunner
			.withPropertyValues("agent.tracing.content.enabled=true", "agent.tracing.content.redaction.mode=hash",
					"agent.tracing.content.redaction.hash-key=0123456789abcdef-test-key")
			.run((context) -> {
				context.getBean(SupportAgent.class).answer("I am jane.doe@example.com");
				String agentInput = span("invoke_agent support").getAttributes().get(GenAiAttributes.INPUT_MESSAGES);
				String toolArguments = span("execute_tool lookup_customer").getAttributes()
					.get(GenAiAttributes.TOOL_CALL_ARGUMENTS);
				String hash = agentInput.replaceAll(".*\\[REDACTED:email:([0-9a-f]{16})].*", "$1");
				assertThat(hash).hasSize(16);
				assertThat(toolArguments).contains("[REDACTED:email:" + hash + "]");
				assertThat(agentInput + toolArguments).doesNotContain("jane.doe");
			});
	}

	private SpanData span(String name) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

	// Every attribute, event attribute and status description of the exported spans.
	private static String exported(List<SpanData> spans) {
		List<String> texts = new ArrayList<>();
		for (SpanData span : spans) {
			texts.add(span.getName());
			texts.add(span.getStatus().getDescription());
			texts.add(values(span.getAttributes()));
			for (EventData event : span.getEvents()) {
				texts.add(event.getName());
				texts.add(values(event.getAttributes()));
			}
		}
		return String.join("\n", texts);
	}

	private static String values(Attributes attributes) {
		StringBuilder out = new StringBuilder();
		attributes.forEach((key, value) -> out.append(key.getKey()).append('=').append(value).append('\n'));
		return out.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		CustomerTools customerTools() {
			return new CustomerTools();
		}

		@Bean
		SupportLlm supportLlm() {
			return new SupportLlm();
		}

		@Bean
		SupportAgent supportAgent(CustomerTools tools, SupportLlm llm) {
			return new SupportAgent(tools, llm);
		}

		@Bean
		SensitiveAgent sensitiveAgent(CustomerTools tools, SupportLlm llm) {
			return new SensitiveAgent(tools, llm);
		}

	}

	static class SupportAgent {

		private final CustomerTools tools;

		private final SupportLlm llm;

		SupportAgent(CustomerTools tools, SupportLlm llm) {
			this.tools = tools;
			this.llm = llm;
		}

		@AgentRun(name = "support")
		public String answer(String question) {
			try {
				this.tools.lookupCustomer(question.contains("jane") ? "jane.doe@example.com" : question,
						"sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789");
			}
			catch (IllegalStateException ex) {
				// the agent goes on without the customer
			}
			return this.llm.chat("You help customers. Escalate to boss@example.com.",
					List.of(Map.of("role", "user", "content", question)));
		}

	}

	static class SensitiveAgent {

		private final CustomerTools tools;

		private final SupportLlm llm;

		SensitiveAgent(CustomerTools tools, SupportLlm llm) {
			this.tools = tools;
			this.llm = llm;
		}

		@AgentRun(name = "sensitive", content = ContentRecording.OFF)
		public String answer(String question) {
			this.tools.lookupCustomer("known@example.com", "k");
			return this.llm.chat("system", List.of(Map.of("role", "user", "content", question)));
		}

	}

	static class CustomerTools {

		@Tool(name = "lookup_customer")
		public Map<String, Object> lookupCustomer(String email, String apiKey) {
			if (!email.startsWith("known")) {
				throw new IllegalStateException("No customer for " + email + " (key " + apiKey + ")");
			}
			// Ordered, so the recorded JSON has a stable key order.
			Map<String, Object> customer = new java.util.LinkedHashMap<>();
			customer.put("id", 42);
			customer.put("phone", "+49 30 1234567");
			return customer;
		}

	}

	static class SupportLlm {

		@LlmCall(provider = "openai", model = "gpt-4o")
		public String chat(String systemPrompt, List<Map<String, String>> messages) {
			return "Mail " + "support@example.com";
		}

	}

}
