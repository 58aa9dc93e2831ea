package dev.agenttracing.springai;

import java.util.List;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.springai.TravelApp.TravelAgent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code ChatClient} of Spring AI's OpenAI starter, over real HTTP, against an
 * OpenAI-compatible server on 127.0.0.1.
 */
class SpringAiTracingIntegrationTests {

	private static ScriptedModelServer server;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() throws Exception {
		server = new ScriptedModelServer();
		context = new SpringApplicationBuilder(TravelApp.class).web(WebApplicationType.NONE)
			.properties("spring.ai.model.chat=openai", "spring.ai.openai.base-url=" + server.baseUrl() + "/v1", "spring.ai.openai.api-key=test-key",
					"spring.ai.openai.chat.model=gpt-4o-mini", "spring.ai.openai.chat.temperature=0.2",
					"spring.ai.openai.chat.options.max-retries=0", "spring.ai.openai.max-retries=0",
					"management.tracing.sampling.probability=1.0", "agent.tracing.content.enabled=true")
			.run();
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
		TravelApp.spans.reset();
	}

	@Test
	void smoke() {
		server.reply(OpenAiWire.toolCall("chatcmpl-1", "call_1", "get_weather", "{\"city\":\"Paris\"}", 50, 10, 20))
			.reply(OpenAiWire.text("chatcmpl-2", "Sunny in Paris.", 70, 5));
		String answer = context.getBean(TravelAgent.class).plan("Weather in Paris?");
		assertThat(answer).isEqualTo("Sunny in Paris.");
		List<SpanData> spans = TravelApp.spans.getFinishedSpanItems();
		System.out.println(SpanTree.render(spans));
		for (SpanData span : spans) {
			System.out.println(span.getName() + " " + span.getAttributes());
		}
		server.reply(OpenAiWire.streamToolCall("chatcmpl-3", "call_2", "get_weather", "{\"city\":\"Rome\"}", 40, 8))
			.reply(OpenAiWire.streamText("chatcmpl-4", List.of("Sunny ", "in Rome."), 60, 4));
		TravelApp.spans.reset();
		List<String> pieces = context.getBean(TravelAgent.class).planStreaming("Weather in Rome?").collectList().block();
		System.out.println(pieces);
		org.awaitility.Awaitility.await().until(() -> TravelApp.spans.getFinishedSpanItems().stream().anyMatch((s) -> s.getName().startsWith("invoke_agent")));
		spans = TravelApp.spans.getFinishedSpanItems();
		System.out.println(SpanTree.render(spans));
		for (SpanData span : spans) {
			System.out.println(span.getName() + " " + span.getAttributes());
		}
		System.out.println(server.requests());
	}

}
