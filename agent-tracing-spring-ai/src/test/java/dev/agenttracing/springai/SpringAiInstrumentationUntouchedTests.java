package dev.agenttracing.springai;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.agenttracing.semconv.GenAiAttributes;
import dev.agenttracing.springai.TravelApp.TravelAgent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code agent.tracing.spring-ai.enabled=false}, Spring AI's own instrumentation is
 * back as it is without agent-tracing: its chat and tool spans, its token counter.
 */
class SpringAiInstrumentationUntouchedTests {

	private static ScriptedModelServer server;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() throws Exception {
		server = new ScriptedModelServer();
		List<String> properties = new java.util.ArrayList<>(
				List.of(SpringAiTracingIntegrationTests.properties(server)));
		properties.add("agent.tracing.spring-ai.enabled=false");
		context = new SpringApplicationBuilder(TravelApp.class).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
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
	void springAisOwnSpansAndCounterAreBack() {
		spans().reset();
		server.reply(OpenAiWire.toolCall("chatcmpl-1", "call_1", "get_weather", "{\"city\":\"Paris\"}", 50, 10, 0))
			.reply(OpenAiWire.text("chatcmpl-2", "Sunny in Paris.", 70, 5));

		assertThat(context.getBean(TravelAgent.class).plan("Weather in Paris?")).isEqualTo("Sunny in Paris.");

		List<SpanData> spans = spans().getFinishedSpanItems();
		List<SpanData> chats = SpringAiTracingIntegrationTests.named(spans, "chat gpt-4o-mini");
		assertThat(chats).as(SpanTree.render(spans)).hasSize(2).allSatisfy((chat) -> {
			assertThat(chat.getInstrumentationScopeInfo().getName())
				.isNotEqualTo(GenAiAttributes.INSTRUMENTATION_SCOPE);
			assertThat(chat.getKind()).isEqualTo(SpanKind.INTERNAL);
		});
		assertThat(SpringAiTracingIntegrationTests.ours(spans)).extracting(SpanData::getName)
			.containsExactly("invoke_agent trip-planner");
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		assertThat(registry.find("gen_ai.client.token.usage").meters()).isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter).isInstanceOf(Counter.class));
	}

}
