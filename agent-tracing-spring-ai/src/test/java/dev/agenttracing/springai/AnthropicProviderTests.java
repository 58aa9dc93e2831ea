package dev.agenttracing.springai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.springai.ScriptedModelServer.Reply;
import dev.agenttracing.springai.TravelApp.TravelAgent;
import dev.agenttracing.testsupport.SemconvCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI's Anthropic starter against a server speaking Anthropic's Messages API on
 * 127.0.0.1: a second provider, mapped to the conventions' {@code anthropic}, with its
 * cache token counts and its stop reason in the conventions' value.
 */
class AnthropicProviderTests {

	private static ScriptedModelServer server;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() throws Exception {
		server = new ScriptedModelServer();
		context = new SpringApplicationBuilder(TravelApp.class).web(WebApplicationType.NONE)
			.properties("spring.ai.model.chat=anthropic", "spring.ai.anthropic.base-url=" + server.baseUrl(),
					"spring.ai.anthropic.api-key=test-key", "spring.ai.openai.api-key=unused",
					"spring.ai.anthropic.chat.model=claude-sonnet-4-5", "spring.ai.anthropic.chat.top-k=40",
					"spring.ai.anthropic.chat.max-tokens=300", "spring.ai.anthropic.max-retries=0",
					"management.tracing.sampling.probability=1.0", "management.otlp.metrics.export.enabled=false")
			.run();
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

	@Test
	void anthropicCallIsAChatSpanOfProviderAnthropic() {
		spans().reset();
		server.reply(message("msg_01", "Sunny in Paris.", "end_turn", 25, 4, 10, 5));

		assertThat(context.getBean(TravelAgent.class).ask("Weather in Paris?")).isEqualTo("Sunny in Paris.");

		assertThat(server.paths()).containsExactly("/v1/messages");
		List<SpanData> spans = spans().getFinishedSpanItems();
		SpanData chat = SpringAiTracingIntegrationTests.single(spans, "chat claude-sonnet-4-5");
		assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(chat.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("anthropic");
		assertThat(chat.getAttributes().get(GenAiAttributes.RESPONSE_MODEL)).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(chat.getAttributes().get(GenAiAttributes.RESPONSE_ID)).isEqualTo("msg_01");
		assertThat(chat.getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS)).containsExactly("stop");
		assertThat(chat.getAttributes().get(GenAiAttributes.REQUEST_TOP_K)).isEqualTo(40.0);
		assertThat(chat.getAttributes().get(GenAiAttributes.REQUEST_MAX_TOKENS)).isEqualTo(300L);
		assertThat(chat.getAttributes().get(GenAiAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
		assertThat(chat.getAttributes().get(GenAiAttributes.SERVER_PORT)).isEqualTo((long) server.port());
		assertThat(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(4L);
		assertThat(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")))
			.isEqualTo(10L);
		assertThat(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens")))
			.isEqualTo(5L);
		assertThat(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNotNull();
		SemconvCheck.assertNoFindings(SpringAiTracingIntegrationTests.ours(spans));
	}

	private static Reply message(String id, String text, String stopReason, int input, int output, int cacheRead,
			int cacheCreation) {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("input_tokens", input);
		usage.put("output_tokens", output);
		usage.put("cache_read_input_tokens", cacheRead);
		usage.put("cache_creation_input_tokens", cacheCreation);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("type", "message");
		body.put("role", "assistant");
		body.put("model", "claude-sonnet-4-5-20250929");
		body.put("content", List.of(Map.of("type", "text", "text", text)));
		body.put("stop_reason", stopReason);
		body.put("stop_sequence", null);
		body.put("usage", usage);
		return Reply.json(200, ScriptedModelServer.toJson(body));
	}

}
