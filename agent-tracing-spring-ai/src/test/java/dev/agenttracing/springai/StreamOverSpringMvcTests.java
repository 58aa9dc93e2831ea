package dev.agenttracing.springai;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code @AgentRun} stream returned from a Spring MVC controller over real HTTP:
 * Spring MVC subscribes to it later, with the request's observation in the Reactor
 * context. The ChatClient turn must still sit under the run, and the run count every
 * call.
 */
class StreamOverSpringMvcTests {

	private static ScriptedModelServer server;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() throws Exception {
		server = new ScriptedModelServer();
		context = new SpringApplicationBuilder(TravelApp.class, StreamController.class).web(WebApplicationType.SERVLET)
			.properties(SpringAiTracingIntegrationTests.properties(server))
			.properties("server.port=0", "server.address=127.0.0.1")
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

	@Test
	void streamedTurnSubscribedBySpringMvcNestsUnderTheRun() throws Exception {
		server.reply(OpenAiWire.streamToolCall("chatcmpl-5", "call_3", "get_weather", "{\"city\":\"Rome\"}", 40, 8))
			.reply(OpenAiWire.streamText("chatcmpl-6", List.of("Sunny ", "in Rome."), 60, 4));
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stream"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("Weather in Rome?"))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Sunny").contains("in Rome.");
		var exporter = context.getBean(TravelApp.CapturedSpans.class).exporter();
		await().until(() -> exporter.getFinishedSpanItems()
			.stream()
			.anyMatch((span) -> span.getName().equals("invoke_agent trip-streamer")));
		List<SpanData> spans = exporter.getFinishedSpanItems();
		String tree = SpanTree.render(spans);
		SpanData run = single(spans, "invoke_agent trip-streamer", tree);
		SpanData turn = single(spans, "spring_ai chat_client", tree);
		assertThat(turn.getParentSpanId()).as(tree).isEqualTo(run.getSpanId());
		List<SpanData> chats = spans.stream().filter((span) -> span.getName().equals("chat gpt-4o-mini")).toList();
		assertThat(chats).as(tree).hasSize(2).allSatisfy((chat) -> {
			SpanData stream = byId(spans, chat.getParentSpanId(), tree);
			assertThat(stream.getName()).as(tree).isEqualTo("stream");
			assertThat(ancestors(spans, chat)).as(tree).contains(turn.getSpanId());
		});
		SpanData tool = single(spans, "execute_tool get_weather", tree);
		assertThat(ancestors(spans, tool)).as(tree).contains(turn.getSpanId());
		assertThat(tool.getTraceId()).isEqualTo(run.getTraceId());
		assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).as(tree).isEqualTo(100L);
		assertThat(run.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).as(tree).isEqualTo(12L);
	}

	private static SpanData single(List<SpanData> spans, String name, String tree) {
		List<SpanData> matching = spans.stream().filter((span) -> span.getName().equals(name)).toList();
		assertThat(matching).as(tree).hasSize(1);
		return matching.get(0);
	}

	private static SpanData byId(List<SpanData> spans, String id, String tree) {
		return spans.stream().filter((span) -> span.getSpanId().equals(id)).findFirst().orElseThrow();
	}

	private static List<String> ancestors(List<SpanData> spans, SpanData span) {
		List<String> ids = new java.util.ArrayList<>();
		String parent = span.getParentSpanId();
		while (true) {
			String id = parent;
			SpanData next = spans.stream().filter((each) -> each.getSpanId().equals(id)).findFirst().orElse(null);
			if (next == null) {
				return ids;
			}
			ids.add(next.getSpanId());
			parent = next.getParentSpanId();
		}
	}

	@RestController
	static class StreamController {

		private final TravelApp.TravelAgent agent;

		StreamController(TravelApp.TravelAgent agent) {
			this.agent = agent;
		}

		@PostMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<String> stream(@RequestBody String question) {
			return this.agent.planStreaming(question);
		}

	}

}
